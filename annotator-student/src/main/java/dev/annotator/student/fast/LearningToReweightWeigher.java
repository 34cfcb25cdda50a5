package dev.annotator.student.fast;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.Task;
import dev.annotator.core.weigh.AnnotatedExample;
import dev.annotator.core.weigh.LabelWeigher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Learning-to-reweight (Ren et al. 2018, as LLMAAA uses it) for a linear head over the fast
 * student's hashed features: weights annotated examples by how much a step on each one would lower
 * the loss on a small gold set.
 *
 * <p>For each shuffled mini-batch B of the annotated examples, at the current parameters θ of a
 * linear softmax (or, for multi-label tasks, sigmoid) layer, the virtual step
 * θ'(ε) = θ − η Σ<sub>i∈B</sub> ε<sub>i</sub> ∇ℓ<sub>i</sub>(θ) at ε = 0 gives exactly
 * ∂L<sub>gold</sub>(θ')/∂ε<sub>i</sub> = −η ⟨∇L<sub>gold</sub>(θ), ∇ℓ<sub>i</sub>(θ)⟩. With
 * cross-entropy, ∇ℓ<sub>i</sub> = (p<sub>i</sub> − y<sub>i</sub>) ⊗ (x<sub>i</sub>, 1), so the inner
 * product is (p<sub>i</sub> − y<sub>i</sub>)<sup>T</sup> (G x<sub>i</sub> + g<sub>b</sub>) with G, g<sub>b</sub>
 * the gold gradient of weights and bias, and no per-example gradient is materialised.
 * w<sub>i</sub> = max(−∂L<sub>gold</sub>/∂ε<sub>i</sub>, 0), normalised to sum 1 over B (a batch where
 * every value is zero gets uniform weights); the real step is then taken on the w-weighted loss. The
 * gold batch is a seeded sample of {@link Builder#goldBatchSize(int)} gold examples (all of them by
 * default). The weights of the last epoch, rescaled to mean 1 over the kept examples, are the
 * returned {@link TrainingSet}'s weights: the student trainer then trains on them (a two-pass
 * approximation of the online method; see {@link LabelWeigher}).
 *
 * <p>The meta-model has no L2 and starts from zero; its learning rate is relative to the mean squared
 * feature norm of the annotated texts and decays linearly to zero, as in the students' SGD. The same
 * input and seed give the same weights. Immutable and thread-safe.
 */
public final class LearningToReweightWeigher implements LabelWeigher {
    private final TrainingSet gold;
    private final FeaturizerConfig featurizerConfig;
    private final int epochs;
    private final int batchSize;
    private final int goldBatchSize;
    private final double learningRate;
    private final long seed;

    private LearningToReweightWeigher(Builder b) {
        this.gold = b.gold;
        this.featurizerConfig = b.featurizerConfig;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.goldBatchSize = b.goldBatchSize;
        this.learningRate = b.learningRate;
        this.seed = b.seed;
    }

    /**
     * A builder; {@link Builder#gold(TrainingSet)} is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "reweight";
    }

    @Override
    public String toString() {
        return "reweight(epochs=" + epochs + ", batch=" + batchSize + ", goldBatch=" + goldBatchSize + ", lr="
                + learningRate + ", seed=" + seed + ")";
    }

    @Override
    public TrainingSet weigh(Task task, List<AnnotatedExample> annotated) {
        List<AnnotatedExample> kept = labelled(task, annotated);
        if (!gold.task().equals(task)) {
            throw new IllegalArgumentException("gold set belongs to task '" + gold.task().name() + "', not '"
                    + task.name() + "'");
        }
        double[] raw = kept.isEmpty() ? new double[0] : weights(task, kept);
        double sum = 0;
        for (double w : raw) {
            sum += w;
        }
        double scale = sum > 0 ? kept.size() / sum : 1;
        List<TrainingExample> examples = new ArrayList<>(kept.size());
        Set<String> sources = new TreeSet<>();
        for (int i = 0; i < kept.size(); i++) {
            AnnotatedExample a = kept.get(i);
            double w = sum > 0 ? raw[i] * scale : 1.0;
            examples.add(new TrainingExample(a.example(), a.annotation().distribution().orElseThrow(), w));
            sources.add(a.annotation().source());
        }
        TrainingSet set = TrainingSet.of(task, examples);
        return sources.isEmpty() ? set : set.withTeacher(String.join("+", sources));
    }

    private double[] weights(Task task, List<AnnotatedExample> kept) {
        HashingFeaturizer featurizer = new HashingFeaturizer(featurizerConfig);
        Map<Integer, Integer> compact = new HashMap<>();
        int n = kept.size();
        Rows train = new Rows(n);
        for (int i = 0; i < n; i++) {
            train.set(i, featurizer.featurize(kept.get(i).example().text()), compact,
                    kept.get(i).annotation().distribution().orElseThrow().toArray());
        }
        List<TrainingExample> g = gold.examples();
        Rows goldRows = new Rows(g.size());
        for (int i = 0; i < g.size(); i++) {
            goldRows.set(i, featurizer.featurize(g.get(i).example().text()), compact, g.get(i).target().toArray());
        }
        int c = task.labelCount();
        Linear model = new Linear(compact.size(), c, task.isMultiLabel());
        double eta0 = learningRate / train.meanSquaredNorm();
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] goldOrder = new int[goldRows.size()];
        for (int i = 0; i < goldOrder.length; i++) {
            goldOrder[i] = i;
        }
        int gb = Math.min(goldBatchSize, goldRows.size());
        int batches = (n + batchSize - 1) / batchSize;
        long total = (long) epochs * batches;
        long step = 0;
        double[] last = new double[n];
        Gradient grad = new Gradient(compact.size(), c);
        for (int epoch = 0; epoch < epochs; epoch++) {
            shuffle(order, rng);
            for (int start = 0; start < n; start += batchSize) {
                int[] batch = Arrays.copyOfRange(order, start, Math.min(n, start + batchSize));
                int[] goldBatch;
                if (gb < goldOrder.length) {
                    shuffle(goldOrder, rng);
                    goldBatch = Arrays.copyOf(goldOrder, gb);
                } else {
                    goldBatch = goldOrder;
                }
                double eta = eta0 * (1.0 - (double) step / total);
                step++;
                double[] w = batchWeights(model, train, batch, goldRows, goldBatch, grad);
                for (int k = 0; k < batch.length; k++) {
                    last[batch[k]] = w[k] * batch.length;
                }
                model.step(train, batch, w, eta);
            }
        }
        return last;
    }

    /**
     * Ren et al.'s per-batch weights: max(η⟨∇L_gold, ∇ℓ_i⟩, 0) normalised to sum 1, uniform when all
     * are zero.
     */
    static double[] batchWeights(Linear model, Rows train, int[] batch, Rows gold, int[] goldBatch, Gradient grad) {
        double[] s = influence(model, train, batch, gold, goldBatch, grad);
        double[] w = new double[batch.length];
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
     * gold batch: −∂L_gold(θ − η Σ ε_i ∇ℓ_i)/∂ε_i at ε = 0, divided by η.
     */
    static double[] influence(Linear model, Rows train, int[] batch, Rows gold, int[] goldBatch, Gradient grad) {
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

    /** Mean cross-entropy of the model over the given rows. */
    static double loss(Linear model, Rows rows, int[] which) {
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

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static List<AnnotatedExample> labelled(Task task, List<AnnotatedExample> annotated) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(annotated, "annotated");
        Set<String> ids = new HashSet<>();
        List<AnnotatedExample> out = new ArrayList<>();
        for (AnnotatedExample a : annotated) {
            Objects.requireNonNull(a, "annotated example");
            if (!ids.add(a.example().id())) {
                throw new IllegalArgumentException("example '" + a.example().id()
                        + "' has more than one annotation; combine them with a label model before weighing");
            }
            Annotation ann = a.annotation();
            if (ann.isAbstention()) {
                continue;
            }
            if (!ann.distribution().orElseThrow().task().equals(task)) {
                throw new IllegalArgumentException("annotation of example '" + a.example().id() + "' belongs to task '"
                        + ann.distribution().orElseThrow().task().name() + "', not '" + task.name() + "'");
            }
            out.add(a);
        }
        return out;
    }

    /** Sparse rows over compact feature indices, with target distributions. */
    static final class Rows {
        final int[][] idx;
        final double[][] val;
        final double[][] y;

        Rows(int n) {
            idx = new int[n][];
            val = new double[n][];
            y = new double[n][];
        }

        Rows(int[][] idx, double[][] val, double[][] y) {
            this.idx = idx;
            this.val = val;
            this.y = y;
        }

        void set(int i, SparseFeatures f, Map<Integer, Integer> compact, double[] target) {
            int m = f.size();
            idx[i] = new int[m];
            val[i] = new double[m];
            for (int k = 0; k < m; k++) {
                idx[i][k] = compact.computeIfAbsent(f.index(k), key -> compact.size());
                val[i][k] = f.value(k);
            }
            y[i] = target;
        }

        int size() {
            return idx.length;
        }

        double meanSquaredNorm() {
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
    static final class Gradient {
        final double[] w;
        final double[] bias;
        private final int c;
        private int[] touched = new int[64];
        private int count;

        Gradient(int rows, int c) {
            this.w = new double[rows * c];
            this.bias = new double[c];
            this.c = c;
        }

        void add(int row, int j, double d) {
            int at = row * c + j;
            if (w[at] == 0) {
                if (count == touched.length) {
                    touched = Arrays.copyOf(touched, count * 2);
                }
                touched[count++] = at;
            }
            w[at] += d;
        }

        void clear() {
            for (int k = 0; k < count; k++) {
                w[touched[k]] = 0;
            }
            count = 0;
            Arrays.fill(bias, 0);
        }
    }

    /** A linear softmax (or sigmoid) layer in double precision. */
    static final class Linear {
        final double[] w;
        final double[] b;
        final int c;
        final boolean multiLabel;

        Linear(int rows, int c, boolean multiLabel) {
            this.w = new double[rows * c];
            this.b = new double[c];
            this.c = c;
            this.multiLabel = multiLabel;
        }

        Linear copy() {
            Linear m = new Linear(w.length / c, c, multiLabel);
            System.arraycopy(w, 0, m.w, 0, w.length);
            System.arraycopy(b, 0, m.b, 0, c);
            return m;
        }

        void probabilities(int[] idx, double[] val, double[] p) {
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

        /** θ ← θ − η Σ_k weights[k] ∇ℓ_{batch[k]}(θ), all gradients taken at the same θ. */
        void step(Rows rows, int[] batch, double[] weights, double eta) {
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

    /** Builds a {@link LearningToReweightWeigher}. */
    public static final class Builder {
        private TrainingSet gold;
        private FeaturizerConfig featurizerConfig = FeaturizerConfig.defaults();
        private int epochs = 10;
        private int batchSize = 16;
        private int goldBatchSize = Integer.MAX_VALUE;
        private double learningRate = 1.0;
        private long seed = 42;

        private Builder() {
        }

        /**
         * @param gold the small gold set (LLMAAA: 100 dev examples), not empty
         * @return this builder
         */
        public Builder gold(TrainingSet gold) {
            Objects.requireNonNull(gold, "gold");
            if (gold.isEmpty()) {
                throw new IllegalArgumentException("the gold set for reweighting is empty");
            }
            this.gold = gold;
            return this;
        }

        /**
         * @param config the featurizer of the meta-model; default {@link FeaturizerConfig#defaults()}
         * @return this builder
         */
        public Builder featurizer(FeaturizerConfig config) {
            this.featurizerConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * @param epochs passes over the annotated examples, at least 1; default 10
         * @return this builder
         */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1: " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /**
         * @param batchSize annotated examples per step, at least 1; default 16
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param goldBatchSize gold examples sampled per step, at least 1; default all of them
         * @return this builder
         */
        public Builder goldBatchSize(int goldBatchSize) {
            if (goldBatchSize < 1) {
                throw new IllegalArgumentException("goldBatchSize must be at least 1: " + goldBatchSize);
            }
            this.goldBatchSize = goldBatchSize;
            return this;
        }

        /**
         * @param learningRate initial step relative to the mean squared feature norm, positive and
         *     finite; default 1
         * @return this builder
         */
        public Builder learningRate(double learningRate) {
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be positive and finite: " + learningRate);
            }
            this.learningRate = learningRate;
            return this;
        }

        /**
         * @param seed shuffling and gold-sampling seed; default 42
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @return the weigher
         * @throws IllegalStateException when no gold set was given
         */
        public LearningToReweightWeigher build() {
            if (gold == null) {
                throw new IllegalStateException("LearningToReweightWeigher needs a gold set: builder().gold(...)");
            }
            return new LearningToReweightWeigher(this);
        }
    }
}
