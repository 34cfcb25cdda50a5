package dev.annotator.student.internal;

/**
 * The in-memory heads of the encoder-based students: an affine layer (accumulated in double, as the
 * exported graphs compute it closely enough), an optional ReLU hidden layer before it, and softmax or
 * sigmoid over the logits in double precision. Not API.
 */
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

    /**
     * @param x the input
     * @param weights {@code x.length × bias.length}, row-major
     * @param bias one per output
     * @return {@code x · weights + bias}
     */
    public static float[] affine(float[] x, float[] weights, float[] bias) {
        int c = bias.length;
        double[] acc = new double[c];
        for (int k = 0; k < x.length; k++) {
            float v = x[k];
            int row = k * c;
            for (int j = 0; j < c; j++) {
                acc[j] += weights[row + j] * v;
            }
        }
        float[] z = new float[c];
        for (int j = 0; j < c; j++) {
            z[j] = (float) (acc[j] + bias[j]);
        }
        return z;
    }

    /**
     * Logits of a linear head, or of a head with one ReLU hidden layer.
     *
     * @param x the input
     * @param hidden {@code {weights, bias}} of the hidden layer, or null for a linear head
     * @param weights the output layer's weights
     * @param bias the output layer's bias
     * @return one logit per output
     */
    public static float[] logits(float[] x, float[][] hidden, float[] weights, float[] bias) {
        float[] h = x;
        if (hidden != null) {
            h = affine(x, hidden[0], hidden[1]);
            for (int u = 0; u < h.length; u++) {
                h[u] = Math.max(0f, h[u]);
            }
        }
        return affine(h, weights, bias);
    }
}
