package dev.annotator.core.span;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link SpanAligner} made of an annotator's answers for one text: the spans placed on the
 * text, and every answer that placed nothing, with the reason.
 *
 * @param spans the placed spans, sorted by {@link Span#ORDER}, non-overlapping, types from the task
 * @param dropped the answers that placed no span, in answer order
 */
public record SpanAlignment(List<Span> spans, List<Dropped> dropped) {

    /**
     * Copies.
     *
     * @param spans the placed spans
     * @param dropped the answers that placed no span
     */
    public SpanAlignment {
        spans = List.copyOf(spans);
        dropped = List.copyOf(dropped);
    }

    /** Why an answer placed no span. */
    public enum Reason {
        /** The span text or the type is blank. */
        BLANK,
        /** The type is not an entity type of the task (not even ignoring case). */
        UNKNOWN_TYPE,
        /** The same span text and type were already answered; the first answer placed them. */
        DUPLICATE,
        /** The span text does not occur in the text. */
        NOT_FOUND,
        /** The span text occurs only inside longer words (when whole words are required). */
        INSIDE_WORD,
        /** Every occurrence overlaps a span already placed from a longer (or earlier) answer. */
        OVERLAPS
    }

    /**
     * An answer that placed no span.
     *
     * @param answer the answer as given
     * @param reason why it placed nothing
     */
    public record Dropped(SpanAnswer answer, Reason reason) {

        /**
         * Checks for nulls.
         *
         * @param answer the answer as given
         * @param reason why it placed nothing
         */
        public Dropped {
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * How many answers were dropped for a reason.
     *
     * @param reason the reason
     * @return the count
     */
    public int count(Reason reason) {
        return (int) dropped.stream().filter(d -> d.reason() == reason).count();
    }

    /** @return the count of dropped answers by reason, every reason present (0 when none) */
    public Map<Reason, Integer> counts() {
        Map<Reason, Integer> m = new EnumMap<>(Reason.class);
        for (Reason r : Reason.values()) {
            m.put(r, count(r));
        }
        return m;
    }

    /** @return true when every answer placed at least one span */
    public boolean isClean() {
        return dropped.isEmpty();
    }
}
