package dev.annotator.student.fast;

import dev.annotator.core.Version;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.student.StudentTrainer;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.student.internal.LinearSgdModel;
import dev.annotator.student.internal.Sgd;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Trains the fast student: multinomial logistic regression (softmax) for single-label tasks and
 * independent logistic regressions (sigmoids) for multi-label tasks, over {@link HashingFeaturizer}
 * features.
 *
 * <p>Features are scaled by their inverse document frequency in the training set (TF-IDF; the
 * scale is folded into the exported weights, so models read plain featurizer output). Optimisation
 * is plain SGD over shuffled epochs with a linearly decaying learning rate, normalised by the mean
 * squared feature norm, and exact L2 regularisation (the weight-scale trick, so each step touches
 * only the example's features). The loss is cross-entropy against each example's target distribution, so soft labels
 * are learned as given, times the example's weight (weights are rescaled to average one).
 *
 * <p>With a non-empty dev set, the model is scored after every epoch by weighted dev log-loss (a
 * smoother criterion than accuracy on the small dev sets this library expects); the best epoch is
 * kept and training stops after {@link Builder#patience(int)} epochs
 * without improvement. The same seed and data give the same model. Instances are immutable and
 * thread-safe; each {@code train} call is single-threaded except featurization.
 */
public final class FastStudentTrainer implements StudentTrainer {
    private final FeaturizerConfig featurizerConfig;
    private final int epochs;
    private final double learningRate;
    private final double l2;
    private final int patience;
    private final long seed;
    private final boolean idfWeighting;
    private final boolean averaging;

    private FastStudentTrainer(Builder b) {
        this.idfWeighting = b.idfWeighting;
        this.averaging = b.averaging;
        this.featurizerConfig = b.featurizerConfig;
        this.epochs = b.epochs;
        this.learningRate = b.learningRate;
        this.l2 = b.l2;
        this.patience = b.patience;
        this.seed = b.seed;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a trainer with all defaults (seed 42) */
    public static FastStudentTrainer defaults() {
        return builder().build();
    }

    /** @return the training settings as strings, as recorded in provenance */
    public Map<String, String> config() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("epochs", Integer.toString(epochs));
        m.put("learningRate", Double.toString(learningRate));
        m.put("l2", Double.toString(l2));
        m.put("patience", Integer.toString(patience));
        m.put("idfWeighting", Boolean.toString(idfWeighting));
        m.put("averaging", Boolean.toString(averaging));
        featurizerConfig.toProperties().forEach((k, v) -> m.put(k.substring(k.lastIndexOf('.') + 1), v));
        return m;
    }

    @Override
    public FastStudentModel train(TrainingSet train) {
        return train(train, TrainingSet.of(train.task(), List.of()));
    }

    @Override
    public FastStudentModel train(TrainingSet train, TrainingSet dev) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("training set for task '" + train.task().name() + "' is empty");
        }
        if (!dev.task().equals(train.task())) {
            throw new IllegalArgumentException("dev set task '" + dev.task().name() + "' differs from training task '"
                    + train.task().name() + "'");
        }
        HashingFeaturizer featurizer = new HashingFeaturizer(featurizerConfig);
        boolean multi = train.task().isMultiLabel();
        int c = train.task().labelCount();
        Prepared tr = prepare(train, featurizer);
        Prepared dv = prepare(dev, featurizer);
        int buckets = featurizerConfig.buckets();
        float[] idf = idfWeighting ? inverseDocumentFrequency(tr, buckets) : null;
        // train on the buckets the training set uses, renumbered densely: a smaller, cache-friendly table
        int[] used = usedBuckets(tr, buckets);
        int[] compact = new int[buckets];
        java.util.Arrays.fill(compact, -1);
        for (int k = 0; k < used.length; k++) {
            compact[used[k]] = k;
        }
        tr = tr.remapped(compact, idf);
        dv = dv.remapped(compact, idf);
        Sgd.Result<LinearSgdModel.Parameters> fit = Sgd.fit(new LinearSgdModel(used.length, c, l2, multi, averaging), tr.rows(),
                dv.rows(), multi, c, new Sgd.Settings(epochs, learningRate, patience, seed));
        float[] bestV = fit.best().weights();
        float[] bestB = fit.best().bias();
        int n = tr.size();
        float[] weights = new float[buckets * c];
        for (int k = 0; k < used.length; k++) {
            // the model saw x * idf; folding idf into the weights lets it read plain x
            float f = idf == null ? 1f : idf[used[k]];
            for (int j = 0; j < c; j++) {
                weights[used[k] * c + j] = bestV[k * c + j] * f;
            }
        }
        Map<String, String> cfg = config();
        cfg.put("epochsRun", Integer.toString(fit.epochsRun()));
        cfg.put("trainExamples", Integer.toString(n));
        cfg.put("devExamples", Integer.toString(dv.size()));
        if (!Double.isNaN(fit.devAccuracy())) {
            cfg.put("devAccuracy", Double.toString(fit.devAccuracy()));
            cfg.put("devLogLoss", Double.toString(fit.devLogLoss()));
        }
        Provenance prov = new Provenance(train.task().name(), "fast", cfg, seed, train.fingerprint(), train.teacher(),
                Version.get(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return new FastStudentModel(train.task(), featurizer, weights, bestB, prov);
    }

    private static Prepared prepare(TrainingSet set, HashingFeaturizer featurizer) {
        List<TrainingExample> ex = set.examples();
        int n = ex.size();
        SparseFeatures[] f = new SparseFeatures[n];
        // sorted indices make the weight updates sweep memory in order, which is far faster
        IntStream.range(0, n).parallel().forEach(i -> f[i] = sortedByIndex(featurizer.featurize(ex.get(i).example().text())));
        double[][] y = new double[n][];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = ex.get(i).target().toArray();
            w[i] = ex.get(i).weight();
        }
        return new Prepared(f, y, Sgd.Data.normalizedWeights(w));
    }

    private static SparseFeatures sortedByIndex(SparseFeatures f) {
        int m = f.size();
        long[] packed = new long[m];
        for (int k = 0; k < m; k++) {
            packed[k] = ((long) f.index(k) << 32) | k;
        }
        java.util.Arrays.sort(packed);
        int[] idx = new int[m];
        float[] val = new float[m];
        for (int k = 0; k < m; k++) {
            idx[k] = (int) (packed[k] >>> 32);
            val[k] = f.value((int) packed[k]);
        }
        return new SparseFeatures(idx, val);
    }

    private static int[] usedBuckets(Prepared tr, int buckets) {
        boolean[] seen = new boolean[buckets];
        int count = 0;
        for (SparseFeatures f : tr.features) {
            for (int k = 0; k < f.size(); k++) {
                if (!seen[f.index(k)]) {
                    seen[f.index(k)] = true;
                    count++;
                }
            }
        }
        int[] used = new int[count];
        int u = 0;
        for (int i = 0; i < buckets; i++) {
            if (seen[i]) {
                used[u++] = i;
            }
        }
        return used;
    }

    private static float[] inverseDocumentFrequency(Prepared tr, int buckets) {
        int[] df = new int[buckets];
        for (SparseFeatures f : tr.features) {
            for (int k = 0; k < f.size(); k++) {
                df[f.index(k)]++;
            }
        }
        int n = tr.size();
        float[] idf = new float[buckets];
        for (int f = 0; f < buckets; f++) {
            idf[f] = (float) (Math.log((1.0 + n) / (1.0 + df[f])) + 1.0);
        }
        return idf;
    }

    /** Featurized examples with targets and normalised weights. */
    private static final class Prepared {
        final SparseFeatures[] features;
        final double[][] targets;
        final double[] weights;

        Prepared(SparseFeatures[] features, double[][] targets, double[] weights) {
            this.features = features;
            this.targets = targets;
            this.weights = weights;
        }

        int size() {
            return features.length;
        }

        /** @return the rows as {@link Sgd} reads them (arrays shared, not copied) */
        Sgd.Data rows() {
            int[][] idx = new int[features.length][];
            float[][] val = new float[features.length][];
            for (int i = 0; i < features.length; i++) {
                idx[i] = features[i].indicesArray();
                val[i] = features[i].valuesArray();
            }
            return new Sgd.Data(idx, val, targets, weights);
        }

        /**
         * Renumbers indices through {@code compact}, dropping features mapped to -1, and scales each
         * value by {@code factor} of its original bucket when a factor is given.
         */
        Prepared remapped(int[] compact, float[] factor) {
            SparseFeatures[] out = new SparseFeatures[features.length];
            for (int i = 0; i < features.length; i++) {
                int[] idx = features[i].indicesArray();
                float[] val = features[i].valuesArray();
                int m = 0;
                for (int k = 0; k < idx.length; k++) {
                    m += compact[idx[k]] >= 0 ? 1 : 0;
                }
                int[] ni = new int[m];
                float[] nv = new float[m];
                int o = 0;
                for (int k = 0; k < idx.length; k++) {
                    int to = compact[idx[k]];
                    if (to >= 0) {
                        ni[o] = to;
                        nv[o++] = factor == null ? val[k] : val[k] * factor[idx[k]];
                    }
                }
                out[i] = new SparseFeatures(ni, nv);
            }
            return new Prepared(out, targets, weights);
        }
    }

    /** Builder for {@link FastStudentTrainer}; not thread-safe. */
    public static final class Builder {
        private FeaturizerConfig featurizerConfig = FeaturizerConfig.defaults();
        private int epochs = 20;
        private double learningRate = 2.0;
        private double l2 = 1e-5;
        private int patience = 4;
        private long seed = 42;
        private boolean idfWeighting = true;
        private boolean averaging = true;

        private Builder() {
        }

        /**
         * Averaged SGD: the model kept (and scored on dev for early stopping) is the running average
         * of the weights after every step rather than the last step's weights, which makes the
         * result less sensitive to the epoch early stopping picks (default on: on held-out folds of
         * the shared datasets' train splits it was as accurate or more, never less).
         *
         * @param averaging whether to average the iterates (default true)
         * @return this builder
         */
        public Builder averaging(boolean averaging) {
            this.averaging = averaging;
            return this;
        }

        /**
         * Scales each feature by its inverse document frequency in the training set while training,
         * then folds the scale into the weights, so the exported model reads plain features.
         *
         * @param idfWeighting whether to weight features by IDF (default true)
         * @return this builder
         */
        public Builder idfWeighting(boolean idfWeighting) {
            this.idfWeighting = idfWeighting;
            return this;
        }

        /**
         * @param config featurizer settings
         * @return this builder
         */
        public Builder featurizer(FeaturizerConfig config) {
            this.featurizerConfig = java.util.Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * @param epochs the most passes over the data, at least 1
         * @return this builder
         */
        public Builder epochs(int epochs) {
            this.epochs = Sgd.requireEpochs(epochs);
            return this;
        }

        /**
         * @param learningRate initial SGD step relative to the mean squared feature norm of the
         *     training set (so it suits short and long texts alike), decaying linearly to zero;
         *     positive (default 2)
         * @return this builder
         */
        public Builder learningRate(double learningRate) {
            this.learningRate = Sgd.requireLearningRate(learningRate);
            return this;
        }

        /**
         * @param l2 L2 penalty per example step; zero or more
         * @return this builder
         */
        public Builder l2(double l2) {
            this.l2 = Sgd.requireL2(l2);
            return this;
        }

        /**
         * @param patience epochs without dev improvement before stopping, at least 1
         * @return this builder
         */
        public Builder patience(int patience) {
            this.patience = Sgd.requirePatience(patience);
            return this;
        }

        /**
         * @param seed seed for shuffling; the same seed and data give the same model
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @return the trainer */
        public FastStudentTrainer build() {
            return new FastStudentTrainer(this);
        }
    }
}
