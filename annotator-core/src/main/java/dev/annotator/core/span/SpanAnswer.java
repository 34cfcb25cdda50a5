package dev.annotator.core.span;

import java.util.Objects;

/**
 * One entity as an annotator names it, without offsets: its surface text and its type, e.g. the
 * LLM answer item {@code {"span": "Georgia", "type": "LOC"}}. {@link SpanAligner} maps answers back
 * onto the text.
 *
 * @param span the entity's text as the annotator wrote it
 * @param type the entity type as the annotator wrote it
 */
public record SpanAnswer(String span, String type) {

    /**
     * Checks for nulls; blank values are allowed here and dropped by the aligner with a reason.
     *
     * @param span the entity's text as the annotator wrote it
     * @param type the entity type as the annotator wrote it
     */
    public SpanAnswer {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(type, "type");
    }

    /**
     * An answer.
     *
     * @param span the entity's text
     * @param type the entity type
     * @return the answer
     */
    public static SpanAnswer of(String span, String type) {
        return new SpanAnswer(span, type);
    }
}
