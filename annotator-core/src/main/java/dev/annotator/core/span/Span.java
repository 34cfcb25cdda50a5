package dev.annotator.core.span;

import java.util.Comparator;
import java.util.Objects;

/**
 * A typed stretch of a text: characters {@code [start, end)}, counted as Java {@code char}s (UTF-16
 * code units, the indices of {@link String#substring(int, int)}).
 *
 * <p>Spans order by start, then end, then type ({@link #ORDER}). A span knows nothing of its text;
 * {@link #requireWithin(String)} checks it against one.
 *
 * @param start index of the first character, 0 or more
 * @param end index just past the last character; greater than {@code start}
 * @param type the entity type, a label of the span task; non-blank
 */
public record Span(int start, int end, String type) {
    /** Orders spans by start, then end, then type. */
    public static final Comparator<Span> ORDER = Comparator.comparingInt(Span::start).thenComparingInt(Span::end)
            .thenComparing(Span::type);

    /**
     * Validates the span.
     *
     * @param start index of the first character, 0 or more
     * @param end index just past the last character; greater than {@code start}
     * @param type the entity type, a label of the span task; non-blank
     */
    public Span {
        Objects.requireNonNull(type, "type");
        if (start < 0) {
            throw new IllegalArgumentException("span start must be >= 0: " + start);
        }
        if (end <= start) {
            throw new IllegalArgumentException("span end must be greater than start: [" + start + ", " + end + ")");
        }
        if (type.isBlank()) {
            throw new IllegalArgumentException("span type must not be blank");
        }
    }

    /**
     * A span.
     *
     * @param start index of the first character
     * @param end index just past the last character
     * @param type the entity type
     * @return the span
     */
    public static Span of(int start, int end, String type) {
        return new Span(start, end, type);
    }

    /** @return the number of characters covered */
    public int length() {
        return end - start;
    }

    /**
     * Whether two spans share at least one character (types are ignored).
     *
     * @param other another span
     * @return true when they overlap
     */
    public boolean overlaps(Span other) {
        return start < other.end && other.start < end;
    }

    /**
     * Checks that the span lies inside a text and does not cut a surrogate pair in two.
     *
     * @param text the text the span belongs to
     * @return this span
     * @throws IllegalArgumentException when it ends past the text or splits a surrogate pair
     */
    public Span requireWithin(String text) {
        if (end > text.length()) {
            throw new IllegalArgumentException("span " + this + " ends after the text (length " + text.length() + ")");
        }
        if (splitsPair(text, start) || splitsPair(text, end)) {
            throw new IllegalArgumentException("span " + this + " cuts a surrogate pair in two");
        }
        return this;
    }

    private static boolean splitsPair(String text, int i) {
        return i > 0 && i < text.length() && Character.isLowSurrogate(text.charAt(i))
                && Character.isHighSurrogate(text.charAt(i - 1));
    }

    /**
     * The characters the span covers.
     *
     * @param text the text the span belongs to
     * @return {@code text.substring(start, end)}
     * @throws IllegalArgumentException when the span ends past the text
     */
    public String coveredText(String text) {
        if (end > text.length()) {
            throw new IllegalArgumentException("span " + this + " ends after the text (length " + text.length() + ")");
        }
        return text.substring(start, end);
    }

    /**
     * The same stretch with another type.
     *
     * @param newType the type
     * @return the span
     */
    public Span withType(String newType) {
        return new Span(start, end, newType);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ") " + type;
    }
}
