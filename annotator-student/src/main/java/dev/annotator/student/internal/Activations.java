package dev.annotator.student.internal;

/** Softmax and sigmoid over logits, in double precision. Not API. */
public final class Activations {
    private Activations() {
    }

    /**
     * @param z logits
     * @param multiLabel sigmoid per label when true, else softmax
     * @return the probabilities
     */
    public static double[] apply(float[] z, boolean multiLabel) {
        return apply(z, multiLabel, new double[z.length]);
    }

    /**
     * Writes the probabilities into {@code p} (same length as {@code z}) and returns it.
     *
     * @param z logits
     * @param multiLabel sigmoid per label when true, else softmax
     * @param p destination
     * @return {@code p}
     */
    public static double[] apply(float[] z, boolean multiLabel, double[] p) {
        if (multiLabel) {
            for (int j = 0; j < z.length; j++) {
                p[j] = 1.0 / (1.0 + Math.exp(-z[j]));
            }
            return p;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int j = 0; j < z.length; j++) {
            p[j] = Math.exp(z[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < z.length; j++) {
            p[j] /= sum;
        }
        return p;
    }
}
