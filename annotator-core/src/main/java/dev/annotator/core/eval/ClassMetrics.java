package dev.annotator.core.eval;

/**
 * Precision, recall and F1 of one class (single-label) or one label (multi-label).
 *
 * <p>Zero-division convention, like scikit-learn's {@code zero_division=0}: precision is 0 when the
 * class was never predicted, recall is 0 when it never occurs in the gold labels, and F1 is 0 when
 * precision and recall are both 0 (F1 is computed as {@code 2·tp / (2·tp + fp + fn)}).
 *
 * @param precision {@code tp / (tp + fp)}, or 0 when the class was never predicted
 * @param recall {@code tp / (tp + fn)}, or 0 when the class has no gold occurrence
 * @param f1 the harmonic mean of precision and recall, or 0 when both are 0
 * @param support how many gold occurrences the class has ({@code tp + fn})
 */
public record ClassMetrics(double precision, double recall, double f1, int support) {

    /**
     * Validates that the scores are in [0, 1] and the support is not negative.
     *
     * @param precision {@code tp / (tp + fp)}, or 0 when the class was never predicted
     * @param recall {@code tp / (tp + fn)}, or 0 when the class has no gold occurrence
     * @param f1 the harmonic mean of precision and recall, or 0 when both are 0
     * @param support how many gold occurrences the class has ({@code tp + fn})
     */
    public ClassMetrics {
        requireUnit("precision", precision);
        requireUnit("recall", recall);
        requireUnit("f1", f1);
        if (support < 0) {
            throw new IllegalArgumentException("support must be >= 0: " + support);
        }
    }

    /**
     * Metrics from raw counts, applying the zero-division convention.
     *
     * @param tp true positives
     * @param fp false positives
     * @param fn false negatives
     * @return the metrics
     */
    static ClassMetrics fromCounts(long tp, long fp, long fn) {
        return new ClassMetrics(ratio(tp, tp + fp), ratio(tp, tp + fn), ratio(2 * tp, 2 * tp + fp + fn),
                Math.toIntExact(tp + fn));
    }

    /**
     * {@code num / den}, or 0 when {@code den} is 0.
     *
     * @param num numerator
     * @param den denominator
     * @return the ratio
     */
    /** Adds {@code <prefix>precision|recall|f1|support} to a flat metrics map. */
    void putInto(java.util.Map<String, Object> m, String prefix) {
        m.put(prefix + "precision", precision);
        m.put(prefix + "recall", recall);
        m.put(prefix + "f1", f1);
        m.put(prefix + "support", support);
    }

    static double ratio(double num, double den) {
        return den == 0 ? 0.0 : num / den;
    }

    private static void requireUnit(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + v);
        }
    }
}
