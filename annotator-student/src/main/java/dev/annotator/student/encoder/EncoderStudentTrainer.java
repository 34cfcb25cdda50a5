package dev.annotator.student.encoder;

import dev.annotator.core.Version;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.student.StudentTrainer;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.student.internal.HeadFit;
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
 * Trains the encoder student: a head on the frozen embeddings of an {@link OnnxSentenceEncoder}.
 * The head is a softmax (single-label) or independent sigmoids (multi-label), linear or with one
 * hidden ReLU layer, fitted by the same SGD as the fast student (per-example weights, soft targets,
 * seeded shuffling, early stopping on dev log-loss). Embeddings are standardised per dimension
 * during training and the scaling is folded into the first layer, so the model reads plain
 * embeddings. Texts are embedded through the encoder, so its {@link EmbeddingCache}, if any, spares
 * repeated texts across calls (an active-learning loop retraining each round embeds each text once).
 *
 * <p>Immutable and thread-safe; the encoder is not owned and must stay open while its models are used.
 */
public final class EncoderStudentTrainer implements StudentTrainer {
    private final OnnxSentenceEncoder encoder;
    private final int hiddenUnits;
    private final int epochs;
    private final double learningRate;
    private final double l2;
    private final int patience;
    private final long seed;

    private EncoderStudentTrainer(Builder b) {
        this.encoder = b.encoder;
        this.hiddenUnits = b.hiddenUnits;
        this.epochs = b.epochs;
        this.learningRate = b.learningRate;
        this.l2 = b.l2;
        this.patience = b.patience;
        this.seed = b.seed;
    }

    /**
     * @param encoder the frozen encoder; not owned, keep it open while models are used
     * @return a builder with the defaults
     */
    public static Builder builder(OnnxSentenceEncoder encoder) {
        return new Builder(encoder);
    }

    /** @return the training settings as strings, as recorded in provenance */
    public Map<String, String> config() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("encoder", encoder.name());
        m.put("hiddenUnits", Integer.toString(hiddenUnits));
        m.put("epochs", Integer.toString(epochs));
        m.put("learningRate", Double.toString(learningRate));
        m.put("l2", Double.toString(l2));
        m.put("patience", Integer.toString(patience));
        return m;
    }

    @Override
    public EncoderStudentModel train(TrainingSet train) {
        return train(train, TrainingSet.of(train.task(), List.of()));
    }

    @Override
    public EncoderStudentModel train(TrainingSet train, TrainingSet dev) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("training set for task '" + train.task().name() + "' is empty");
        }
        if (!dev.task().equals(train.task())) {
            throw new IllegalArgumentException("dev set task '" + dev.task().name() + "' differs from training task '"
                    + train.task().name() + "'");
        }
        boolean multi = train.task().isMultiLabel();
        int c = train.task().labelCount();
        int d = encoder.dimension();
        long truncatedBefore = encoder.truncatedTexts();
        float[][] xt = embed(train);
        float[][] xd = embed(dev);
        long truncated = encoder.truncatedTexts() - truncatedBefore;
        // standardise each dimension on the training set; folded into the first layer afterwards
        Standardization std = Standardization.fit(xt, d);
        Sgd.Data tr = rows(train, xt, std);
        Sgd.Data dv = rows(dev, xd, std);
        Sgd.Settings settings = new Sgd.Settings(epochs, learningRate, patience, seed);
        HeadFit head = HeadFit.fit(std, tr, dv, d, c, hiddenUnits, l2, multi, settings);
        Map<String, String> cfg = config();
        cfg.put("epochsRun", Integer.toString(head.epochsRun()));
        cfg.put("trainExamples", Integer.toString(train.size()));
        cfg.put("devExamples", Integer.toString(dev.size()));
        cfg.put("truncatedTexts", Long.toString(truncated));
        if (!Double.isNaN(head.devAccuracy())) {
            cfg.put("devAccuracy", Double.toString(head.devAccuracy()));
            cfg.put("devLogLoss", Double.toString(head.devLogLoss()));
        }
        Provenance prov = new Provenance(train.task().name(), "encoder", cfg, seed, train.fingerprint(), train.teacher(),
                Version.get(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return new EncoderStudentModel(train.task(), encoder, head.hidden(), head.weights(), head.bias(), prov);
    }

    private float[][] embed(TrainingSet set) {
        List<String> texts = new ArrayList<>(set.size());
        for (TrainingExample e : set.examples()) {
            texts.add(e.example().text());
        }
        return encoder.embedAll(texts).toArray(new float[0][]);
    }

    private static Sgd.Data rows(TrainingSet set, float[][] x, Standardization std) {
        int n = x.length;
        double[][] y = new double[n][];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = set.examples().get(i).target().toArray();
            w[i] = set.examples().get(i).weight();
        }
        return std.rows(x, y, w);
    }

    /** Builder for {@link EncoderStudentTrainer}; not thread-safe. */
    public static final class Builder {
        private final OnnxSentenceEncoder encoder;
        private int hiddenUnits;
        private int epochs = 30;
        private double learningRate = 0.3;
        private double l2 = 1e-4;
        private int patience = 5;
        private long seed = 42;

        private Builder(OnnxSentenceEncoder encoder) {
            this.encoder = Objects.requireNonNull(encoder, "encoder");
        }

        /**
         * @param hiddenUnits units of one hidden ReLU layer, or 0 for a linear head (default 0)
         * @return this builder
         */
        public Builder hiddenUnits(int hiddenUnits) {
            if (hiddenUnits < 0) {
                throw new IllegalArgumentException("hiddenUnits must be >= 0: " + hiddenUnits);
            }
            this.hiddenUnits = hiddenUnits;
            return this;
        }

        /**
         * @param epochs the most passes over the data, at least 1 (default 30)
         * @return this builder
         */
        public Builder epochs(int epochs) {
            this.epochs = Sgd.requireEpochs(epochs);
            return this;
        }

        /**
         * @param learningRate initial SGD step relative to the mean squared norm of the standardised
         *     embeddings, decaying linearly to zero; positive (default 0.3, chosen on the dev splits of the
         *     shared datasets)
         * @return this builder
         */
        public Builder learningRate(double learningRate) {
            this.learningRate = Sgd.requireLearningRate(learningRate);
            return this;
        }

        /**
         * @param l2 L2 penalty per example step; zero or more (default 1e-4)
         * @return this builder
         */
        public Builder l2(double l2) {
            this.l2 = Sgd.requireL2(l2);
            return this;
        }

        /**
         * @param patience epochs without dev improvement before stopping, at least 1 (default 5)
         * @return this builder
         */
        public Builder patience(int patience) {
            this.patience = Sgd.requirePatience(patience);
            return this;
        }

        /**
         * @param seed seed for shuffling and initialisation; the same seed and data give the same model
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @return the trainer */
        public EncoderStudentTrainer build() {
            return new EncoderStudentTrainer(this);
        }
    }
}
