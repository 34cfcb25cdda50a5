package dev.annotator.core.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Span-level scores of predicted spans against gold spans, exact match on start, end and type
 * (see {@link SpanMetrics}). Immutable.
 *
 * @param micro micro-averaged precision, recall and F1 over all spans; support is the number of
 *     gold spans
 * @param truePositives predicted spans that are gold spans
 * @param falsePositives predicted spans that are not
 * @param falseNegatives gold spans not predicted
 * @param perType the same per entity type, in task label order, every type present
 */
public record SpanReport(ClassMetrics micro, long truePositives, long falsePositives, long falseNegatives,
        Map<String, ClassMetrics> perType) {

    /**
     * Validates and copies.
     *
     * @param micro micro-averaged precision, recall and F1 over all spans
     * @param truePositives predicted spans that are gold spans
     * @param falsePositives predicted spans that are not
     * @param falseNegatives gold spans not predicted
     * @param perType the same per entity type, in task label order
     */
    public SpanReport {
        Objects.requireNonNull(micro, "micro");
        if (truePositives < 0 || falsePositives < 0 || falseNegatives < 0) {
            throw new IllegalArgumentException("counts must be >= 0: tp=" + truePositives + " fp=" + falsePositives + " fn="
                    + falseNegatives);
        }
        perType = Collections.unmodifiableMap(new LinkedHashMap<>(perType));
    }

    /** @return micro precision: the share of predicted spans that are gold spans */
    public double precision() {
        return micro.precision();
    }

    /** @return micro recall: the share of gold spans that were predicted */
    public double recall() {
        return micro.recall();
    }

    /** @return micro F1, the headline span F1 */
    public double f1() {
        return micro.f1();
    }
}
