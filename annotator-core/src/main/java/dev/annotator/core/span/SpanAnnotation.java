package dev.annotator.core.span;

import dev.annotator.core.annotate.Cost;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.Split;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link SpanAnnotator} (such as annotator-llm's {@code LlmSpanAnnotator}) made of one text: the
 * spans placed on it with the counts of dropped answers, or an abstention with the reason.
 *
 * @param example the text asked about
 * @param alignment the answers placed on the text (with dropped answers and reasons); empty for an
 *     abstention
 * @param abstentionReason why there are no spans (call failed, no usable answer); empty when answered
 * @param source who answered ({@link SpanAnnotator#name()}), e.g. {@code llm:<model>}
 * @param cost what the calls made now cost (an answer from the store costs nothing)
 * @param calls model calls made for this text, including retries and re-asks
 * @param cached whether every answer came from the store
 */
public record SpanAnnotation(Example example, Optional<SpanAlignment> alignment, Optional<String> abstentionReason,
        String source, Cost cost, int calls, boolean cached) {

    /**
     * Validates.
     *
     * @param example the text asked about
     * @param alignment the placed answers; empty for an abstention
     * @param abstentionReason why there are no spans; present exactly when the alignment is empty
     * @param source who answered
     * @param cost what it cost
     * @param calls model calls made
     * @param cached whether every answer came from the store
     */
    public SpanAnnotation {
        Objects.requireNonNull(example, "example");
        Objects.requireNonNull(alignment, "alignment");
        Objects.requireNonNull(abstentionReason, "abstentionReason");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(cost, "cost");
        if (alignment.isPresent() == abstentionReason.isPresent()) {
            throw new IllegalArgumentException("a span annotation has either an alignment or an abstention reason");
        }
    }

    /** @return the example id */
    public String exampleId() {
        return example.id();
    }

    /** @return true when the annotator gave no usable answer */
    public boolean isAbstention() {
        return alignment.isEmpty();
    }

    /** @return the placed spans; empty for an abstention or a text without entities */
    public List<Span> spans() {
        return alignment.map(SpanAlignment::spans).orElse(List.of());
    }

    /**
     * How far the annotator's answer can be trusted, from what could be placed on the text: the share
     * of its entity answers that {@link SpanAligner} placed (an answer naming no entity, or only
     * placeable ones, gives 1); 0 for an abstention. Span answers carry no probability, so this is the
     * confidence a span weigher uses.
     *
     * @return the confidence, in [0, 1]
     */
    public double confidence() {
        if (alignment.isEmpty()) {
            return 0;
        }
        int placed = alignment.get().spans().size();
        int dropped = alignment.get().dropped().size();
        return placed + dropped == 0 ? 1.0 : (double) placed / (placed + dropped);
    }

    /**
     * A labelled annotation, placed on the text, for annotators other than the LLM one (a human, a
     * dictionary, a script): no dropped answers, no cost, not cached.
     *
     * @param example the text
     * @param spans the spans on it
     * @param source who answered
     * @return the annotation
     * @throws IllegalArgumentException when a span lies outside the text
     */
    public static SpanAnnotation of(Example example, List<Span> spans, String source) {
        for (Span s : spans) {
            s.requireWithin(example.text());
        }
        return new SpanAnnotation(example, Optional.of(new SpanAlignment(spans, List.of())), Optional.empty(), source,
                Cost.FREE, 0, false);
    }

    /**
     * An abstention, for annotators other than the LLM one.
     *
     * @param example the text
     * @param reason why there are no spans
     * @param source who answered
     * @return the annotation
     */
    public static SpanAnnotation abstained(Example example, String reason, String source) {
        return new SpanAnnotation(example, Optional.empty(), Optional.of(reason), source, Cost.FREE, 0, false);
    }

    /** @return the count of dropped answers by reason (all zero for an abstention) */
    public Map<SpanAlignment.Reason, Integer> droppedCounts() {
        return alignment.orElseGet(() -> new SpanAlignment(List.of(), List.of())).counts();
    }

    /**
     * The annotation as a span example.
     *
     * @param split the split to put it in
     * @return the text with its placed spans
     * @throws IllegalStateException for an abstention
     */
    public SpanExample toSpanExample(Split split) {
        if (isAbstention()) {
            throw new IllegalStateException("example '" + example.id() + "' was abstained: " + abstentionReason.get());
        }
        return new SpanExample(example, spans(), split);
    }
}
