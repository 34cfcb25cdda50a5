package dev.annotator.llm;

import dev.annotator.core.annotate.Annotation;
import java.util.List;
import java.util.Objects;

/**
 * An {@link Annotation} with what the LLM annotator knows about how it was made.
 *
 * @param annotation the annotation (also what {@link LlmAnnotator#annotate(List)} returns)
 * @param method where its confidence came from: the configured method, or {@link Confidence.Method#NONE}
 *     when the provider returned no usable log-probabilities; {@code NONE} for abstentions
 * @param rationales the rationales of the valid answers, when rationales were asked for
 * @param validSamples how many answers were valid (votes for self-consistency)
 * @param calls model calls made for this example in this run (shared calls of a batch are counted
 *     for each of its examples)
 * @param cached answers found in the store instead of calling
 * @param faults every rejected answer or failed call, in order, e.g. "'maybe' is not a label ..."
 */
public record LlmAnnotation(Annotation annotation, Confidence.Method method, List<String> rationales, int validSamples,
        int calls, int cached, List<String> faults) {

    /**
     * Copies the lists.
     *
     * @param annotation the annotation
     * @param method the confidence method used
     * @param rationales the rationales
     * @param validSamples valid answers
     * @param calls calls made
     * @param cached answers from the store
     * @param faults faults met
     */
    public LlmAnnotation {
        Objects.requireNonNull(annotation, "annotation");
        Objects.requireNonNull(method, "method");
        rationales = List.copyOf(rationales);
        faults = List.copyOf(faults);
    }
}
