package dev.annotator.core.programs;

import java.util.List;
import java.util.Objects;

/**
 * A test on a text, the {@code when} of a {@link Rule}. In JSON every condition is an object with
 * exactly one key naming its kind ({@code keywords}, {@code lexicon}, {@code moreThan},
 * {@code regex}, {@code feature}, {@code all}, {@code any}, {@code not}); see
 * {@code program.schema.json}. Values are plain data: they are checked when a
 * {@link LabelingProgram} is built and interpreted when it is applied.
 *
 * <p>Term matching ({@code keywords}, {@code lexicon}, {@code moreThan}): with {@code wholeWord}
 * (the default) text and terms are split into tokens (a run of letters, digits and underscores,
 * with inner apostrophes, or one other non-space character) and a term matches where its tokens
 * appear consecutively, whatever the whitespace between them; without it a term matches any
 * substring. Matching ignores case unless {@code caseSensitive}.
 */
public sealed interface Condition permits Condition.Keywords, Condition.Lexicon, Condition.MoreThan, Condition.Regex,
        Condition.Feature, Condition.All, Condition.Any, Condition.Not {

    /**
     * True when any of the terms occurs.
     *
     * @param terms words or phrases; non-empty
     * @param caseSensitive whether case must match (default false)
     * @param wholeWord whether terms match whole tokens only (default true)
     */
    record Keywords(List<String> terms, boolean caseSensitive, boolean wholeWord) implements Condition {
        /**
         * Copies the terms.
         *
         * @param terms words or phrases; non-empty
         * @param caseSensitive whether case must match (default false)
         * @param wholeWord whether terms match whole tokens only (default true)
         */
        public Keywords {
            terms = List.copyOf(terms);
        }
    }

    /**
     * True when the number of occurrences of the terms is within [{@code min}, {@code max}].
     *
     * @param terms words or phrases; non-empty
     * @param min the fewest occurrences; at least 0
     * @param max the most occurrences; {@link Integer#MAX_VALUE} when unbounded
     * @param distinct whether to count distinct terms found rather than all occurrences
     * @param caseSensitive whether case must match (default false)
     * @param wholeWord whether terms match whole tokens only (default true)
     */
    record Lexicon(List<String> terms, int min, int max, boolean distinct, boolean caseSensitive, boolean wholeWord)
            implements Condition {
        /**
         * Copies the terms.
         *
         * @param terms words or phrases; non-empty
         * @param min the fewest occurrences; at least 0
         * @param max the most occurrences; {@link Integer#MAX_VALUE} when unbounded
         * @param distinct whether to count distinct terms found rather than all occurrences
         * @param caseSensitive whether case must match (default false)
         * @param wholeWord whether terms match whole tokens only (default true)
         */
        public Lexicon {
            terms = List.copyOf(terms);
        }
    }

    /**
     * True when the terms occur at least {@code margin} times more often than the {@code than} terms,
     * e.g. more positive than negative words.
     *
     * @param terms the terms counted for; non-empty
     * @param than the terms counted against; non-empty
     * @param margin how many more occurrences are needed; at least 1
     * @param caseSensitive whether case must match (default false)
     * @param wholeWord whether terms match whole tokens only (default true)
     */
    record MoreThan(List<String> terms, List<String> than, int margin, boolean caseSensitive, boolean wholeWord)
            implements Condition {
        /**
         * Copies the terms.
         *
         * @param terms the terms counted for; non-empty
         * @param than the terms counted against; non-empty
         * @param margin how many more occurrences are needed; at least 1
         * @param caseSensitive whether case must match (default false)
         * @param wholeWord whether terms match whole tokens only (default true)
         */
        public MoreThan {
            terms = List.copyOf(terms);
            than = List.copyOf(than);
        }
    }

    /**
     * True when a Java regular expression is found anywhere in the text. Evaluated under a step and
     * time budget ({@link ProgramLimits}); a text that exhausts it makes the program abstain.
     *
     * @param pattern the regular expression ({@link java.util.regex.Pattern} syntax)
     * @param caseSensitive whether case must match (default false)
     */
    record Regex(String pattern, boolean caseSensitive) implements Condition {
        /**
         * Checks for null.
         *
         * @param pattern the regular expression
         * @param caseSensitive whether case must match (default false)
         */
        public Regex {
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /**
     * True when a numeric feature of the text is within [{@code min}, {@code max}].
     *
     * @param feature the feature
     * @param min the lowest value; {@link Double#NEGATIVE_INFINITY} when unbounded
     * @param max the highest value; {@link Double#POSITIVE_INFINITY} when unbounded
     */
    record Feature(TextFeature feature, double min, double max) implements Condition {
        /**
         * Checks for null.
         *
         * @param feature the feature
         * @param min the lowest value; {@link Double#NEGATIVE_INFINITY} when unbounded
         * @param max the highest value; {@link Double#POSITIVE_INFINITY} when unbounded
         */
        public Feature {
            Objects.requireNonNull(feature, "feature");
        }
    }

    /**
     * True when every condition is.
     *
     * @param conditions the conditions; non-empty
     */
    record All(List<Condition> conditions) implements Condition {
        /**
         * Copies the conditions.
         *
         * @param conditions the conditions; non-empty
         */
        public All {
            conditions = List.copyOf(conditions);
        }
    }

    /**
     * True when at least one condition is.
     *
     * @param conditions the conditions; non-empty
     */
    record Any(List<Condition> conditions) implements Condition {
        /**
         * Copies the conditions.
         *
         * @param conditions the conditions; non-empty
         */
        public Any {
            conditions = List.copyOf(conditions);
        }
    }

    /**
     * True when the condition is false.
     *
     * @param condition the negated condition
     */
    record Not(Condition condition) implements Condition {
        /**
         * Checks for null.
         *
         * @param condition the negated condition
         */
        public Not {
            Objects.requireNonNull(condition, "condition");
        }
    }
}
