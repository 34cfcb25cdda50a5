package dev.annotator.student.internal;

/**
 * Folds a per-dimension standardisation {@code (x - mean) / sd}, applied to the inputs while a
 * layer was trained, into that layer's weights and bias, so the exported layer reads plain inputs.
 * Used by the encoder student's head and the span tagger's head. Not API.
 */
public final class Standardization {
    private Standardization() {
    }

    /**
     * Rescales each input row of a layer by {@code 1 / sd} and moves the shift into the bias, in place.
     *
     * @param weights row-major {@code in x out} weights, trained on standardised inputs
     * @param bias {@code out} biases
     * @param out outputs of the layer
     * @param mean per-input mean that was subtracted
     * @param sd per-input standard deviation that was divided by
     */
    public static void fold(float[] weights, float[] bias, int out, double[] mean, double[] sd) {
        double[] shift = new double[out];
        for (int k = 0; k < mean.length; k++) {
            for (int j = 0; j < out; j++) {
                double scaled = weights[k * out + j] / sd[k];
                weights[k * out + j] = (float) scaled;
                shift[j] += scaled * mean[k];
            }
        }
        for (int j = 0; j < out; j++) {
            bias[j] = (float) (bias[j] - shift[j]);
        }
    }
}
