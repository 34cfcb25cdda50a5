package dev.annotator.student.fast;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.Task;
import dev.annotator.core.weigh.AnnotatedExample;
import dev.annotator.core.weigh.LabelWeigher;
import dev.annotator.student.internal.Reweighting;
import dev.annotator.student.internal.Sgd;
import dev.annotator.student.internal.Reweighting.Gradient;
import dev.annotator.student.internal.Reweighting.Linear;
import dev.annotator.student.internal.Reweighting.Rows;
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
            Reweighting.shuffle(order, rng);
            for (int start = 0; start < n; start += batchSize) {
                int[] batch = Arrays.copyOfRange(order, start, Math.min(n, start + batchSize));
                int[] goldBatch;
                if (gb < goldOrder.length) {
                    Reweighting.shuffle(goldOrder, rng);
                    goldBatch = Arrays.copyOf(goldOrder, gb);
                } else {
                    goldBatch = goldOrder;
                }
                double eta = eta0 * (1.0 - (double) step / total);
                step++;
                double[] w = Reweighting.batchWeights(model, train, batch, goldRows, goldBatch, grad);
                for (int k = 0; k < batch.length; k++) {
                    last[batch[k]] = w[k] * batch.length;
                }
                model.step(train, batch, w, eta);
            }
        }
        return last;
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
            this.epochs = Sgd.requireEpochs(epochs);
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
            this.learningRate = Sgd.requireLearningRate(learningRate);
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
