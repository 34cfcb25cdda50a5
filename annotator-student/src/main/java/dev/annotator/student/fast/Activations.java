package dev.annotator.student.fast;

/** Softmax and sigmoid over logits, in double precision. */
final class Activations {
    private Activations() {
    }

    static double[] apply(float[] z, boolean multiLabel) {
        return apply(z, multiLabel, new double[z.length]);
    }

    /** Writes the probabilities into {@code p} (same length as {@code z}) and returns it. */
    static double[] apply(float[] z, boolean multiLabel, double[] p) {
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
