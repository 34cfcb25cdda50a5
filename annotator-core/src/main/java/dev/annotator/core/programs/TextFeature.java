package dev.annotator.core.programs;

import java.util.Optional;

/** A number computed from a text, tested by a {@link Condition.Feature}. */
public enum TextFeature {
    /** Number of characters. */
    LENGTH("length"),
    /** Number of word tokens (runs of letters, digits and underscores). */
    WORDS("words"),
    /** Number of URLs ({@code http://}, {@code https://} or {@code www.}). */
    URLS("urls"),
    /** Number of e-mail addresses. */
    EMAILS("emails"),
    /** Number of numbers (digit runs, with inner {@code .} or {@code ,}). */
    NUMBERS("numbers"),
    /** Number of money amounts: a currency sign next to a number, or a number followed by a currency word or code. */
    CURRENCY("currency"),
    /** Number of exclamation marks. */
    EXCLAMATIONS("exclamations"),
    /** Upper-case letters divided by letters, in [0, 1]; 0 without letters. */
    UPPERCASE_RATIO("uppercaseRatio"),
    /** Digits divided by non-whitespace characters, in [0, 1]; 0 for an empty text. */
    DIGIT_RATIO("digitRatio"),
    /** Upper-case words (two letters or more, all upper case) divided by words, in [0, 1]. */
    UPPERCASE_WORD_RATIO("uppercaseWordRatio");

    private final String jsonName;

    TextFeature(String jsonName) {
        this.jsonName = jsonName;
    }

    /** @return the name used in program JSON, e.g. {@code uppercaseRatio} */
    public String jsonName() {
        return jsonName;
    }

    /** @return true for features that are ratios in [0, 1] */
    public boolean isRatio() {
        return jsonName.endsWith("Ratio");
    }

    /**
     * @param jsonName a name as used in program JSON
     * @return the feature, or empty when there is none of that name
     */
    public static Optional<TextFeature> fromJsonName(String jsonName) {
        for (TextFeature f : values()) {
            if (f.jsonName.equals(jsonName)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return jsonName;
    }
}
