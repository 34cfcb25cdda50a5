package dev.annotator.core.pipeline;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.Version;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.eval.AnnotationReport;
import dev.annotator.core.eval.ClassificationReport;
import dev.annotator.core.eval.Evaluator;
import dev.annotator.core.eval.MetricsReport;
import dev.annotator.core.relabel.RelabelResult;
import dev.annotator.core.relabel.StreamingRelabeller;
import dev.annotator.core.report.Evaluation;
import dev.annotator.core.report.RunRecord;
import dev.annotator.core.report.RunRecordJson;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.student.StudentTrainer;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.core.weigh.AnnotatedExample;
import dev.annotator.core.weigh.LabelWeigher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Knowledge distillation from an annotator into a student, as Pangakis and Wolken (2024) and LlamBERT
 * (Csanády et al. 2024) do it: annotate a random subset of the pool, train a student on the answers,
 * score it and the teacher against gold, then relabel a whole corpus with the student.
 *
 * <pre>{@code
 * try (DistillationResult r = DistillationPipeline.builder()
 *         .task(task).poolWithGold(data.split(Split.TRAIN)).dev(data.split(Split.DEV)).test(data.split(Split.TEST))
 *         .annotator(llm).store(store)                     // or ConsistencyAnnotator.of(5, i -> llmSample(i))
 *         .labels(500)                                     // a random subset of 500 texts
 *         .trainer(FastStudentTrainer.builder().seed(42).build())
 *         .deployment((s, dir) -> { ((FastStudentModel) s).exportOnnx(dir.resolve("student.onnx"));
 *                                   return OnnxStudentModel.load(dir); })
 *         .relabel(Path.of("corpus.csv"), Path.of("out/labelled.csv"))
 *         .seed(42).build()
 *         .run(Path.of("out/distill"))) {                 // writes run.json (and the student's files)
 *     System.out.println(r.studentTest() + " vs teacher " + r.teacherTest());
 * }
 * }</pre>
 *
 * <h2>Steps</h2>
 * <ol>
 *   <li><b>sample</b>: the pool shuffled with the seed; texts are taken in that order, in chunks of
 *       {@link Builder#chunkSize(int)}, until {@link Builder#labels(int)} annotations (with
 *       {@link Abstentions#REPLACE}: labels) are acquired, the pool runs out, or the {@link Budget}
 *       would be exceeded (its money bound is checked before each chunk with the dearest answer seen,
 *       as {@link ActiveAnnotationLoop} does);</li>
 *   <li><b>annotate</b>: answers already in the {@link AnnotationStore} from this annotator for this
 *       task are taken from it; every fresh answer is written to the store before it is used, so a
 *       rerun after a crash pays only for what was never answered;</li>
 *   <li><b>weigh and train</b>: the {@link LabelWeigher} turns the answers into weights (by default
 *       their confidence, e.g. a {@link dev.annotator.core.annotate.ConsistencyAnnotator}'s agreement
 *       rate); abstentions follow {@link Abstentions}; in {@link Mode#COMBINED} the gold train rows are
 *       added; the {@link StudentTrainer} early-stops on the gold dev set;</li>
 *   <li><b>deploy</b>: {@link StudentDeployment} exports the student and loads the file back;</li>
 *   <li><b>evaluate</b>: the deployed student on the gold test set; the teacher on the same test set
 *       (its answers are stored too and are outside the budget); the student against the teacher's
 *       labels there (agreement); the teacher on the sampled texts that have gold labels;</li>
 *   <li><b>relabel</b>: the deployed student labels a corpus file, streaming ({@link StreamingRelabeller});</li>
 *   <li><b>record</b>: {@code run.json} ({@link RunRecord}: evaluations, label sources, provenance).</li>
 * </ol>
 *
 * <h2>LlamBERT's combined mode</h2>
 * LlamBERT fine-tunes on the LLM-labelled set, then continues on the gold train set. The
 * {@link StudentTrainer} interface has no warm start, and for the fast student (a convex linear model
 * with L2 toward zero) training on gold to convergence from any starting point ends at the gold-only
 * optimum: sequential training would keep the LLM labels' influence only through where early stopping
 * happens to cut. {@link Mode#COMBINED} therefore trains once on the union, with each gold row weighted
 * {@link Builder#goldWeight(double)} (default 2) relative to the weigher's mean-1 weights: gold takes
 * precedence where the two disagree, as in the sequential scheme, and the LLM labels still count
 * everywhere gold is silent.
 *
 * <p>The pipeline closes the students it replaces but not the annotator, store or trainer it was given.
 * Not thread-safe; an instance may be run more than once.
 */
public final class DistillationPipeline {

    /** What happens to texts the annotator abstained on. */
    public enum Abstentions {
        /** Leave them out (LlamBERT drops unparseable answers); the sample then has fewer labels. */
        DROP,
        /** Leave them out and draw further texts from the pool until the sample has its labels. */
        REPLACE,
        /**
         * Train on them with a uniform target and weight 1: the student learns to be unsure where the
         * teacher was.
         */
        KEEP_UNIFORM
    }

    /** What the student is trained on. */
    public enum Mode {
        /** The annotated sample only (Pangakis and Wolken; LlamBERT's LLM-only student). */
        ANNOTATED,
        /** The annotated sample and the gold train rows, gold weighted up (LlamBERT's combined). */
        COMBINED
    }

    private final Task task;
    private final List<Example> pool;
    private final Map<String, List<String>> poolGold;
    private final List<LabelledExample> dev;
    private final List<LabelledExample> test;
    private final List<LabelledExample> goldTrain;
    private final Annotator annotator;
    private final AnnotationStore store;
    private final int labels;
    private final Budget budget;
    private final Abstentions abstentions;
    private final Mode mode;
    private final double goldWeight;
    private final LabelWeigher weigher;
    private final StudentTrainer trainer;
    private final StudentDeployment deployment;
    private final Path relabelInput;
    private final Path relabelOutput;
    private final int relabelThreads;
    private final int relabelBatchSize;
    private final String relabelTextColumn;
    private final long seed;
    private final int chunkSize;
    private final boolean teacherOnTest;
    private final String name;
    private final DistillationListener listener;

    private DistillationPipeline(Builder b) {
        this.task = b.task;
        this.pool = b.pool;
        this.poolGold = b.poolGold;
        this.dev = b.dev;
        this.test = b.test;
        this.goldTrain = b.goldTrain;
        this.annotator = b.annotator;
        this.store = b.store != null ? b.store : new InMemoryAnnotationStore();
        this.budget = b.budget;
        this.labels = b.labels != null ? b.labels
                : budget.limitsLabels() ? (int) Math.min(Integer.MAX_VALUE, budget.maxLabels()) : b.pool.size();
        this.abstentions = b.abstentions;
        this.mode = b.mode;
        this.goldWeight = b.goldWeight;
        this.weigher = b.weigher;
        this.trainer = b.trainer;
        this.deployment = b.deployment;
        this.relabelInput = b.relabelInput;
        this.relabelOutput = b.relabelOutput;
        this.relabelThreads = b.relabelThreads;
        this.relabelBatchSize = b.relabelBatchSize;
        this.relabelTextColumn = b.relabelTextColumn;
        this.seed = b.seed;
        this.chunkSize = b.chunkSize;
        this.teacherOnTest = b.teacherOnTest != null ? b.teacherOnTest : !b.test.isEmpty();
        this.name = b.name != null ? b.name : "distillation: " + b.task.name();
        this.listener = b.listener;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the pipeline, writing {@code run.json} (and whatever the deployment writes) into a directory.
     *
     * @param runDirectory the run directory, created if needed
     * @return the result; close it to release the student
     * @throws IOException when a file cannot be read or written
     * @throws dev.annotator.core.AnnotatorException when the annotator fails for the whole run (what it
     *     answered before is stored: rerun to resume)
     * @throws IllegalStateException when every sampled answer was an abstention, so there is nothing to
     *     train on
     */
    public DistillationResult run(Path runDirectory) throws IOException {
        Files.createDirectories(runDirectory);
        Map<String, Annotation> stored = storedAnswers();
        State s = new State();
        sample(stored, s);
        TrainingSet train = trainingSet(s.acquired);
        if (train.isEmpty()) {
            throw new IllegalStateException("annotator '" + annotator.name() + "' abstained on all " + s.acquired.size()
                    + " sampled texts; nothing to train on");
        }
        listener.progress("train", 0, 1);
        TrainingSet devSet = goldSet(dev);
        StudentModel trained = trainer.train(train, devSet);
        StudentModel student;
        try {
            student = deployment.deploy(trained, runDirectory);
        } catch (IOException | RuntimeException e) {
            trained.close();
            throw e;
        }
        if (student != trained) {
            trained.close();
        }
        listener.progress("train", 1, 1);
        try {
            return finish(student, train, s, stored, runDirectory);
        } catch (IOException | RuntimeException e) {
            student.close();
            throw e;
        }
    }

    private DistillationResult finish(StudentModel student, TrainingSet train, State s, Map<String, Annotation> stored,
            Path runDirectory) throws IOException {
        listener.progress("evaluate", 0, test.size());
        List<Evaluation> evaluations = new ArrayList<>();
        Optional<Scores> studentTest = Optional.empty();
        Optional<Scores> teacherTest = Optional.empty();
        Optional<Scores> agreement = Optional.empty();
        String studentName = "student (" + student.provenance().studentType() + ")";
        List<LabelDistribution> testPredictions = List.of();
        if (!test.isEmpty()) {
            testPredictions = student.predictBatch(test.stream().map(LabelledExample::text).toList());
            MetricsReport r = evaluate(Evaluator.goldLabels(test), testPredictions);
            studentTest = Optional.of(Scores.of(r));
            if (r instanceof ClassificationReport c) {
                evaluations.add(Evaluation.of(studentName, "test", c));
            }
        }
        State scratch = new State();
        if (teacherOnTest) {
            List<Annotation> answers = new ArrayList<>();
            List<Example> texts = test.stream().map(LabelledExample::example).toList();
            for (int from = 0; from < texts.size(); from += chunkSize) {
                answers.addAll(annotate(texts.subList(from, Math.min(texts.size(), from + chunkSize)), stored, scratch));
                listener.progress("evaluate", answers.size(), test.size());
            }
            AnnotationReport<? extends MetricsReport> teacher = task.isMultiLabel()
                    ? Evaluator.evaluateMultiLabelAnnotations(task, Evaluator.goldLabels(test), answers)
                    : Evaluator.evaluateAnnotations(task, Evaluator.goldLabels(test), answers);
            teacherTest = teacher.metrics().map(Scores::of);
            teacher.metrics().ifPresent(m -> {
                if (m instanceof ClassificationReport c) {
                    evaluations.add(Evaluation.of("teacher (" + annotator.name() + ")", "test", c));
                }
            });
            List<List<String>> teacherLabels = new ArrayList<>();
            List<LabelDistribution> predicted = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                if (!answers.get(i).isAbstention()) {
                    teacherLabels.add(answers.get(i).labels());
                    predicted.add(testPredictions.get(i));
                }
            }
            if (!predicted.isEmpty()) {
                MetricsReport r = evaluate(teacherLabels, predicted);
                agreement = Optional.of(Scores.of(r));
                if (r instanceof ClassificationReport c) {
                    evaluations.add(Evaluation.of(studentName + " vs teacher", "test, teacher's labels", c));
                }
            }
        }
        teacherOnSample(s.acquired).ifPresent(c -> evaluations.add(Evaluation.of("teacher (" + annotator.name() + ")",
                "annotated sample", c)));
        if (!teacherOnTest) {
            listener.progress("evaluate", test.size(), test.size());
        }

        Optional<RelabelResult> relabelled = Optional.empty();
        if (relabelInput != null) {
            StreamingRelabeller.Builder rb = StreamingRelabeller.builder().student(student).batchSize(relabelBatchSize)
                    .textColumn(relabelTextColumn).progress((texts, seconds) -> listener.progress("relabel", texts, -1));
            if (relabelThreads > 0) {
                rb.threads(relabelThreads);
            }
            relabelled = Optional.of(rb.build().relabel(relabelInput, relabelOutput));
        }
        RunRecord record = runRecord(student, train, s, scratch, evaluations, relabelled);
        RunRecordJson.writeTo(runDirectory, record);
        return new DistillationResult(student, s.acquired, train.size(), s.fresh + scratch.fresh, s.cached + scratch.cached,
                s.abstained, s.money.spent(), studentTest, teacherTest, agreement, relabelled, record);
    }

    private Map<String, Annotation> storedAnswers() {
        Set<String> ids = new HashSet<>();
        pool.forEach(e -> ids.add(e.id()));
        test.forEach(r -> ids.add(r.id()));
        Map<String, Annotation> stored = new HashMap<>();
        for (Annotation a : store.annotations(task)) {
            if (a.source().equals(annotator.name()) && ids.contains(a.exampleId())) {
                a.distribution().ifPresent(d -> {
                    if (!d.task().equals(task)) {
                        throw new NonRetriableAnnotatorException("the store holds an annotation of '" + a.exampleId()
                                + "' by '" + a.source() + "' for another definition of task '" + task.name() + "' "
                                + d.task().labelNames() + "; use a new task name or a new store");
                    }
                });
                stored.put(a.exampleId(), a);
            }
        }
        return stored;
    }

    /** Annotates the random sample. */
    private void sample(Map<String, Annotation> stored, State s) {
        List<Example> order = new ArrayList<>(pool);
        Collections.shuffle(order, new Random(seed));
        int next = 0;
        listener.progress("annotate", 0, labels);
        while (next < order.size()) {
            int have = abstentions == Abstentions.REPLACE ? s.acquired.size() - s.abstained : s.acquired.size();
            long need = labels - have;
            long labelRoom = budget.maxLabels() - s.acquired.size();
            int want = (int) Math.min(Math.min(need, labelRoom), Math.min(chunkSize, order.size() - next));
            if (want <= 0) {
                break;
            }
            int affordable = s.money.affordable(want);
            if (affordable == 0) {
                break;
            }
            annotate(order.subList(next, next + affordable), stored, s);
            next += affordable;
            listener.progress("annotate", abstentions == Abstentions.REPLACE ? s.acquired.size() - s.abstained
                    : s.acquired.size(), labels);
        }
    }

    /** Mutable bookkeeping of one run. */
    private final class State {
        final List<AnnotatedExample> acquired = new ArrayList<>();
        final Spending money = new Spending(budget);
        int fresh;
        int cached;
        int abstained;

        void add(Example e, Annotation a) {
            acquired.add(new AnnotatedExample(e, a));
            money.add(a.cost());
            if (a.isAbstention()) {
                abstained++;
            }
        }
    }

    /** Annotates a chunk, taking stored answers where there are some; stores fresh ones at once. */
    private List<Annotation> annotate(List<Example> chunk, Map<String, Annotation> stored, State s) {
        List<Example> missing = new ArrayList<>();
        for (Example e : chunk) {
            if (!stored.containsKey(e.id())) {
                missing.add(e);
            }
        }
        Map<String, Annotation> fresh = new HashMap<>();
        if (!missing.isEmpty()) {
            List<Annotation> answers = annotator.annotate(List.copyOf(missing));
            AnswerChecks.answerCount("annotator '" + annotator.name() + "'", answers, missing.size());
            for (int i = 0; i < missing.size(); i++) {
                Annotation a = Objects.requireNonNull(answers.get(i), "annotation");
                checkAnswer(missing.get(i), a);
                store.putAnnotation(task, a);
                fresh.put(a.exampleId(), a);
            }
        }
        List<Annotation> out = new ArrayList<>(chunk.size());
        for (Example e : chunk) {
            Annotation a = stored.get(e.id());
            if (a != null) {
                s.cached++;
            } else {
                a = fresh.get(e.id());
                s.fresh++;
            }
            s.add(e, a);
            out.add(a);
        }
        return out;
    }

    private void checkAnswer(Example e, Annotation a) {
        AnswerChecks.classificationAnswer(annotator.name(), task, e, a);
    }

    private TrainingSet trainingSet(List<AnnotatedExample> acquired) {
        TrainingSet weighed = weigher.weigh(task, acquired);
        List<TrainingExample> out = new ArrayList<>(weighed.examples());
        if (abstentions == Abstentions.KEEP_UNIFORM) {
            double[] uniform = new double[task.labelCount()];
            Arrays.fill(uniform, task.isMultiLabel() ? 0.5 : 1.0 / task.labelCount());
            LabelDistribution flat = LabelDistribution.of(task, uniform);
            for (AnnotatedExample a : acquired) {
                if (a.annotation().isAbstention()) {
                    out.add(new TrainingExample(a.example(), flat, 1.0));
                }
            }
        }
        String teacher = weighed.teacher();
        if (mode == Mode.COMBINED) {
            for (LabelledExample r : goldTrain) {
                out.add(new TrainingExample(r.example(), LabelDistribution.ofLabels(task, new HashSet<>(r.labels())), goldWeight));
            }
            teacher = teacher + "+gold";
        }
        return TrainingSet.of(task, out).withTeacher(teacher);
    }

    private TrainingSet goldSet(List<LabelledExample> rows) {
        List<TrainingExample> out = new ArrayList<>();
        for (LabelledExample r : rows) {
            out.add(TrainingExample.of(r.example(), LabelDistribution.ofLabels(task, new HashSet<>(r.labels()))));
        }
        return TrainingSet.of(task, out).withTeacher("gold");
    }

    private MetricsReport evaluate(List<List<String>> gold, List<LabelDistribution> predictions) {
        return task.isMultiLabel() ? Evaluator.evaluateMultiLabel(task, gold, predictions)
                : Evaluator.evaluate(task, gold, predictions);
    }

    private Optional<ClassificationReport> teacherOnSample(List<AnnotatedExample> acquired) {
        if (task.isMultiLabel()) {
            return Optional.empty();
        }
        List<List<String>> gold = new ArrayList<>();
        List<Annotation> answers = new ArrayList<>();
        for (AnnotatedExample a : acquired) {
            List<String> g = poolGold.get(a.example().id());
            if (g != null) {
                gold.add(g);
                answers.add(a.annotation());
            }
        }
        return answers.isEmpty() ? Optional.empty() : Evaluator.evaluateAnnotations(task, gold, answers).metrics();
    }

    private RunRecord runRecord(StudentModel student, TrainingSet train, State s, State teacherTest,
            List<Evaluation> evaluations, Optional<RelabelResult> relabelled) {
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("method", mode == Mode.COMBINED ? "distillation, combined with gold (LlamBERT)"
                : "distillation from a random sample (Pangakis & Wolken; LlamBERT)");
        provenance.put("annotator", annotator.name());
        provenance.put("sample", String.format(Locale.ROOT, "%d texts asked for, %d annotated, %d abstained (%s)", labels,
                s.acquired.size(), s.abstained, abstentions.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        provenance.put("weigher", weigher.name());
        if (mode == Mode.COMBINED) {
            provenance.put("gold train", goldTrain.size() + " texts, weight " + goldWeight);
        }
        provenance.put("training examples", Integer.toString(train.size()));
        provenance.put("student", student.provenance().studentType());
        new TreeMap<>(student.provenance().trainingConfig()).forEach((k, v) -> provenance.put("trainer " + k, v));
        provenance.put("student seed", Long.toString(student.provenance().seed()));
        provenance.put("training data fingerprint", train.fingerprint());
        provenance.put("seed", Long.toString(seed));
        provenance.put("budget", budget.toString());
        provenance.put("pool", pool.size() + " texts");
        provenance.put("dev (gold)", dev.size() + " texts");
        provenance.put("test (gold)", test.size() + " texts");
        provenance.put("spent", String.format(Locale.ROOT, "$%.4f, %d input + %d output tokens", s.money.spent().usd(),
                s.money.spent().inputTokens(), s.money.spent().outputTokens()));
        if (!teacherTest.acquired.isEmpty()) {
            provenance.put("teacher on test", String.format(Locale.ROOT, "%d texts (%d asked, %d stored), $%.4f, outside the budget",
                    teacherTest.acquired.size(), teacherTest.fresh, teacherTest.cached, teacherTest.money.spent().usd()));
        }
        relabelled.ifPresent(r -> provenance.put("relabelled", String.format(Locale.ROOT, "%d texts of %s -> %s, %.0f texts/s on %d threads",
                r.texts(), relabelInput, r.output(), r.textsPerSecond(), r.threads())));
        provenance.put("library version", Version.get());
        Map<String, Long> sources = new LinkedHashMap<>();
        sources.put("annotated", (long) s.fresh);
        sources.put("cached", (long) s.cached);
        sources.put("abstained", (long) s.abstained);
        if (mode == Mode.COMBINED) {
            sources.put("gold", (long) goldTrain.size());
        }
        return new RunRecord(name, task, Instant.now(), provenance, List.of(), evaluations, sources);
    }

    @Override
    public String toString() {
        return "DistillationPipeline[" + task.name() + ", pool=" + pool.size() + ", labels=" + labels + ", " + annotator.name()
                + ", " + mode + ", " + abstentions + ", " + budget + ", seed=" + seed + "]";
    }

    /** Builder for {@link DistillationPipeline}; not thread-safe. */
    public static final class Builder {
        private Task task;
        private List<Example> pool;
        private Map<String, List<String>> poolGold = Map.of();
        private boolean poolSet;
        private List<LabelledExample> dev = List.of();
        private List<LabelledExample> test = List.of();
        private List<LabelledExample> goldTrain = List.of();
        private Annotator annotator;
        private AnnotationStore store;
        private Integer labels;
        private Budget budget = Budget.unlimited();
        private Abstentions abstentions = Abstentions.DROP;
        private Mode mode = Mode.ANNOTATED;
        private double goldWeight = 2.0;
        private LabelWeigher weigher = LabelWeigher.byConfidence();
        private StudentTrainer trainer;
        private StudentDeployment deployment = StudentDeployment.inMemory();
        private Path relabelInput;
        private Path relabelOutput;
        private int relabelThreads;
        private int relabelBatchSize = 512;
        private String relabelTextColumn = "text";
        private Long seed;
        private int chunkSize = 32;
        private Boolean teacherOnTest;
        private String name;
        private DistillationListener listener = (stage, done, total) -> { };

        private Builder() {
        }

        /**
         * @param task the task; required
         * @return this builder
         */
        public Builder task(Task task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /**
         * The unlabelled pool the sample is drawn from. Set it with this method or
         * {@link #poolWithGold(List)}, not both.
         *
         * @param pool texts; ids distinct; required, not empty
         * @return this builder
         */
        public Builder pool(List<Example> pool) {
            requirePoolUnset();
            this.pool = List.copyOf(pool);
            return this;
        }

        /**
         * The pool as rows that may carry gold labels (a benchmark): gold only scores the teacher on the
         * sample; the annotator and student never see it.
         *
         * @param rows texts, labelled or not; ids distinct; required, not empty
         * @return this builder
         */
        public Builder poolWithGold(List<LabelledExample> rows) {
            requirePoolUnset();
            this.pool = rows.stream().map(LabelledExample::example).toList();
            Map<String, List<String>> gold = new HashMap<>();
            for (LabelledExample r : rows) {
                if (r.isLabelled()) {
                    gold.put(r.id(), r.labels());
                }
            }
            this.poolGold = Map.copyOf(gold);
            return this;
        }

        private void requirePoolUnset() {
            if (poolSet) {
                throw new IllegalStateException("the pool was already set; call pool(...) or poolWithGold(...) once");
            }
            poolSet = true;
        }

        /**
         * @param dev gold rows the student early-stops on; may be empty (no early stopping); not in the pool
         * @return this builder
         */
        public Builder dev(List<LabelledExample> dev) {
            this.dev = List.copyOf(dev);
            return this;
        }

        /**
         * @param test gold rows the student and the teacher are scored on; optional; not in the pool
         * @return this builder
         */
        public Builder test(List<LabelledExample> test) {
            this.test = List.copyOf(test);
            return this;
        }

        /**
         * @param goldTrain gold rows added to training in {@link Mode#COMBINED}; required there, rejected
         *     otherwise; may overlap the pool (a text then counts with both labels)
         * @return this builder
         */
        public Builder goldTrain(List<LabelledExample> goldTrain) {
            this.goldTrain = List.copyOf(goldTrain);
            return this;
        }

        /**
         * @param annotator the teacher, of the pipeline's task; required; not closed by the pipeline
         * @return this builder
         */
        public Builder annotator(Annotator annotator) {
            this.annotator = Objects.requireNonNull(annotator, "annotator");
            return this;
        }

        /**
         * @param store where every answer is kept before it is used, and where a rerun finds it; default
         *     a fresh in-memory store; not closed by the pipeline
         * @return this builder
         */
        public Builder store(AnnotationStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * @param labels the sample size N; default the budget's label bound, else the whole pool
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder labels(int labels) {
            if (labels < 1) {
                throw new IllegalArgumentException("labels must be >= 1: " + labels);
            }
            this.labels = labels;
            return this;
        }

        /**
         * @param budget bounds on annotations (abstentions included) and dollars; default unlimited
         * @return this builder
         */
        public Builder budget(Budget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * @param abstentions what to do with abstentions; default {@link Abstentions#DROP}
         * @return this builder
         */
        public Builder abstentions(Abstentions abstentions) {
            this.abstentions = Objects.requireNonNull(abstentions, "abstentions");
            return this;
        }

        /**
         * @param mode what to train on; default {@link Mode#ANNOTATED}
         * @return this builder
         */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * @param goldWeight the weight of each gold row in {@link Mode#COMBINED}; default 2
         * @return this builder
         * @throws IllegalArgumentException when not finite and positive
         */
        public Builder goldWeight(double goldWeight) {
            if (!(goldWeight > 0) || Double.isInfinite(goldWeight)) {
                throw new IllegalArgumentException("goldWeight must be finite and > 0: " + goldWeight);
            }
            this.goldWeight = goldWeight;
            return this;
        }

        /**
         * @param weigher turns answers into weights; default {@link LabelWeigher#byConfidence()}
         * @return this builder
         */
        public Builder weigher(LabelWeigher weigher) {
            this.weigher = Objects.requireNonNull(weigher, "weigher");
            return this;
        }

        /**
         * @param trainer trains the student; required
         * @return this builder
         */
        public Builder trainer(StudentTrainer trainer) {
            this.trainer = Objects.requireNonNull(trainer, "trainer");
            return this;
        }

        /**
         * @param deployment exports and reloads the student; default {@link StudentDeployment#inMemory()}
         * @return this builder
         */
        public Builder deployment(StudentDeployment deployment) {
            this.deployment = Objects.requireNonNull(deployment, "deployment");
            return this;
        }

        /**
         * Relabels a corpus with the deployed student at the end of the run.
         *
         * @param corpus a CSV or JSONL file with a text column
         * @param output the labels file (CSV, or JSONL by its name)
         * @return this builder
         */
        public Builder relabel(Path corpus, Path output) {
            this.relabelInput = Objects.requireNonNull(corpus, "corpus");
            this.relabelOutput = Objects.requireNonNull(output, "output");
            return this;
        }

        /**
         * @param threads relabelling threads; default (0) all available processors
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder relabelThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("relabelThreads must be >= 0: " + threads);
            }
            this.relabelThreads = threads;
            return this;
        }

        /**
         * @param batchSize texts per student call when relabelling; default 512
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder relabelBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("relabelBatchSize must be >= 1: " + batchSize);
            }
            this.relabelBatchSize = batchSize;
            return this;
        }

        /**
         * @param textColumn the corpus's text column; default {@code text}
         * @return this builder
         */
        public Builder relabelTextColumn(String textColumn) {
            this.relabelTextColumn = Objects.requireNonNull(textColumn, "textColumn");
            return this;
        }

        /**
         * @param seed orders the pool for sampling; required
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param chunkSize texts per annotator call; default 32
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder chunkSize(int chunkSize) {
            if (chunkSize < 1) {
                throw new IllegalArgumentException("chunkSize must be >= 1: " + chunkSize);
            }
            this.chunkSize = chunkSize;
            return this;
        }

        /**
         * @param teacherOnTest whether to annotate the test set to score the teacher and the agreement;
         *     default: whenever there is a test set (it costs test-set-many calls, outside the budget)
         * @return this builder
         */
        public Builder evaluateTeacherOnTest(boolean teacherOnTest) {
            this.teacherOnTest = teacherOnTest;
            return this;
        }

        /**
         * @param name the run's title in the report; default {@code distillation: <task>}
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param listener told about progress; default nobody
         * @return this builder
         */
        public Builder listener(DistillationListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the pipeline.
         *
         * @return the pipeline
         * @throws IllegalStateException when a required setting is missing or settings contradict
         *     (combined mode without gold train rows, gold train rows without combined mode, the teacher
         *     on test without a test set)
         * @throws IllegalArgumentException when the pool is empty or repeats an id, the annotator's task
         *     differs, or a gold row is unlabelled, has a label outside the task, or is also in the pool
         */
        public DistillationPipeline build() {
            require(task, "task");
            require(pool, "pool");
            require(annotator, "annotator");
            require(trainer, "trainer");
            require(seed, "seed");
            if (mode == Mode.COMBINED && goldTrain.isEmpty()) {
                throw new IllegalStateException("combined mode needs gold train rows: call goldTrain(...)");
            }
            if (mode != Mode.COMBINED && !goldTrain.isEmpty()) {
                throw new IllegalStateException("gold train rows are only used in combined mode: call mode(Mode.COMBINED)");
            }
            if (Boolean.TRUE.equals(teacherOnTest) && test.isEmpty()) {
                throw new IllegalStateException("evaluateTeacherOnTest needs a test set");
            }
            if (!annotator.task().equals(task)) {
                throw new IllegalArgumentException("annotator '" + annotator.name() + "' labels task '"
                        + annotator.task().name() + "', not the pipeline's task '" + task.name() + "'");
            }
            if (pool.isEmpty()) {
                throw new IllegalArgumentException("the pool is empty");
            }
            Set<String> poolIds = new HashSet<>();
            for (Example e : pool) {
                if (!poolIds.add(e.id())) {
                    throw new IllegalArgumentException("example id '" + e.id() + "' repeats in the pool");
                }
            }
            poolGold.forEach((id, l) -> checkGold("pool", id, l));
            checkGoldRows("dev", dev, poolIds);
            checkGoldRows("test", test, poolIds);
            checkGoldRows("gold train", goldTrain, Set.of());
            return new DistillationPipeline(this);
        }

        private void checkGoldRows(String what, List<LabelledExample> rows, Set<String> poolIds) {
            Set<String> ids = new HashSet<>();
            for (LabelledExample r : rows) {
                if (!r.isLabelled()) {
                    throw new IllegalArgumentException(what + " example '" + r.id() + "' has no gold label");
                }
                checkGold(what, r.id(), r.labels());
                if (poolIds.contains(r.id())) {
                    throw new IllegalArgumentException(what + " example '" + r.id() + "' is also in the pool; "
                            + "gold rows must not be annotated");
                }
                if (!ids.add(r.id())) {
                    throw new IllegalArgumentException("example id '" + r.id() + "' repeats in the " + what + " set");
                }
            }
        }

        private void checkGold(String what, String id, List<String> l) {
            for (String x : l) {
                if (!task.hasLabel(x)) {
                    throw new IllegalArgumentException(what + " example '" + id + "' has label '" + x
                            + "', which is not a label of task '" + task.name() + "' " + task.labelNames());
                }
            }
            if (!task.isMultiLabel() && l.size() != 1) {
                throw new IllegalArgumentException(what + " example '" + id + "' has " + l.size()
                        + " labels but task '" + task.name() + "' is single-label");
            }
        }

        private static void require(Object value, String what) {
            if (value == null) {
                throw new IllegalStateException("distillation pipeline needs a " + what);
            }
        }
    }
}
