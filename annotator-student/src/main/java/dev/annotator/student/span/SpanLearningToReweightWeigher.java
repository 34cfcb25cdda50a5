package dev.annotator.student.span;

import dev.annotator.core.data.Split;
import dev.annotator.core.span.BioCodec;
import dev.annotator.core.span.SpanAnnotation;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
import dev.annotator.core.weigh.SpanWeigher;
import dev.annotator.student.encoder.OnnxTokenEncoder;
import dev.annotator.student.encoder.TokenEmbeddings;
import dev.annotator.student.internal.Reweighting;
import dev.annotator.student.internal.Sgd;
import dev.annotator.student.internal.Reweighting.Gradient;
import dev.annotator.student.internal.Reweighting.Linear;
import dev.annotator.student.internal.Reweighting.Rows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Learning-to-reweight (Ren et al. 2018, as LLMAAA uses it) for span tasks: weighs each annotated
 * text by how much a step on it would lower the loss of a linear BIO token head on a small gold set
 * (LLMAAA: the 100 gold dev texts). The span counterpart of
 * {@link dev.annotator.student.fast.LearningToReweightWeigher}.
 *
 * <p>The meta-model is {@link SpanTaggerTrainer}'s head: a linear softmax over the BIO tags of the task
 * ({@link BioCodec}) on the frozen per-wordpiece states of an {@link OnnxTokenEncoder}, standardised per
 * dimension over the annotated texts' tokens, special tokens left out of the loss. As in the trainer, a
 * text's weight scales each of its token losses, so a text's loss ℓ<sub>i</sub> is the <em>sum</em> of
 * its tokens' cross-entropies; the gold loss L<sub>gold</sub> is the mean token cross-entropy over the
 * gold batch's tokens (its scale does not matter: the weights are normalised).
 *
 * <p>For each shuffled mini-batch B of annotated texts, at the current head θ, the virtual step
 * θ'(ε) = θ − η Σ<sub>i∈B</sub> ε<sub>i</sub> ∇ℓ<sub>i</sub>(θ) gives at ε = 0 exactly
 * ∂L<sub>gold</sub>(θ')/∂ε<sub>i</sub> = −η Σ<sub>t∈i</sub> (p<sub>t</sub> − y<sub>t</sub>)<sup>T</sup>
 * (G x<sub>t</sub> + g<sub>b</sub>), with G, g<sub>b</sub> the gold gradient of weights and bias and
 * p<sub>t</sub>, y<sub>t</sub>, x<sub>t</sub> the tag probabilities, one-hot BIO tag and standardised
 * state of token t. w<sub>i</sub> = max(−∂L<sub>gold</sub>/∂ε<sub>i</sub>, 0), normalised to sum 1
 * over B (uniform when every value is zero); the real step is then taken on the w-weighted loss. The
 * gold batch is a seeded sample of {@link Builder#goldBatchSize(int)} gold texts (all by default). The
 * learning rate is relative to the mean squared norm of the standardised token states and decays
 * linearly to zero; the head has no L2 and starts from zero. The last epoch's weights, rescaled to mean
 * 1, are returned (all 1 when every weight is zero); the loop's span trainer then trains on them.
 *
 * <p>Texts are encoded once per call (the gold texts once per weigher); texts longer than the
 * encoder's maximum length are truncated, as in the trainer. The same input and seed give the same
 * weights. Thread-safe; the encoder is not owned and must stay open while the weigher is used.
 */
public final class SpanLearningToReweightWeigher implements SpanWeigher {
    private final Task task;
    private final BioCodec codec;
    private final OnnxTokenEncoder encoder;
    private final List<SpanExample> gold;
    private final int epochs;
    private final int batchSize;
    private final int goldBatchSize;
    private final double learningRate;
    private final long seed;
    private List<TokenEmbeddings> goldEmbeddings;

    private SpanLearningToReweightWeigher(Builder b) {
        this.task = b.task;
        this.codec = BioCodec.of(b.task);
        this.encoder = b.encoder;
        this.gold = b.gold;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.goldBatchSize = b.goldBatchSize;
        this.learningRate = b.learningRate;
        this.seed = b.seed;
    }

    /**
     * A builder; {@link Builder#gold(List)} is required.
     *
     * @param task the span task whose entity types are tagged
     * @param encoder the frozen token encoder; not owned, keep it open while the weigher is used
     * @return a new builder
     * @throws IllegalArgumentException when the task is not a span task
     */
    public static Builder builder(Task task, OnnxTokenEncoder encoder) {
        return new Builder(task, encoder);
    }

    @Override
    public String name() {
        return "reweight";
    }

    @Override
    public String toString() {
        return "reweight(task=" + task.name() + ", gold=" + gold.size() + ", epochs=" + epochs + ", batch=" + batchSize
                + ", goldBatch=" + goldBatchSize + ", lr=" + learningRate + ", seed=" + seed + ")";
    }

    /**
     * {@inheritDoc}
     *
     * @return one weight per text, mean 1 (all 1 when every learned weight is zero)
     * @throws IllegalArgumentException when an annotation is an abstention or has a span whose type is
     *     not an entity type of the task
     */
    @Override
    public double[] weigh(List<SpanAnnotation> annotations) {
        Objects.requireNonNull(annotations, "annotations");
        List<SpanExample> train = new ArrayList<>(annotations.size());
        for (SpanAnnotation a : annotations) {
            Objects.requireNonNull(a, "annotation");
            if (a.isAbstention()) {
                throw new IllegalArgumentException("annotation of example '" + a.exampleId()
                        + "' is an abstention; only labelled texts can be weighed");
            }
            SpanExample e = a.toSpanExample(Split.TRAIN);
            SpanTypes.require(task, e, "annotated");
            train.add(e);
        }
        if (train.isEmpty()) {
            return new double[0];
        }
        double[] raw = weights(train);
        double sum = 0;
        for (double w : raw) {
            sum += w;
        }
        double[] out = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = sum > 0 ? raw[i] * raw.length / sum : 1.0;
        }
        return out;
    }

    private synchronized List<TokenEmbeddings> goldEmbeddings() {
        if (goldEmbeddings == null) {
            goldEmbeddings = encoder.embedAll(gold.stream().map(SpanExample::text).toList());
        }
        return goldEmbeddings;
    }

    private double[] weights(List<SpanExample> train) {
        List<TokenEmbeddings> et = encoder.embedAll(train.stream().map(SpanExample::text).toList());
        List<TokenEmbeddings> eg = goldEmbeddings();
        int d = encoder.dimension();
        TokenMoments moments = TokenMoments.of(et, d);
        if (moments.tokens() == 0) {
            // nothing to learn from: every text counts the same
            double[] ones = new double[train.size()];
            Arrays.fill(ones, 1.0);
            return ones;
        }
        double[] mean = moments.mean();
        double[] sd = moments.sd();
        TokenRows rows = TokenRows.of(codec, train, et, mean, sd);
        TokenRows goldRows = TokenRows.of(codec, gold, eg, mean, sd);
        int n = train.size();
        Linear model = new Linear(d, codec.size(), false);
        double eta0 = learningRate / rows.rows.meanSquaredNorm();
        SplittableRandom rng = new SplittableRandom(seed);
        int[] order = identity(n);
        int[] goldOrder = identity(gold.size());
        int gb = Math.min(goldBatchSize, gold.size());
        int batches = (n + batchSize - 1) / batchSize;
        long total = (long) epochs * batches;
        long step = 0;
        double[] last = new double[n];
        Gradient grad = new Gradient(d, codec.size());
        // with every gold text in every step (the default), the gold tokens never change
        int[] allGoldTokens = goldRows.tokensOf(goldOrder);
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
                int[] goldTokens = gb == goldOrder.length ? allGoldTokens : goldRows.tokensOf(goldBatch);
                int[] tokens = rows.tokensOf(batch);
                double[] w = goldTokens.length == 0 ? uniform(batch.length)
                        : Reweighting.clipAndNormalise(textInfluence(model, rows, batch, tokens, goldRows.rows, goldTokens, grad));
                for (int k = 0; k < batch.length; k++) {
                    last[batch[k]] = w[k] * batch.length;
                }
                double[] tokenWeights = new double[tokens.length];
                int at = 0;
                for (int k = 0; k < batch.length; k++) {
                    for (int m = 0; m < rows.textTokens[batch[k]].length; m++) {
                        tokenWeights[at++] = w[k];
                    }
                }
                model.step(rows.rows, tokens, tokenWeights, eta);
            }
        }
        return last;
    }

    /**
     * −∂L_gold(θ − η Σ_i ε_i ∇ℓ_i)/∂ε_i at ε = 0, divided by η, for each text i of the batch, where ℓ_i
     * is the sum of the cross-entropies of text i's tokens and L_gold the mean token cross-entropy over
     * the gold tokens: Σ_{t∈i} (p_t − y_t)ᵀ(G x_t + g_b). {@code tokens} are the batch's token rows,
     * {@code train.tokensOf(batch)}.
     */
    static double[] textInfluence(Linear model, TokenRows train, int[] batch, int[] tokens, Rows gold, int[] goldTokens,
            Gradient grad) {
        double[] perToken = tokens.length == 0 ? new double[0]
                : Reweighting.influence(model, train.rows, tokens, gold, goldTokens, grad);
        double[] s = new double[batch.length];
        int at = 0;
        for (int k = 0; k < batch.length; k++) {
            for (int m = 0; m < train.textTokens[batch[k]].length; m++) {
                s[k] += perToken[at++];
            }
        }
        return s;
    }

    private static double[] uniform(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        return w;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Token rows (special tokens left out) grouped by text. */
    static final class TokenRows {
        final Rows rows;
        final int[][] textTokens;

        TokenRows(Rows rows, int[][] textTokens) {
            this.rows = rows;
            this.textTokens = textTokens;
        }

        static TokenRows of(BioCodec codec, List<SpanExample> examples, List<TokenEmbeddings> emb, double[] mean,
                double[] sd) {
            int d = mean.length;
            int[] all = identity(d);
            int c = codec.size();
            List<double[]> val = new ArrayList<>();
            List<double[]> y = new ArrayList<>();
            int[][] textTokens = new int[examples.size()][];
            for (int i = 0; i < examples.size(); i++) {
                TokenEmbeddings e = emb.get(i);
                int[] tags = codec.encode(examples.get(i), e.tokens());
                List<Integer> mine = new ArrayList<>();
                for (int t = 0; t < e.size(); t++) {
                    if (e.tokens().isSpecial(t)) {
                        continue;
                    }
                    float[] x = e.vectors()[t];
                    double[] z = new double[d];
                    for (int k = 0; k < d; k++) {
                        z[k] = (x[k] - mean[k]) / sd[k];
                    }
                    double[] target = new double[c];
                    target[tags[t]] = 1.0;
                    mine.add(val.size());
                    val.add(z);
                    y.add(target);
                }
                textTokens[i] = mine.stream().mapToInt(Integer::intValue).toArray();
            }
            int[][] idx = new int[val.size()][];
            Arrays.fill(idx, all);
            return new TokenRows(new Rows(idx, val.toArray(new double[0][]), y.toArray(new double[0][])), textTokens);
        }

        int[] tokensOf(int[] texts) {
            int size = 0;
            for (int i : texts) {
                size += textTokens[i].length;
            }
            int[] out = new int[size];
            int at = 0;
            for (int i : texts) {
                System.arraycopy(textTokens[i], 0, out, at, textTokens[i].length);
                at += textTokens[i].length;
            }
            return out;
        }
    }

    /** Builds a {@link SpanLearningToReweightWeigher}; not thread-safe. */
    public static final class Builder {
        private final Task task;
        private final OnnxTokenEncoder encoder;
        private List<SpanExample> gold;
        private int epochs = 10;
        private int batchSize = 16;
        private int goldBatchSize = Integer.MAX_VALUE;
        private double learningRate = 1.0;
        private long seed = 42;

        private Builder(Task task, OnnxTokenEncoder encoder) {
            this.task = Objects.requireNonNull(task, "task");
            this.encoder = Objects.requireNonNull(encoder, "encoder");
            if (task.kind() != TaskKind.SPAN) {
                throw new IllegalArgumentException("task '" + task.name() + "' is not a span task: " + task.kind());
            }
        }

        /**
         * @param gold the small gold set (LLMAAA: the 100 gold dev texts), not empty, every span of an
         *     entity type of the task
         * @return this builder
         * @throws IllegalArgumentException when empty or a span's type is not an entity type of the task
         */
        public Builder gold(List<SpanExample> gold) {
            Objects.requireNonNull(gold, "gold");
            if (gold.isEmpty()) {
                throw new IllegalArgumentException("the gold set for reweighting is empty");
            }
            for (SpanExample e : gold) {
                Objects.requireNonNull(e, "gold example");
                SpanTypes.require(task, e, "gold");
            }
            this.gold = List.copyOf(gold);
            return this;
        }

        /**
         * @param epochs passes over the annotated texts, at least 1; default 10
         * @return this builder
         */
        public Builder epochs(int epochs) {
            this.epochs = Sgd.requireEpochs(epochs);
            return this;
        }

        /**
         * @param batchSize annotated texts per step, at least 1; default 16
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
         * @param goldBatchSize gold texts sampled per step, at least 1; default all of them
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
         * @param learningRate initial step relative to the mean squared norm of the standardised token
         *     states, positive and finite; default 1
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
        public SpanLearningToReweightWeigher build() {
            if (gold == null) {
                throw new IllegalStateException("SpanLearningToReweightWeigher needs a gold set: builder(task, encoder).gold(...)");
            }
            return new SpanLearningToReweightWeigher(this);
        }
    }
}
