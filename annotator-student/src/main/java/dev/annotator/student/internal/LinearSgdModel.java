package dev.annotator.student.internal;

/**
 * A linear layer (row-major {@code rows x labels} weights and a bias) fitted by {@link Sgd} with
 * exact L2 through a weight-scale factor, so each step touches only the example's features. The
 * fast student's model; the encoder student's head without a hidden layer. Not thread-safe. Not API.
 */
public final class LinearSgdModel implements Sgd.Model<LinearSgdModel.Parameters> {
    private final float[] v;
    private final float[] b;
    private final int c;
    private final double l2;
    private final boolean multiLabel;
    private double scale = 1.0;
    private final float[] z;
    private final float[] g;
    private final double[] acc;

    /**
     * Trained parameters.
     *
     * @param weights row-major {@code rows x labels}
     * @param bias one per label
     */
    public record Parameters(float[] weights, float[] bias) {
    }

    /**
     * A zero-initialised model.
     *
     * @param rows feature rows
     * @param labels labels
     * @param l2 L2 penalty per example step
     * @param multiLabel sigmoid (true) or softmax
     */
    public LinearSgdModel(int rows, int labels, double l2, boolean multiLabel) {
        this.v = new float[rows * labels];
        this.b = new float[labels];
        this.c = labels;
        this.l2 = l2;
        this.multiLabel = multiLabel;
        this.z = new float[labels];
        this.g = new float[labels];
        this.acc = new double[labels];
    }

    @Override
    public void probabilities(int[] idx, float[] val, double[] p) {
        java.util.Arrays.fill(acc, 0);
        for (int k = 0; k < idx.length; k++) {
            int row = idx[k] * c;
            float x = val[k];
            for (int j = 0; j < c; j++) {
                acc[j] += v[row + j] * x;
            }
        }
        for (int j = 0; j < c; j++) {
            z[j] = (float) (acc[j] * scale + b[j]);
        }
        Activations.apply(z, multiLabel, p);
    }

    @Override
    public void step(int[] idx, float[] val, double[] p, double[] y, double lr, double w) {
        // exact L2: W <- (1 - lr*l2) W via the scale factor
        scale *= 1.0 - lr * l2;
        double stepOverScale = lr * w / scale;
        boolean any = false;
        for (int j = 0; j < c; j++) {
            g[j] = (float) (stepOverScale * (p[j] - y[j]));
            any |= g[j] != 0;
            b[j] -= (float) (lr * w * (p[j] - y[j]));
        }
        if (any) {
            for (int k = 0; k < idx.length; k++) {
                int row = idx[k] * c;
                float x = val[k];
                for (int j = 0; j < c; j++) {
                    v[row + j] -= g[j] * x;
                }
            }
        }
        if (scale < 1e-4) {
            for (int k = 0; k < v.length; k++) {
                v[k] *= (float) scale;
            }
            scale = 1.0;
        }
    }

    @Override
    public Parameters snapshot() {
        float[] out = new float[v.length];
        float s = (float) scale;
        for (int k = 0; k < v.length; k++) {
            out[k] = v[k] * s;
        }
        return new Parameters(out, b.clone());
    }
}
