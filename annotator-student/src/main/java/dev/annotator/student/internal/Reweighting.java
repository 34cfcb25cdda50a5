package dev.annotator.student.internal;

import dev.annotator.student.fast.SparseFeatures;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The learning-to-reweight arithmetic (Ren et al. 2018) for a linear softmax (or sigmoid) layer,
 * shared by the classification and span weighers: rows, the layer, its gold gradient, the exact
 * per-row influence ⟨∇L_gold, ∇ℓ_i⟩ of a virtual SGD step, and the clipped, normalised batch weights.
 * Not API.
 */
public final class Reweighting {
    private Reweighting() {
    }

    /**
     * Ren et al.'s per-batch weights: max(η⟨∇L_gold, ∇ℓ_i⟩, 0) normalised to sum 1, uniform when all
     * are zero.
     *
     * @param model the layer at its current parameters
     * @param train the annotated rows
     * @param batch indices into {@code train}
     * @param gold the gold rows
     * @param goldBatch indices into {@code gold}
     * @param grad scratch space for the gold gradient
     * @return one weight per batch entry
     */
    public static double[] batchWeights(Linear model, Rows train, int[] batch, Rows gold, int[] goldBatch, Gradient grad) {
        return clipAndNormalise(influence(model, train, batch, gold, goldBatch, grad));
    }

    /**
     * max(s_i, 0) normalised to sum 1; uniform when every value is at most zero.
     *
     * @param s influences, one per example (or text) of a batch; not empty
     * @return the batch weights
     */
    public static double[] clipAndNormalise(double[] s) {
        double[] w = new double[s.length];
        double sum = 0;
        for (int k = 0; k < w.length; k++) {
            w[k] = Math.max(s[k], 0);
            sum += w[k];
        }
        for (int k = 0; k < w.length; k++) {
            w[k] = sum > 0 ? w[k] / sum : 1.0 / w.length;
        }
        return w;
    }

    /**
     * ⟨∇L_gold(θ), ∇ℓ_i(θ)⟩ for each i in the batch, where L_gold is the mean cross-entropy over the
     * gold batch: −∂L_gold(θ − η Σ ε_i ∇ℓ_i)/∂ε_i at ε = 0, divided by η. Computed as
     * (p_i − y_i)ᵀ(G x_i + g_b) with G, g_b the gold gradient of weights and bias.
     *
     * @param model the layer at its current parameters
     * @param train the annotated rows
     * @param batch indices into {@code train}
     * @param gold the gold rows
     * @param goldBatch indices into {@code gold}
     * @param grad scratch space for the gold gradient
     * @return one influence per batch entry
     */
    public static double[] influence(Linear model, Rows train, int[] batch, Rows gold, int[] goldBatch, Gradient grad) {
        int c = model.c;
        grad.clear();
        double[] p = new double[c];
        for (int gi : goldBatch) {
            model.probabilities(gold.idx[gi], gold.val[gi], p);
            double[] y = gold.y[gi];
            for (int j = 0; j < c; j++) {
                double d = (p[j] - y[j]) / goldBatch.length;
                grad.bias[j] += d;
                for (int k = 0; k < gold.idx[gi].length; k++) {
                    grad.add(gold.idx[gi][k], j, d * gold.val[gi][k]);
                }
            }
        }
        double[] s = new double[batch.length];
        for (int b = 0; b < batch.length; b++) {
            int i = batch[b];
            model.probabilities(train.idx[i], train.val[i], p);
            double[] y = train.y[i];
            double dot = 0;
            for (int j = 0; j < c; j++) {
                double gx = grad.bias[j];
                for (int k = 0; k < train.idx[i].length; k++) {
                    gx += grad.w[train.idx[i][k] * c + j] * train.val[i][k];
                }
                dot += (p[j] - y[j]) * gx;
            }
            s[b] = dot;
        }
        return s;
    }

    /**
     * Mean cross-entropy of the model over the given rows.
     *
     * @param model the layer
     * @param rows the rows
     * @param which indices into {@code rows}; not empty
     * @return the mean loss
     */
    public static double loss(Linear model, Rows rows, int[] which) {
        double[] p = new double[model.c];
        double sum = 0;
        for (int i : which) {
            model.probabilities(rows.idx[i], rows.val[i], p);
            double[] y = rows.y[i];
            for (int j = 0; j < model.c; j++) {
                if (model.multiLabel) {
                    sum -= y[j] * Math.log(Math.max(p[j], 1e-300)) + (1 - y[j]) * Math.log(Math.max(1 - p[j], 1e-300));
                } else if (y[j] > 0) {
                    sum -= y[j] * Math.log(Math.max(p[j], 1e-300));
                }
            }
        }
        return sum / which.length;
    }

    /**
     * Fisher–Yates shuffle in place.
     *
     * @param a the array
     * @param rng the random source
     */
    public static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Sparse rows over compact feature indices, with target distributions. */
    public static final class Rows {
        /** Feature indices per row. */
        public final int[][] idx;
        /** Feature values per row. */
        public final double[][] val;
        /** Target distribution per row. */
        public final double[][] y;

        /**
         * Rows to be filled by {@link #set}.
         *
         * @param n row count
         */
        public Rows(int n) {
            idx = new int[n][];
            val = new double[n][];
            y = new double[n][];
        }

        /**
         * Rows over the given arrays (not copied).
         *
         * @param idx feature indices per row
         * @param val feature values per row
         * @param y target distribution per row
         */
        public Rows(int[][] idx, double[][] val, double[][] y) {
            this.idx = idx;
            this.val = val;
            this.y = y;
        }

        /**
         * Fills row {@code i} from hashed features, renumbering feature indices compactly.
         *
         * @param i the row
         * @param f its features
         * @param compact hashed index to compact index; grown as needed
         * @param target its target distribution
         */
        public void set(int i, SparseFeatures f, Map<Integer, Integer> compact, double[] target) {
            int m = f.size();
            idx[i] = new int[m];
            val[i] = new double[m];
            for (int k = 0; k < m; k++) {
                idx[i][k] = compact.computeIfAbsent(f.index(k), key -> compact.size());
                val[i][k] = f.value(k);
            }
            y[i] = target;
        }

        /** @return the row count */
        public int size() {
            return idx.length;
        }

        /** @return the mean squared norm of the non-zero rows; 1 when there are none */
        public double meanSquaredNorm() {
            double sum = 0;
            int count = 0;
            for (double[] v : val) {
                double sq = 0;
                for (double x : v) {
                    sq += x * x;
                }
                if (sq > 0) {
                    sum += sq;
                    count++;
                }
            }
            return count == 0 ? 1.0 : sum / count;
        }
    }

    /** A dense gradient of a {@link Linear} layer, cleared by touched entries only. */
    public static final class Gradient {
        /** Row-major weight gradient, {@code rows x c}. */
        public final double[] w;
        /** Bias gradient. */
        public final double[] bias;
        private final int c;
        private int[] touched = new int[64];
        private int count;

        /**
         * A zero gradient.
         *
         * @param rows input dimensions
         * @param c outputs
         */
        public Gradient(int rows, int c) {
            this.w = new double[rows * c];
            this.bias = new double[c];
            this.c = c;
        }

        /**
         * Adds to one weight entry.
         *
         * @param row input dimension
         * @param j output
         * @param d amount
         */
        public void add(int row, int j, double d) {
            int at = row * c + j;
            if (w[at] == 0) {
                if (count == touched.length) {
                    touched = Arrays.copyOf(touched, count * 2);
                }
                touched[count++] = at;
            }
            w[at] += d;
        }

        /** Sets every entry back to zero. */
        public void clear() {
            for (int k = 0; k < count; k++) {
                w[touched[k]] = 0;
            }
            count = 0;
            Arrays.fill(bias, 0);
        }
    }

    /** A linear softmax (or sigmoid) layer in double precision. */
    public static final class Linear {
        /** Row-major weights, {@code rows x c}. */
        public final double[] w;
        /** Bias per output. */
        public final double[] b;
        /** Output count. */
        public final int c;
        /** Sigmoid outputs instead of a softmax. */
        public final boolean multiLabel;

        /**
         * A zero layer.
         *
         * @param rows input dimensions
         * @param c outputs
         * @param multiLabel sigmoid outputs instead of a softmax
         */
        public Linear(int rows, int c, boolean multiLabel) {
            this.w = new double[rows * c];
            this.b = new double[c];
            this.c = c;
            this.multiLabel = multiLabel;
        }

        /** @return an independent copy */
        public Linear copy() {
            Linear m = new Linear(w.length / c, c, multiLabel);
            System.arraycopy(w, 0, m.w, 0, w.length);
            System.arraycopy(b, 0, m.b, 0, c);
            return m;
        }

        /**
         * The output probabilities of one row.
         *
         * @param idx feature indices
         * @param val feature values
         * @param p receives the probabilities, length {@link #c}
         */
        public void probabilities(int[] idx, double[] val, double[] p) {
            for (int j = 0; j < c; j++) {
                double z = b[j];
                for (int k = 0; k < idx.length; k++) {
                    z += w[idx[k] * c + j] * val[k];
                }
                p[j] = z;
            }
            if (multiLabel) {
                for (int j = 0; j < c; j++) {
                    p[j] = 1.0 / (1.0 + Math.exp(-p[j]));
                }
            } else {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < c; j++) {
                    max = Math.max(max, p[j]);
                }
                double sum = 0;
                for (int j = 0; j < c; j++) {
                    p[j] = Math.exp(p[j] - max);
                    sum += p[j];
                }
                for (int j = 0; j < c; j++) {
                    p[j] /= sum;
                }
            }
        }

        /**
         * θ ← θ − η Σ_k weights[k] ∇ℓ_{batch[k]}(θ), all gradients taken at the same θ.
         *
         * @param rows the rows
         * @param batch indices into {@code rows}
         * @param weights one per batch entry
         * @param eta the step size
         */
        public void step(Rows rows, int[] batch, double[] weights, double eta) {
            double[][] d = new double[batch.length][c];
            double[] p = new double[c];
            for (int k = 0; k < batch.length; k++) {
                int i = batch[k];
                probabilities(rows.idx[i], rows.val[i], p);
                for (int j = 0; j < c; j++) {
                    d[k][j] = eta * weights[k] * (p[j] - rows.y[i][j]);
                }
            }
            for (int k = 0; k < batch.length; k++) {
                int i = batch[k];
                if (weights[k] == 0) {
                    continue;
                }
                for (int j = 0; j < c; j++) {
                    b[j] -= d[k][j];
                    for (int f = 0; f < rows.idx[i].length; f++) {
                        w[rows.idx[i][f] * c + j] -= d[k][j] * rows.val[i][f];
                    }
                }
            }
        }
    }

}
