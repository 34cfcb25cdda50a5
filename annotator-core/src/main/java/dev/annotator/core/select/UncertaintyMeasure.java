package dev.annotator.core.select;

import dev.annotator.core.task.LabelDistribution;

/**
 * How uncertain a prediction is: higher means the student knows less about the text, so labelling it
 * is expected to teach more. Used by uncertainty, hybrid and cost-aware selectors as the expected gain
 * of a label.
 *
 * <p>Multi-label tasks: a multi-label distribution holds one independent probability per label, so
 * each built-in treats every label as a binary (applies / does not apply) prediction, computes the
 * single-label measure on it and takes the <em>mean over labels</em>. The mean (rather than the max)
 * rewards texts that are uncertain on several labels, and keeps the scale independent of the number
 * of labels so that gains stay comparable across tasks.
 */
@FunctionalInterface
public interface UncertaintyMeasure {

    /**
     * @param prediction the student's prediction for a text
     * @return its uncertainty; finite and non-negative, higher is more uncertain
     */
    double uncertainty(LabelDistribution prediction);

    /**
     * Least confidence: {@code 1 - max_y p(y)}; in [0, 1 - 1/L] for L labels. Multi-label: mean over
     * labels of {@code 1 - max(p, 1 - p)}.
     *
     * @return the measure
     */
    static UncertaintyMeasure leastConfidence() {
        return BuiltInMeasure.LEAST_CONFIDENCE;
    }

    /**
     * Margin: {@code 1 - (p1 - p2)} for the two highest probabilities, so the smallest margin ranks
     * first; in [0, 1]. Multi-label: mean over labels of {@code 1 - |2p - 1|} (the margin between a
     * label applying and not). Ties between equal margins are broken by the selector's seeded order.
     *
     * @return the measure
     */
    static UncertaintyMeasure margin() {
        return BuiltInMeasure.MARGIN;
    }

    /**
     * Shannon entropy in nats, {@code -Σ p ln p}; in [0, ln L]. Multi-label: mean binary entropy
     * {@code -(p ln p + (1-p) ln (1-p))} over labels, in [0, ln 2].
     *
     * @return the measure
     */
    static UncertaintyMeasure entropy() {
        return BuiltInMeasure.ENTROPY;
    }
}
