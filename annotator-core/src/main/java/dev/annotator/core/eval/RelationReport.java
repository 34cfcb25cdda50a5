package dev.annotator.core.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Relation classification scores with a negative label such as {@code no_relation} (see
 * {@link RelationMetrics} for how the two variants count). Immutable.
 *
 * @param variant how a wrong positive relation was counted
 * @param negativeLabel the label that means "no relation"
 * @param precision {@code tp / (tp + fp)}, 0 when nothing positive was predicted
 * @param recall {@code tp / (tp + fn)}, 0 when the denominator is 0
 * @param f1 the harmonic mean of precision and recall, 0 when both are 0
 * @param truePositives positive predictions equal to the gold relation
 * @param falsePositives as the variant counts them
 * @param falseNegatives as the variant counts them
 * @param accuracy the share of instances whose predicted label equals the gold label, the negative
 *     included
 * @param perRelation standard one-vs-rest precision, recall and F1 of each positive relation, in task
 *     label order (the same in both variants)
 */
public record RelationReport(RelationMetrics.Variant variant, String negativeLabel, double precision, double recall,
        double f1, long truePositives, long falsePositives, long falseNegatives, double accuracy,
        Map<String, ClassMetrics> perRelation) {

    /**
     * Validates and copies.
     *
     * @param variant how a wrong positive relation was counted
     * @param negativeLabel the label that means "no relation"
     * @param precision micro precision over positive relations
     * @param recall micro recall over positive relations
     * @param f1 micro F1 over positive relations
     * @param truePositives positive predictions equal to the gold relation
     * @param falsePositives as the variant counts them
     * @param falseNegatives as the variant counts them
     * @param accuracy share of exact label matches, negative included
     * @param perRelation standard per-relation metrics, in task label order
     */
    public RelationReport {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(negativeLabel, "negativeLabel");
        for (double v : new double[] {precision, recall, f1, accuracy}) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("scores must be in [0, 1]: " + v);
            }
        }
        perRelation = Collections.unmodifiableMap(new LinkedHashMap<>(perRelation));
    }
}
