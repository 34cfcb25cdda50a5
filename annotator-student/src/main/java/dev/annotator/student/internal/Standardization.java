package dev.annotator.student.internal;

/**
 * Per-dimension standardisation of dense rows ({@code (x - mean) / sd}, measured on the training
 * rows) for a head trained by {@link Sgd}, and the folding of that shift and scale back into the
 * trained first layer so the exported graph reads raw features. Immutable. Not API.
 */
public final class Standardization {
    private final double[] mean;
    private final double[] sd;

    private Standardization(double[] mean, double[] sd) {
        this.mean = mean;
        this.sd = sd;
    }

    /**
     * A standardisation measured elsewhere (e.g. streamed over token rows).
     *
     * @param mean per-dimension mean
     * @param sd per-dimension standard deviation, each positive
     * @return the standardisation; the arrays are copied
     */
    public static Standardization of(double[] mean, double[] sd) {
        if (mean.length != sd.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " dimensions, sd " + sd.length);
        }
        return new Standardization(mean.clone(), sd.clone());
    }

    /**
     * Measures mean and standard deviation per dimension (a deviation below 1e-6 counts as 1).
     *
     * @param rows training rows, all of {@code dimension} values; not empty
     * @param dimension values per row
     * @return the standardisation
     */
    public static Standardization fit(float[][] rows, int dimension) {
        double[] mean = new double[dimension];
        double[] sd = new double[dimension];
        for (float[] x : rows) {
            for (int k = 0; k < dimension; k++) {
                mean[k] += x[k];
            }
        }
        for (int k = 0; k < dimension; k++) {
            mean[k] /= rows.length;
        }
        for (float[] x : rows) {
            for (int k = 0; k < dimension; k++) {
                sd[k] += (x[k] - mean[k]) * (x[k] - mean[k]);
            }
        }
        for (int k = 0; k < dimension; k++) {
            sd[k] = Math.sqrt(sd[k] / rows.length);
            sd[k] = sd[k] > 1e-6 ? sd[k] : 1.0;
        }
        return new Standardization(mean, sd);
    }

    /**
     * Dense rows for {@link Sgd}: every row lists all dimensions, standardised.
     *
     * @param x raw rows
     * @param targets one target distribution per row
     * @param weights one weight per row, normalised by {@link Sgd.Data#normalizedWeights(double[])}
     * @return the data
     */
    public Sgd.Data rows(float[][] x, double[][] targets, double[] weights) {
        int d = mean.length;
        int[] all = new int[d];
        for (int k = 0; k < d; k++) {
            all[k] = k;
        }
        float[][] val = new float[x.length][d];
        int[][] idx = new int[x.length][];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < d; k++) {
                val[i][k] = (float) ((x[i][k] - mean[k]) / sd[k]);
            }
            idx[i] = all;
        }
        return new Sgd.Data(idx, val, targets, Sgd.Data.normalizedWeights(weights.clone()));
    }

    /**
     * A layer trained on standardised rows, rewritten to read raw rows: rows of {@code weights}
     * divided by the deviation, the mean's contribution moved into the bias.
     *
     * @param weights row-major {@code dimension x out}; changed in place
     * @param bias one per output; changed in place
     * @param out outputs of the layer
     */
    public void fold(float[] weights, float[] bias, int out) {
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
