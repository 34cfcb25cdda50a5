package dev.annotator.student.internal;

import java.util.SplittableRandom;

/**
 * One hidden ReLU layer and an output layer (softmax or sigmoid), fitted by {@link Sgd} with
 * back-propagation and L2 on both weight matrices. Reads rows as {@link Sgd} gives them; meant for
 * dense inputs (embeddings). Initialised from a seed (He-uniform hidden weights, zero output weights).
 * Not thread-safe. Not API.
 */
public final class MlpSgdModel implements Sgd.Model<MlpSgdModel.Parameters> {
    private final int d;
    private final int h;
    private final int c;
    private final double l2;
    private final boolean multiLabel;
    private final float[] w1; // d x h, row-major
    private final float[] b1;
    private final float[] w2; // h x c, row-major
    private final float[] b2;
    private final float[] hidden;
    private final float[] z;
    private final double[] dz;
    private final double[] dh;

    /**
     * Trained parameters.
     *
     * @param w1 input to hidden, row-major {@code inputs x hidden}
     * @param b1 hidden bias
     * @param w2 hidden to output, row-major {@code hidden x labels}
     * @param b2 output bias
     */
    public record Parameters(float[] w1, float[] b1, float[] w2, float[] b2) {
    }

    /**
     * @param inputs input dimension
     * @param hiddenUnits hidden units, at least 1
     * @param labels labels
     * @param l2 L2 penalty per example step
     * @param multiLabel sigmoid (true) or softmax
     * @param seed initialisation seed
     */
    public MlpSgdModel(int inputs, int hiddenUnits, int labels, double l2, boolean multiLabel, long seed) {
        this.d = inputs;
        this.h = hiddenUnits;
        this.c = labels;
        this.l2 = l2;
        this.multiLabel = multiLabel;
        this.w1 = new float[d * h];
        this.b1 = new float[h];
        this.w2 = new float[h * c];
        this.b2 = new float[c];
        this.hidden = new float[h];
        this.z = new float[c];
        this.dz = new double[c];
        this.dh = new double[h];
        SplittableRandom rng = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        double limit = Math.sqrt(6.0 / d);
        for (int k = 0; k < w1.length; k++) {
            w1[k] = (float) ((rng.nextDouble() * 2 - 1) * limit);
        }
        double limit2 = Math.sqrt(6.0 / (h + c));
        for (int k = 0; k < w2.length; k++) {
            w2[k] = (float) ((rng.nextDouble() * 2 - 1) * limit2);
        }
    }

    @Override
    public void probabilities(int[] idx, float[] val, double[] p) {
        System.arraycopy(b1, 0, hidden, 0, h);
        for (int k = 0; k < idx.length; k++) {
            int row = idx[k] * h;
            float x = val[k];
            for (int u = 0; u < h; u++) {
                hidden[u] += w1[row + u] * x;
            }
        }
        for (int u = 0; u < h; u++) {
            hidden[u] = Math.max(0f, hidden[u]);
        }
        System.arraycopy(b2, 0, z, 0, c);
        for (int u = 0; u < h; u++) {
            float a = hidden[u];
            if (a != 0f) {
                int row = u * c;
                for (int j = 0; j < c; j++) {
                    z[j] += w2[row + j] * a;
                }
            }
        }
        Activations.apply(z, multiLabel, p);
    }

    @Override
    public void step(int[] idx, float[] val, double[] p, double[] y, double lr, double w) {
        for (int j = 0; j < c; j++) {
            dz[j] = w * (p[j] - y[j]);
        }
        float decay = (float) (1.0 - lr * l2);
        for (int u = 0; u < h; u++) {
            double s = 0;
            int row = u * c;
            for (int j = 0; j < c; j++) {
                s += w2[row + j] * dz[j];
            }
            dh[u] = hidden[u] > 0 ? s : 0;
            float a = hidden[u];
            for (int j = 0; j < c; j++) {
                w2[row + j] = w2[row + j] * decay - (float) (lr * dz[j] * a);
            }
        }
        for (int j = 0; j < c; j++) {
            b2[j] -= (float) (lr * dz[j]);
        }
        for (int k = 0; k < idx.length; k++) {
            int row = idx[k] * h;
            float x = val[k];
            for (int u = 0; u < h; u++) {
                w1[row + u] = w1[row + u] * decay - (float) (lr * dh[u] * x);
            }
        }
        for (int u = 0; u < h; u++) {
            b1[u] -= (float) (lr * dh[u]);
        }
    }

    @Override
    public Parameters snapshot() {
        return new Parameters(w1.clone(), b1.clone(), w2.clone(), b2.clone());
    }
}
