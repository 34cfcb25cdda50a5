package dev.annotator.student.relation;

import ai.onnx.proto.OnnxMl;
import dev.annotator.core.Version;
import dev.annotator.core.internal.Digests;
import dev.annotator.core.span.RelationExample;
import dev.annotator.core.span.RelationInstance;
import dev.annotator.core.data.Example;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.student.StudentTrainer;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.Task;
import dev.annotator.student.encoder.OnnxSentenceEncoder;
import dev.annotator.student.internal.HeadFit;
import dev.annotator.student.internal.Sgd;
import dev.annotator.student.internal.Standardization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Trains a {@link RelationStudentModel}: the frozen encoder's token hidden states are averaged over
 * the tokens of {@code e1} and over those of {@code e2} (every word piece overlapping the entity's
 * characters), concatenated with the pooled sentence embedding unless
 * {@link Builder#sentenceEmbedding(boolean)} is off, standardised, and a softmax head (linear, or one
 * hidden ReLU layer) over the task's relation labels is fitted by the shared SGD with per-example
 * weights, a seed and early stopping on dev log-loss. The pooling runs inside ONNX Runtime on the
 * same graph the exported file holds, so in-memory and exported predictions agree.
 *
 * <pre>{@code
 * try (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.miniLm();
 *      RelationStudentModel model = RelationStudentTrainer.builder(encoder).seed(42).build()
 *              .train(task, train, dev)) {                       // task labels include no_relation
 *     model.exportOnnx(Path.of("relation/student.onnx"));
 * }
 * }</pre>
 *
 * <p>As a {@link StudentTrainer} it learns from a {@link TrainingSet} of marked texts
 * ({@link RelationInstance#toExample()}, what {@code LlmRelationAnnotator} annotates), with their soft
 * labels and weights, so it plugs into {@code ActiveAnnotationLoop} and {@code DistillationPipeline}
 * with any {@code LabelWeigher}.
 *
 * <p>Immutable and thread-safe. The encoder is read once per {@link #train} call (its graph and
 * tokenizer); the trained model does not need it afterwards.
 */
public final class RelationStudentTrainer implements StudentTrainer {
    private final OnnxSentenceEncoder encoder;
    private final boolean sentence;
    private final int hiddenUnits;
    private final int epochs;
    private final double learningRate;
    private final double l2;
    private final int patience;
    private final long seed;
    private final String teacher;

    private RelationStudentTrainer(Builder b) {
        this.encoder = b.encoder;
        this.sentence = b.sentence;
        this.hiddenUnits = b.hiddenUnits;
        this.epochs = b.epochs;
        this.learningRate = b.learningRate;
        this.l2 = b.l2;
        this.patience = b.patience;
        this.seed = b.seed;
        this.teacher = b.teacher;
    }

    /**
     * @param encoder the frozen encoder; only read while training
     * @return a builder with the defaults
     */
    public static Builder builder(OnnxSentenceEncoder encoder) {
        return new Builder(encoder);
    }

    /** @return the training settings as strings, as recorded in provenance */
    public Map<String, String> config() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("encoder", encoder.name());
        m.put("pooling", sentence ? "e1-mean,e2-mean,sentence" : "e1-mean,e2-mean");
        m.put("hiddenUnits", Integer.toString(hiddenUnits));
        m.put("epochs", Integer.toString(epochs));
        m.put("learningRate", Double.toString(learningRate));
        m.put("l2", Double.toString(l2));
        m.put("patience", Integer.toString(patience));
        return m;
    }

    /**
     * Trains with every example weighted 1.
     *
     * @param task the relation task; its labels are the relations, the negative included
     * @param train training examples; not empty
     * @param dev dev examples for early stopping; may be empty
     * @return the model; close it when done
     */
    public RelationStudentModel train(Task task, List<RelationExample> train, List<RelationExample> dev) {
        double[] ones = new double[train.size()];
        Arrays.fill(ones, 1.0);
        return train(task, train, ones, dev);
    }

    /**
     * Trains with per-example weights.
     *
     * @param task the relation task (kind {@code RELATION} or {@code SINGLE_LABEL}); its labels are the
     *     relations, the negative included
     * @param train training examples; not empty
     * @param weights one finite, non-negative weight per training example, not all zero
     * @param dev dev examples for early stopping; may be empty
     * @return the model; close it when done
     * @throws IllegalArgumentException when the task is multi-label or a span task, {@code train} is
     *     empty, the weights do not match
     * @throws dev.annotator.core.task.UnknownLabelException when an example's relation is not a label of the task
     * @throws RelationInputException when an entity covers no token of the encoder's tokenization
     */
    public RelationStudentModel train(Task task, List<RelationExample> train, double[] weights, List<RelationExample> dev) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(dev, "dev");
        requireRelationTask(task);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("training set for task '" + task.name() + "' is empty");
        }
        if (weights.length != train.size()) {
            throw new IllegalArgumentException("got " + weights.length + " weights for " + train.size() + " training examples");
        }
        boolean anyPositive = false;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weight of '" + train.get(i).id() + "' must be finite and >= 0: " + weights[i]);
            }
            anyPositive |= weights[i] > 0;
        }
        if (!anyPositive) {
            throw new IllegalArgumentException("every training weight is zero");
        }
        double[] devWeights = new double[dev.size()];
        Arrays.fill(devWeights, 1.0);
        return fit(task, instances(train), targets(task, train), weights, instances(dev), targets(task, dev), devWeights,
                fingerprint(task, train, weights), teacher);
    }

    /**
     * Trains on marked texts ({@link RelationInstance#toExample()}) with their soft labels and weights.
     *
     * @param train the training set of a relation (or single-label) task; not empty
     * @return the model; close it when done
     * @throws IllegalArgumentException when a text's entity markers are missing, repeated or nested
     */
    @Override
    public RelationStudentModel train(TrainingSet train) {
        return train(train, TrainingSet.of(train.task(), List.of()));
    }

    /**
     * Trains on marked texts with their soft labels and weights, early-stopping on dev.
     *
     * @param train the training set of a relation (or single-label) task; not empty
     * @param dev the dev set of the same task; may be empty
     * @return the model; close it when done
     * @throws IllegalArgumentException when the tasks differ, the task is not a relation task, the
     *     training set is empty, or a text's entity markers are missing, repeated or nested
     * @throws RelationInputException when an entity covers no token
     */
    @Override
    public RelationStudentModel train(TrainingSet train, TrainingSet dev) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(dev, "dev");
        Task task = requireRelationTask(train.task());
        if (!dev.task().equals(task)) {
            throw new IllegalArgumentException("dev set task '" + dev.task().name() + "' differs from training task '"
                    + task.name() + "'");
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("training set for task '" + task.name() + "' is empty");
        }
        double[] weights = new double[train.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = train.examples().get(i).weight();
        }
        double[] devWeights = new double[dev.size()];
        for (int i = 0; i < devWeights.length; i++) {
            devWeights[i] = dev.examples().get(i).weight();
        }
        return fit(task, marked(train), soft(train), weights, marked(dev), soft(dev), devWeights, train.fingerprint(),
                train.teacher());
    }

    private static List<RelationInstance> marked(TrainingSet set) {
        List<RelationInstance> out = new ArrayList<>(set.size());
        for (TrainingExample e : set.examples()) {
            Example x = e.example();
            out.add(RelationInstance.fromMarkedText(x));
        }
        return out;
    }

    private static double[][] soft(TrainingSet set) {
        double[][] y = new double[set.size()][];
        for (int i = 0; i < y.length; i++) {
            y[i] = set.examples().get(i).target().toArray();
        }
        return y;
    }

    private static Task requireRelationTask(Task task) {
        Objects.requireNonNull(task, "task");
        if (task.isSpan() || task.isMultiLabel()) {
            throw new IllegalArgumentException("a relation student needs a relation (or single-label) task; task '" + task.name()
                    + "' is " + task.kind());
        }
        return task;
    }

    private RelationStudentModel fit(Task task, List<RelationInstance> train, double[][] yt, double[] weights,
            List<RelationInstance> dev, double[][] yd, double[] devWeights, String fingerprint, String teacherName) {
        int c = task.labelCount();
        int d = encoder.dimension();
        OnnxMl.ModelProto graph = RelationGraphs.features(encoder.pooledModel(), sentence, d);
        byte[] tokenizerJson = encoder.tokenizerJson();
        EntityMaskSession features;
        try {
            features = EntityMaskSession.open(graph.toByteArray(), tokenizerJson, encoder.maxLength(), encoder.batchSize(),
                    RelationGraphs.FEATURES, "relation student features for task '" + task.name() + "'");
        } catch (IOException e) {
            throw new UncheckedIOException("reading the tokenizer of " + encoder.name(), e);
        }
        try {
            float[][] xt = features.run(train);
            float[][] xd = features.run(dev);
            int f = xt[0].length;
            Standardization std = Standardization.fit(xt, f);
            Sgd.Data tr = std.rows(xt, yt, weights);
            Sgd.Data dv = std.rows(xd, yd, devWeights);
            Sgd.Settings settings = new Sgd.Settings(epochs, learningRate, patience, seed);
            HeadFit head = HeadFit.fit(std, tr, dv, f, c, hiddenUnits, l2, false, settings);
            Map<String, String> cfg = config();
            cfg.put("epochsRun", Integer.toString(head.epochsRun()));
            cfg.put("trainExamples", Integer.toString(train.size()));
            cfg.put("devExamples", Integer.toString(dev.size()));
            if (!Double.isNaN(head.devAccuracy())) {
                cfg.put("devAccuracy", Double.toString(head.devAccuracy()));
                cfg.put("devLogLoss", Double.toString(head.devLogLoss()));
            }
            Provenance prov = new Provenance(task.name(), RelationGraphs.STUDENT_TYPE, cfg, seed, fingerprint, teacherName,
                    Version.get(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            return new RelationStudentModel(task, features, graph, tokenizerJson, encoder.settings(), sentence, head.hidden(), head.weights(),
                    head.bias(), prov);
        } catch (RuntimeException e) {
            features.close();
            throw e;
        }
    }

    private static double[][] targets(Task task, List<RelationExample> examples) {
        double[][] y = new double[examples.size()][];
        for (int i = 0; i < y.length; i++) {
            RelationExample e = Objects.requireNonNull(examples.get(i), "relation example is null");
            y[i] = new double[task.labelCount()];
            y[i][task.requireIndex(e.relation())] = 1.0;
        }
        return y;
    }

    private static List<RelationInstance> instances(List<RelationExample> examples) {
        List<RelationInstance> out = new ArrayList<>(examples.size());
        for (RelationExample e : examples) {
            out.add(e.instance());
        }
        return out;
    }

    private static String fingerprint(Task task, List<RelationExample> train, double[] weights) {
        MessageDigest md = Digests.sha256();
        Digests.update(md, task.name());
        for (int i = 0; i < train.size(); i++) {
            RelationExample e = train.get(i);
            Digests.update(md, e.id());
            Digests.update(md, e.instance().text());
            Digests.update(md, e.instance().e1().toString());
            Digests.update(md, e.instance().e2().toString());
            Digests.update(md, e.relation());
            Digests.update(md, Double.toString(weights[i]));
        }
        return Digests.hex(md.digest());
    }

    /** Builder for {@link RelationStudentTrainer}; not thread-safe. */
    public static final class Builder {
        private final OnnxSentenceEncoder encoder;
        private boolean sentence = true;
        private int hiddenUnits;
        private int epochs = 40;
        private double learningRate = 0.3;
        private double l2 = 1e-4;
        private int patience = 5;
        private long seed = 42;
        private String teacher = "unspecified";

        private Builder(OnnxSentenceEncoder encoder) {
            this.encoder = Objects.requireNonNull(encoder, "encoder");
        }

        /**
         * @param sentence whether the features include the pooled sentence embedding next to the two
         *     entity means (default true)
         * @return this builder
         */
        public Builder sentenceEmbedding(boolean sentence) {
            this.sentence = sentence;
            return this;
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
         * @param epochs the most passes over the data, at least 1 (default 40)
         * @return this builder
         */
        public Builder epochs(int epochs) {
            this.epochs = Sgd.requireEpochs(epochs);
            return this;
        }

        /**
         * @param learningRate initial SGD step relative to the mean squared norm of the standardised
         *     features, decaying linearly to zero; positive (default 0.3)
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

        /**
         * @param teacher who labelled the {@link RelationExample}s, recorded in provenance (default
         *     {@code unspecified}); a {@link TrainingSet} names its own teacher
         * @return this builder
         */
        public Builder teacher(String teacher) {
            if (teacher == null || teacher.isBlank()) {
                throw new IllegalArgumentException("teacher must be non-blank: '" + teacher + "'");
            }
            this.teacher = teacher;
            return this;
        }

        /** @return the trainer */
        public RelationStudentTrainer build() {
            return new RelationStudentTrainer(this);
        }
    }
}
