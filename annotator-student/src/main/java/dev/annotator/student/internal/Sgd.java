package dev.annotator.student.internal;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The stochastic gradient descent both students train with: shuffled epochs drawn from a seeded
 * {@link SplittableRandom}, a learning rate normalised by the mean squared feature norm and decaying
 * linearly to zero, per-example weights, cross-entropy against each example's target distribution
 * (so soft labels are learned as given), and early stopping on weighted dev log-loss that keeps the
 * best epoch. What is being fitted is a {@link Model}: {@link LinearSgdModel} (the fast student's
 * linear layer over sparse features, and the encoder student's linear head over embeddings given as
 * dense-as-sparse rows) or {@link MlpSgdModel} (one hidden layer). Not API.
 */
public final class Sgd {
    private Sgd() {
    }

    /**
     * SGD settings.
     *
     * @param epochs most passes over the data, at least 1
     * @param learningRate initial step relative to the mean squared feature norm
     * @param patience epochs without dev improvement before stopping
     * @param seed shuffling seed
     */
    public record Settings(int epochs, double learningRate, int patience, long seed) {
        /**
         * Validates.
         *
         * @param epochs most passes over the data, at least 1
         * @param learningRate initial step relative to the mean squared feature norm
         * @param patience epochs without dev improvement before stopping
         * @param seed shuffling seed
         */
        public Settings {
            if (epochs < 1 || patience < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("bad SGD settings: epochs " + epochs + ", patience " + patience
                        + ", learningRate " + learningRate);
            }
        }
    }

    /**
     * @param epochs most passes over the data
     * @return {@code epochs}
     * @throws IllegalArgumentException when below 1
     */
    public static int requireEpochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1: " + epochs);
        }
        return epochs;
    }

    /**
     * @param learningRate initial step
     * @return {@code learningRate}
     * @throws IllegalArgumentException when not positive and finite
     */
    public static double requireLearningRate(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite: " + learningRate);
        }
        return learningRate;
    }

    /**
     * @param l2 L2 penalty per example step
     * @return {@code l2}
     * @throws IllegalArgumentException when negative or not finite
     */
    public static double requireL2(double l2) {
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 must be finite and >= 0: " + l2);
        }
        return l2;
    }

    /**
     * @param patience epochs without dev improvement before stopping
     * @return {@code patience}
     * @throws IllegalArgumentException when below 1
     */
    public static int requirePatience(int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1: " + patience);
        }
        return patience;
    }

    /**
     * A model SGD can fit: one step at a time on a sparse row.
     *
     * @param <S> the snapshot type kept for the best epoch
     */
    public interface Model<S> {
        /**
         * Probabilities of one row.
         *
         * @param idx feature indices
         * @param val feature values
         * @param p destination, one per label
         */
        void probabilities(int[] idx, float[] val, double[] p);

        /**
         * One SGD step on the example just passed to {@link #probabilities}, including L2.
         *
         * @param idx feature indices
         * @param val feature values
         * @param p its probabilities
         * @param y its target distribution
         * @param lr the step size
         * @param weight the example weight
         */
        void step(int[] idx, float[] val, double[] p, double[] y, double lr, double weight);

        /** @return a copy of the current parameters */
        S snapshot();

        /**
         * The model that dev evaluation scores and whose {@link #snapshot()} early stopping keeps:
         * this model, or (for averaged SGD) one holding the average of the iterates so far. Called
         * once per epoch.
         *
         * @return the model to evaluate
         */
        default Model<S> evaluator() {
            return this;
        }
    }

    /**
     * The outcome of {@link #fit}.
     *
     * @param <S> the snapshot type
     * @param best parameters of the best dev epoch (the last epoch without dev)
     * @param epochsRun epochs run
     * @param devAccuracy dev accuracy of the best epoch, NaN without dev
     * @param devLogLoss dev log-loss of the best epoch, NaN without dev
     */
    public record Result<S>(S best, int epochsRun, double devAccuracy, double devLogLoss) {
    }

    /** Training or dev examples as sparse rows with targets and weights. */
    public static final class Data {
        final int[][] indices;
        final float[][] values;
        final double[][] targets;
        final double[] weights;

        /**
         * @param indices per row, feature indices (rows may share one array)
         * @param values per row, feature values
         * @param targets per row, the target distribution
         * @param weights per row, the weight (see {@link #normalizedWeights(double[])})
         */
        public Data(int[][] indices, float[][] values, double[][] targets, double[] weights) {
            this.indices = indices;
            this.values = values;
            this.targets = targets;
            this.weights = weights;
        }

        /**
         * Rescales weights to average one over the examples with a positive weight.
         *
         * @param raw the weights as given; changed in place
         * @return {@code raw}
         */
        public static double[] normalizedWeights(double[] raw) {
            double sum = 0;
            int positive = 0;
            for (double w : raw) {
                sum += w;
                positive += w > 0 ? 1 : 0;
            }
            if (positive > 0) {
                double mean = sum / positive;
                for (int i = 0; i < raw.length; i++) {
                    raw[i] /= mean;
                }
            }
            return raw;
        }

        /** @return number of rows */
        public int size() {
            return indices.length;
        }

        /** @return the mean squared norm of the non-empty rows, 1 when all are empty */
        public double meanSquaredNorm() {
            double sum = 0;
            int count = 0;
            for (float[] v : values) {
                double sq = 0;
                for (float x : v) {
                    sq += (double) x * x;
                }
                if (sq > 0) {
                    sum += sq;
                    count++;
                }
            }
            return count == 0 ? 1.0 : sum / count;
        }
    }

    /**
     * Fits {@code model} on {@code train}, early-stopping on {@code dev} when it is not empty.
     *
     * @param <S> the snapshot type
     * @param model the model, changed in place
     * @param train training rows, not empty
     * @param dev dev rows, possibly empty
     * @param multiLabel sigmoid (true) or softmax targets
     * @param labels number of labels
     * @param settings the settings
     * @return the best snapshot and how training went
     */
    public static <S> Result<S> fit(Model<S> model, Data train, Data dev, boolean multiLabel, int labels, Settings settings) {
        // steps are scaled by the mean squared feature norm, so one learning rate suits short and long texts
        double stepScale = 1.0 / train.meanSquaredNorm();
        S best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        double devAccuracy = Double.NaN;
        int sinceBest = 0;
        int epochsRun = 0;
        int n = train.size();
        int[] order = IntStream.range(0, n).toArray();
        SplittableRandom rng = new SplittableRandom(settings.seed());
        long total = (long) settings.epochs() * n;
        long step = 0;
        double[] p = new double[labels];
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            Reweighting.shuffle(order, rng);
            for (int oi = 0; oi < n; oi++) {
                int i = order[oi];
                double lr = stepScale * settings.learningRate() * (1.0 - (double) step / total);
                step++;
                double w = train.weights[i];
                if (w == 0) {
                    continue;
                }
                model.probabilities(train.indices[i], train.values[i], p);
                model.step(train.indices[i], train.values[i], p, train.targets[i], lr, w);
            }
            epochsRun = epoch + 1;
            if (dev.size() > 0) {
                Model<S> scored = model.evaluator();
                double[] score = evaluate(scored, dev, multiLabel, labels);
                // dev log-loss is a smoother criterion than accuracy on a small dev set
                if (score[1] < bestLoss) {
                    devAccuracy = score[0];
                    bestLoss = score[1];
                    best = scored.snapshot();
                    sinceBest = 0;
                } else if (++sinceBest >= settings.patience()) {
                    break;
                }
            }
        }
        if (best == null) {
            best = model.evaluator().snapshot();
        }
        return new Result<>(best, epochsRun, devAccuracy, Double.isNaN(devAccuracy) ? Double.NaN : bestLoss);
    }

    /** @return {accuracy, weighted mean log-loss} on dev */
    private static double[] evaluate(Model<?> model, Data dv, boolean multi, int c) {
        double[] p = new double[c];
        double correct = 0;
        double loss = 0;
        double wsum = 0;
        for (int i = 0; i < dv.size(); i++) {
            model.probabilities(dv.indices[i], dv.values[i], p);
            double[] y = dv.targets[i];
            double w = dv.weights[i];
            if (multi) {
                double agree = 0;
                for (int j = 0; j < c; j++) {
                    agree += (p[j] >= 0.5) == (y[j] >= 0.5) ? 1 : 0;
                    loss -= w * (y[j] * Math.log(Math.max(p[j], 1e-12)) + (1 - y[j]) * Math.log(Math.max(1 - p[j], 1e-12)));
                }
                correct += w * agree / c;
            } else {
                correct += argmax(p) == argmax(y) ? w : 0;
                for (int j = 0; j < c; j++) {
                    if (y[j] > 0) {
                        loss -= w * y[j] * Math.log(Math.max(p[j], 1e-12));
                    }
                }
            }
            wsum += w;
        }
        return wsum == 0 ? new double[] {0, 0} : new double[] {correct / wsum, loss / wsum};
    }

    private static int argmax(double[] a) {
        int best = 0;
        for (int j = 1; j < a.length; j++) {
            if (a[j] > a[best]) {
                best = j;
            }
        }
        return best;
    }
}
