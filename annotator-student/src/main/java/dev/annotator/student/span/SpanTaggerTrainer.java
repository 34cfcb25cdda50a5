package dev.annotator.student.span;

import dev.annotator.core.Version;
import dev.annotator.core.eval.SpanMetrics;
import dev.annotator.core.span.BioCodec;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanDataset;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.span.SpanPrediction;
import dev.annotator.core.span.SpanStudentTrainer;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.task.Task;
import dev.annotator.student.encoder.OnnxTokenEncoder;
import dev.annotator.student.encoder.TokenEmbeddings;
import dev.annotator.student.internal.LinearSgdModel;
import dev.annotator.student.internal.Sgd;
import dev.annotator.student.internal.Standardization;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trains the span tagger: a linear softmax head over the BIO tags of a span task
 * ({@link BioCodec#of(Task)}) on the frozen contextual token embeddings of an
 * {@link OnnxTokenEncoder} (the encoder's last hidden state for each wordpiece token). Each
 * wordpiece is labelled by {@link BioCodec#encode(java.util.List, dev.annotator.core.span.TokenOffsets)}
 * with the tokenizer's character offsets; special tokens are left out of the loss (padding never
 * reaches it). Every token of a text is weighted by the text's weight. Fitted by the same SGD as
 * the other students ({@code internal.Sgd}: seeded shuffling of tokens, learning rate decaying
 * linearly, exact L2), early-stopping on the dev texts' token log-loss and keeping the best epoch.
 * Token vectors are standardised per dimension during training and the scaling is folded into the
 * head, so the model reads plain hidden states. The same seed and data give the same model.
 *
 * <p>Texts longer than the encoder's maximum length are truncated: spans past the last token are
 * not learned; the count is in the provenance ({@code truncatedTexts}).
 *
 * <p>Immutable and thread-safe; the encoder is not owned and must stay open while its models are used.
 */
public final class SpanTaggerTrainer implements SpanStudentTrainer {
    private final OnnxTokenEncoder encoder;
    private final int epochs;
    private final double learningRate;
    private final double l2;
    private final int patience;
    private final long seed;
    private final String teacher;
    private final boolean snapToWords;

    private SpanTaggerTrainer(Builder b) {
        this.encoder = b.encoder;
        this.epochs = b.epochs;
        this.learningRate = b.learningRate;
        this.l2 = b.l2;
        this.patience = b.patience;
        this.seed = b.seed;
        this.teacher = b.teacher;
        this.snapToWords = b.snapToWords;
    }

    /**
     * @param encoder the frozen token encoder; not owned, keep it open while models are used
     * @return a builder with the defaults
     */
    public static Builder builder(OnnxTokenEncoder encoder) {
        return new Builder(encoder);
    }

    /** @return the training settings as strings, as recorded in provenance */
    public Map<String, String> config() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("encoder", encoder.name());
        m.put("head", "linear");
        m.put("scheme", "BIO");
        m.put("epochs", Integer.toString(epochs));
        m.put("learningRate", Double.toString(learningRate));
        m.put("l2", Double.toString(l2));
        m.put("patience", Integer.toString(patience));
        m.put("snapToWords", Boolean.toString(snapToWords));
        return m;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException also when every weight is zero, or {@code dev} holds a span
     *     whose type is not a label of {@code task}
     */
    @Override
    public SpanTaggerModel train(Task task, List<SpanExample> train, double[] weights, List<SpanExample> dev) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(dev, "dev");
        BioCodec codec = BioCodec.of(task);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("training set for span task '" + task.name() + "' is empty");
        }
        if (weights.length != train.size()) {
            throw new IllegalArgumentException("got " + weights.length + " weights for " + train.size() + " training texts");
        }
        boolean anyPositive = false;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weight " + i + " (text '" + train.get(i).id() + "') must be finite and >= 0: "
                        + weights[i]);
            }
            anyPositive |= weights[i] > 0;
        }
        if (!anyPositive) {
            throw new IllegalArgumentException("every training weight is zero: nothing to learn");
        }
        requireTypes(task, train, "training");
        requireTypes(task, dev, "dev");
        int c = codec.size();
        int d = encoder.dimension();
        long truncatedBefore = encoder.truncatedTexts();
        List<TokenEmbeddings> et = encoder.embedAll(train.stream().map(SpanExample::text).toList());
        List<TokenEmbeddings> ed = encoder.embedAll(dev.stream().map(SpanExample::text).toList());
        long truncated = encoder.truncatedTexts() - truncatedBefore;
        // standardise each dimension over the training tokens; folded into the head afterwards
        TokenMoments moments = TokenMoments.of(et, d);
        if (moments.tokens() == 0) {
            throw new IllegalArgumentException("the training texts of span task '" + task.name() + "' have no tokens");
        }
        Standardization std = Standardization.of(moments.mean(), moments.sd());
        double[][] oneHot = new double[c][c];
        for (int j = 0; j < c; j++) {
            oneHot[j][j] = 1.0;
        }
        Sgd.Data tr = rows(codec, train, et, weights, std, oneHot);
        double[] devWeights = new double[dev.size()];
        java.util.Arrays.fill(devWeights, 1.0);
        Sgd.Data dv = rows(codec, dev, ed, devWeights, std, oneHot);
        Sgd.Settings settings = new Sgd.Settings(epochs, learningRate, patience, seed);
        Sgd.Result<LinearSgdModel.Parameters> fit = Sgd.fit(new LinearSgdModel(d, c, l2, false), tr, dv, false, c, settings);
        float[] w = fit.best().weights();
        float[] b = fit.best().bias();
        std.fold(w, b, c);
        Map<String, String> cfg = config();
        cfg.put("epochsRun", Integer.toString(fit.epochsRun()));
        cfg.put("trainExamples", Integer.toString(train.size()));
        cfg.put("trainTokens", Integer.toString(tr.size()));
        cfg.put("devExamples", Integer.toString(dev.size()));
        cfg.put("truncatedTexts", Long.toString(truncated));
        Provenance draft = new Provenance(task.name(), "span-tagger", cfg, seed, fingerprint(task, train, weights), teacher,
                Version.get(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        SpanTaggerModel model = new SpanTaggerModel(task, encoder, w, b, snapToWords, draft);
        if (dev.isEmpty()) {
            return model;
        }
        cfg.put("devTokenLogLoss", Double.toString(fit.devLogLoss()));
        cfg.put("devTokenAccuracy", Double.toString(fit.devAccuracy()));
        List<List<Span>> predicted = model.predictEmbedded(dev.stream().map(SpanExample::text).toList(), ed).stream().map(SpanPrediction::spans).toList();
        cfg.put("devSpanF1", Double.toString(SpanMetrics.evaluate(task, SpanMetrics.goldSpans(dev), predicted).micro().f1()));
        Provenance prov = new Provenance(draft.taskName(), draft.studentType(), cfg, seed, draft.dataFingerprint(), teacher,
                draft.libraryVersion(), draft.createdAt());
        return new SpanTaggerModel(task, encoder, w, b, snapToWords, prov);
    }

    /**
     * Trains with every text weighted 1.
     *
     * @param task the span task
     * @param train the training texts; not empty
     * @param dev validation texts for early stopping; may be empty
     * @return the trained model
     */
    @Override
    public SpanTaggerModel train(Task task, List<SpanExample> train, List<SpanExample> dev) {
        double[] ones = new double[Objects.requireNonNull(train, "train").size()];
        java.util.Arrays.fill(ones, 1.0);
        return train(task, train, ones, dev);
    }

    private static void requireTypes(Task task, List<SpanExample> examples, String what) {
        for (SpanExample e : examples) {
            Objects.requireNonNull(e, what + " example");
            SpanTypes.require(task, e, what);
        }
    }

    /** The non-special tokens of the texts as standardised rows, with their BIO tags and their text's weight. */
    private static Sgd.Data rows(BioCodec codec, List<SpanExample> examples, List<TokenEmbeddings> emb, double[] textWeights,
            Standardization std, double[][] oneHot) {
        List<float[]> x = new ArrayList<>();
        List<double[]> y = new ArrayList<>();
        List<Double> w = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            TokenEmbeddings e = emb.get(i);
            int[] tags = codec.encode(examples.get(i), e.tokens());
            for (int t = 0; t < e.size(); t++) {
                if (e.tokens().isSpecial(t)) {
                    continue; // [CLS], [SEP]: not part of the loss
                }
                x.add(e.vectors()[t]);
                y.add(oneHot[tags[t]]);
                w.add(textWeights[i]);
            }
        }
        return std.rows(x.toArray(new float[0][]), y.toArray(new double[0][]), w.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static String fingerprint(Task task, List<SpanExample> train, double[] weights) {
        StringBuilder sb = new StringBuilder();
        for (double x : weights) {
            sb.append(x).append(',');
        }
        List<SpanExample> rows = new ArrayList<>(train.size() + 1);
        for (int i = 0; i < train.size(); i++) {
            SpanExample e = train.get(i);
            // ids may repeat in a training list; the position keeps them apart
            rows.add(SpanExample.of(i + ":" + e.id(), e.text(), e.spans(), e.split()));
        }
        rows.add(SpanExample.of("weights", sb.toString(), List.of(), dev.annotator.core.data.Split.TRAIN));
        return SpanDataset.of(task, rows).fingerprint();
    }

    /** Builder for {@link SpanTaggerTrainer}; not thread-safe. */
    public static final class Builder {
        private final OnnxTokenEncoder encoder;
        private int epochs = 20;
        private double learningRate = 0.3;
        private double l2 = 1e-5;
        private int patience = 3;
        private long seed = 42;
        private String teacher = "gold";
        private boolean snapToWords;

        private Builder(OnnxTokenEncoder encoder) {
            this.encoder = Objects.requireNonNull(encoder, "encoder");
        }

        /**
         * @param epochs the most passes over the training tokens, at least 1 (default 20)
         * @return this builder
         */
        public Builder epochs(int epochs) {
            this.epochs = Sgd.requireEpochs(epochs);
            return this;
        }

        /**
         * @param learningRate initial SGD step relative to the mean squared norm of the standardised
         *     token vectors, decaying linearly to zero; positive (default 0.3)
         * @return this builder
         */
        public Builder learningRate(double learningRate) {
            this.learningRate = Sgd.requireLearningRate(learningRate);
            return this;
        }

        /**
         * @param l2 L2 penalty per token step; zero or more (default 1e-5)
         * @return this builder
         */
        public Builder l2(double l2) {
            this.l2 = Sgd.requireL2(l2);
            return this;
        }

        /**
         * @param patience epochs without dev improvement before stopping, at least 1 (default 3)
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

        /**
         * @param teacher who labelled the training spans, recorded in provenance (default {@code gold})
         * @return this builder
         */
        public Builder teacher(String teacher) {
            if (teacher == null || teacher.isBlank()) {
                throw new IllegalArgumentException("teacher must not be blank: '" + teacher + "'");
            }
            this.teacher = teacher;
            return this;
        }

        /**
         * @param snapToWords whether the trained model snaps predicted spans outwards to whole
         *     whitespace-delimited words ({@link WordSpans}); for data whose spans are whole words
         *     in a language written with spaces (default false)
         * @return this builder
         */
        public Builder snapToWords(boolean snapToWords) {
            this.snapToWords = snapToWords;
            return this;
        }

        /** @return the trainer */
        public SpanTaggerTrainer build() {
            return new SpanTaggerTrainer(this);
        }
    }
}
