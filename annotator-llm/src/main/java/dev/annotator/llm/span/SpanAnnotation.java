package dev.annotator.llm.span;

import dev.annotator.core.annotate.Cost;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.Split;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanAlignment;
import dev.annotator.core.span.SpanExample;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link LlmSpanAnnotator} made of one text: the spans placed on it with the counts of dropped
 * answers, or an abstention with the reason.
 *
 * @param example the text asked about
 * @param alignment the answers placed on the text (with dropped answers and reasons); empty for an
 *     abstention
 * @param abstentionReason why there are no spans (call failed, no usable answer); empty when answered
 * @param source who answered, {@code llm:<model>}
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
