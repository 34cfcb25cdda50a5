package dev.annotator.core.span;

import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps an annotator's answers ({@link SpanAnswer}: a surface string and a type, no offsets) back onto
 * the text as {@link Span}s, as LLMAAA does for LLM NER answers. Immutable and thread-safe.
 *
 * <p>The rules, in order:
 * <ol>
 *   <li>The answer's span text and type are stripped of surrounding whitespace; a blank one is
 *       dropped ({@link SpanAlignment.Reason#BLANK}).
 *   <li>The type must be an entity type of the task; a type that differs only in case from exactly
 *       one entity type is taken as that type. Other types are dropped
 *       ({@link SpanAlignment.Reason#UNKNOWN_TYPE}).
 *   <li>A repeat of an earlier (span text, type) pair is dropped
 *       ({@link SpanAlignment.Reason#DUPLICATE}): the first already placed every occurrence.
 *   <li>Answers are placed longest span text first (ties in answer order). Each is matched exactly
 *       (case-sensitive) at <em>every</em> occurrence in the text, left to right; an occurrence
 *       that overlaps a span already placed is skipped. So "New York City" wins over "New York",
 *       and "York" elsewhere in the text is still found.
 *   <li>By default ({@link Builder#wholeWords(boolean) wholeWords(true)}) an occurrence must not
 *       start or end inside a word: "Ann" is not found in "Annual". Turn this off for scripts
 *       written without spaces (Chinese, Japanese, Thai).
 *   <li>An answer that placed no span is reported: {@link SpanAlignment.Reason#NOT_FOUND},
 *       {@link SpanAlignment.Reason#INSIDE_WORD} or {@link SpanAlignment.Reason#OVERLAPS}.
 * </ol>
 *
 * <p>The result never has overlapping spans, so it is a valid {@link SpanExample} and encodes to
 * BIO tags without loss of meaning.
 */
public final class SpanAligner {
    private static final Comparator<Candidate> LONGEST_FIRST = Comparator
            .comparingInt((Candidate c) -> -c.text.length()).thenComparingInt(c -> c.order);

    private final Task task;
    private final boolean wholeWords;
    private final Map<String, String> typesIgnoringCase;

    private SpanAligner(Builder b) {
        this.task = b.task;
        this.wholeWords = b.wholeWords;
        Map<String, String> byLower = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (String l : task.labelNames()) {
            String key = l.toLowerCase(Locale.ROOT);
            if (byLower.putIfAbsent(key, l) != null) {
                ambiguous.add(key);
            }
        }
        ambiguous.forEach(byLower::remove);
        this.typesIgnoringCase = Map.copyOf(byLower);
    }

    /**
     * An aligner with default settings (whole words required).
     *
     * @param task a span task
     * @return the aligner
     * @throws IllegalArgumentException when the task is not a span task
     */
    public static SpanAligner of(Task task) {
        return builder(task).build();
    }

    /**
     * Starts an aligner.
     *
     * @param task a span task whose labels are the entity types
     * @return a builder
     * @throws IllegalArgumentException when the task is not a span task
     */
    public static Builder builder(Task task) {
        return new Builder(SpanDataset.requireSpanTask(task, "SpanAligner"));
    }

    /** @return the task whose entity types answers must name */
    public Task task() {
        return task;
    }

    /**
     * Places answers on a text.
     *
     * @param text the text the answers are about
     * @param answers the annotator's answers, in the order given
     * @return the placed spans and the dropped answers with reasons
     */
    public SpanAlignment align(String text, List<SpanAnswer> answers) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(answers, "answers");
        List<SpanAlignment.Dropped> dropped = new ArrayList<>();
        SpanAlignment.Reason[] reasons = new SpanAlignment.Reason[answers.size()];
        List<Candidate> candidates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < answers.size(); i++) {
            SpanAnswer a = Objects.requireNonNull(answers.get(i), "answer");
            String s = a.span().strip();
            String t = a.type().strip();
            if (s.isEmpty() || t.isEmpty()) {
                reasons[i] = SpanAlignment.Reason.BLANK;
                continue;
            }
            String type = task.hasLabel(t) ? t : typesIgnoringCase.get(t.toLowerCase(Locale.ROOT));
            if (type == null) {
                reasons[i] = SpanAlignment.Reason.UNKNOWN_TYPE;
                continue;
            }
            if (!seen.add(type + '\u0000' + s)) {
                reasons[i] = SpanAlignment.Reason.DUPLICATE;
                continue;
            }
            candidates.add(new Candidate(s, type, i));
        }
        candidates.sort(LONGEST_FIRST);
        TreeSet<Span> placed = new TreeSet<>(Span.ORDER);
        for (Candidate c : candidates) {
            boolean found = false;
            boolean wholeWordFound = false;
            boolean any = false;
            for (int at = text.indexOf(c.text); at >= 0; at = text.indexOf(c.text, at + 1)) {
                found = true;
                int end = at + c.text.length();
                if (wholeWords && (cutsWord(text, at) || cutsWord(text, end))) {
                    continue;
                }
                wholeWordFound = true;
                Span span = new Span(at, end, c.type);
                if (!overlapsAny(placed, span)) {
                    placed.add(span);
                    any = true;
                }
            }
            if (!any) {
                reasons[c.order] = !found ? SpanAlignment.Reason.NOT_FOUND
                        : !wholeWordFound ? SpanAlignment.Reason.INSIDE_WORD : SpanAlignment.Reason.OVERLAPS;
            }
        }
        for (int i = 0; i < reasons.length; i++) {
            if (reasons[i] != null) {
                dropped.add(new SpanAlignment.Dropped(answers.get(i), reasons[i]));
            }
        }
        return new SpanAlignment(new ArrayList<>(placed), dropped);
    }

    private static boolean overlapsAny(TreeSet<Span> placed, Span span) {
        // placed spans do not overlap one another, so only the neighbours by start can overlap
        Span before = placed.floor(span);
        Span after = placed.ceiling(span);
        return before != null && before.overlaps(span) || after != null && after.overlaps(span);
    }

    /** True when position {@code i} lies between two word characters. */
    private static boolean cutsWord(String text, int i) {
        if (i <= 0 || i >= text.length()) {
            return false;
        }
        return isWordChar(text.codePointBefore(i)) && isWordChar(text.codePointAt(i));
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
    }

    private static final class Candidate {
        final String text;
        final String type;
        final int order;

        Candidate(String text, String type, int order) {
            this.text = text;
            this.type = type;
            this.order = order;
        }
    }

    /** Builder for {@link SpanAligner}; not thread-safe. */
    public static final class Builder {
        private final Task task;
        private boolean wholeWords = true;

        private Builder(Task task) {
            this.task = task;
        }

        /**
         * @param wholeWords true (default) to ignore occurrences that start or end inside a word;
         *     false for scripts written without spaces
         * @return this builder
         */
        public Builder wholeWords(boolean wholeWords) {
            this.wholeWords = wholeWords;
            return this;
        }

        /** @return the aligner */
        public SpanAligner build() {
            return new SpanAligner(this);
        }
    }
}
