package dev.annotator.student.internal;

/**
 * A linear layer (row-major {@code rows x labels} weights and a bias) fitted by {@link Sgd} with
 * exact L2 through a weight-scale factor, so each step touches only the example's features. The
 * fast student's model; the encoder student's head without a hidden layer. Not thread-safe. Not API.
 *
 * <p>Optionally keeps the running average of every step's weights (averaged SGD, Polyak-Ruppert;
 * Xu 2011's lazy form, so a step still touches only the example's features): with weights
 * {@code w_t = s_t v_t}, the sum of all weights so far is {@code U + sigma v}, where a step that
 * adds {@code delta} to {@code v} subtracts {@code sigma * delta} from {@code U} before {@code sigma}
 * grows by {@code s_t}. {@link #evaluator()} then returns the averaged model, which is what dev
 * evaluation scores and early stopping keeps.
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
    private final boolean average;
    // averaged SGD: sum of weights so far = u + sigma * v (in v's current scale); bias sum kept directly
    private final double[] u;
    private final double[] biasSum;
    private double sigma;
    private long steps;

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
        this(rows, labels, l2, multiLabel, false);
    }

    /**
     * A zero-initialised model, optionally averaging its iterates.
     *
     * @param rows feature rows
     * @param labels labels
     * @param l2 L2 penalty per example step
     * @param multiLabel sigmoid (true) or softmax
     * @param average whether {@link #evaluator()} returns the average of all steps' weights
     */
    public LinearSgdModel(int rows, int labels, double l2, boolean multiLabel, boolean average) {
        this.average = average;
        this.u = average ? new double[rows * labels] : null;
        this.biasSum = average ? new double[labels] : null;
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
            if (average && sigma != 0) {
                // v moved by -g x: U <- U + sigma * g x keeps U + sigma v equal to the sum of past weights
                for (int k = 0; k < idx.length; k++) {
                    int row = idx[k] * c;
                    double sx = sigma * val[k];
                    for (int j = 0; j < c; j++) {
                        u[row + j] += sx * g[j];
                    }
                }
            }
        }
        if (average) {
            sigma += scale;
            steps++;
            for (int j = 0; j < c; j++) {
                biasSum[j] += b[j];
            }
        }
        if (scale < 1e-4) {
            if (average) {
                // fold sigma v into U before v is rescaled (rescaling sigma instead would grow it
                // without bound and cancel catastrophically against U)
                for (int k = 0; k < v.length; k++) {
                    u[k] += sigma * v[k];
                }
                sigma = 0;
            }
            for (int k = 0; k < v.length; k++) {
                v[k] *= (float) scale;
            }
            scale = 1.0;
        }
    }

    /**
     * The model dev evaluation should score: this one, or with averaging on (and at least one step
     * taken) a new model holding the average of every step's weights.
     *
     * @return the model to evaluate and snapshot
     */
    @Override
    public LinearSgdModel evaluator() {
        if (!average || steps == 0) {
            return this;
        }
        LinearSgdModel avg = new LinearSgdModel(v.length / c, c, l2, multiLabel, false);
        for (int k = 0; k < v.length; k++) {
            avg.v[k] = (float) ((u[k] + sigma * v[k]) / steps);
        }
        for (int j = 0; j < c; j++) {
            avg.b[j] = (float) (biasSum[j] / steps);
        }
        return avg;
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
