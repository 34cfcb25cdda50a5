package dev.annotator.core.pipeline;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.Version;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.embed.TextEmbedder;
import dev.annotator.core.eval.AnnotationReport;
import dev.annotator.core.eval.ClassificationReport;
import dev.annotator.core.eval.Evaluator;
import dev.annotator.core.eval.MetricsReport;
import dev.annotator.core.pipeline.LoopEvent.BatchAnnotated;
import dev.annotator.core.pipeline.LoopEvent.BatchSelected;
import dev.annotator.core.pipeline.LoopEvent.LoopFinished;
import dev.annotator.core.pipeline.LoopEvent.RoundFinished;
import dev.annotator.core.report.CurvePoint;
import dev.annotator.core.report.Evaluation;
import dev.annotator.core.report.RunRecord;
import dev.annotator.core.select.EmbeddingCache;
import dev.annotator.core.select.SampleSelector;
import dev.annotator.core.select.SelectionContext;
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
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The active annotation loop of LLMAAA (Zhang et al. 2023): round after round, select texts from an
 * unlabelled pool, annotate them, weigh all annotations so far, retrain a student from scratch, and let
 * its predictions drive the next selection.
 *
 * <pre>{@code
 * try (LoopResult result = ActiveAnnotationLoop.builder()
 *         .task(task).pool(poolTexts).dev(goldDev).test(goldTest)
 *         .annotator(annotator).store(store)
 *         .selector(SampleSelector.entropy()).weigher(LabelWeigher.byConfidence())
 *         .trainer(FastStudentTrainer.builder().seed(7).build())
 *         .schedule(LoopSchedule.llmaaa()).budget(Budget.labels(500).andUsd(2.00)).seed(7)
 *         .listener(e -> System.out.println(e))
 *         .build().run(Path.of("out/active"))) {         // or run(): no files
 *     StudentModel student = result.student().orElseThrow();
 * }
 * }</pre>
 *
 * <h2>A round</h2>
 * <ol>
 *   <li><b>select</b>: the selector sees the pool, the ids annotated so far (abstentions included: a
 *       text is never sent twice), the previous round's student (none in round 0: the selector's
 *       cold-start fallback decides), the shared {@link EmbeddingCache} when an embedder was given, and
 *       a round seed derived from the loop's seed; the batch is the schedule's size, cut to what the
 *       label budget still allows;</li>
 *   <li><b>annotate</b>: in chunks of {@link Builder#chunkSize(int)} texts, in batch order; before each
 *       chunk the money budget (see {@link Budget}) bounds its size; each annotation is written to the
 *       {@link AnnotationStore} as soon as the annotator returns it, before anything else uses it;</li>
 *   <li><b>weigh</b> every annotation acquired so far ({@link LabelWeigher} leaves abstentions out);</li>
 *   <li><b>train</b> a new student from scratch on them, early-stopping on the gold dev set; the
 *       previous student is closed;</li>
 *   <li><b>evaluate</b> the student on dev (and test), and the teacher on every annotated pool text
 *       that has a gold label (a benchmark pool); emit a {@link RoundFinished} and a curve point.</li>
 * </ol>
 * The loop stops when the schedule is done, a budget is used up, or the pool has no text left. The
 * gold dev set is never annotated or trained on; an annotator or weigher that needs gold (k-NN
 * demonstrations, learning-to-reweight) is built by the caller with the same dev set.
 *
 * <h2>Resuming after a crash</h2>
 * Rerun the same loop (same pool, schedule, selector, weigher, trainer, annotator name, seed) over the
 * same durable store. Before round 0 the loop reads the store's annotations of this task whose source is
 * {@link Annotator#name()} and whose example is in the pool (or the test set). It then replays the run
 * from round 0, with one difference: a selected text already in the store takes its stored annotation
 * instead of asking the annotator. Every decision is a function of earlier ones:
 * <ul>
 *   <li>a round's selection depends only on the pool, the ids annotated so far, the previous student
 *       and a seed derived from the loop seed and the round number (selectors are deterministic given
 *       their context);</li>
 *   <li>the student depends only on the weighed annotations (weighers and trainers are deterministic,
 *       trainers seeded at construction), and a stored annotation is the very one the crashed run
 *       used;</li>
 *   <li>the money budget check depends only on the costs of earlier annotations, stored ones included,
 *       taken in batch order whether stored or fresh.</li>
 * </ul>
 * So the resumed run re-derives the crashed run's rounds exactly, pays only for texts that were not yet
 * answered, and ends with the result an uninterrupted run would have had (the one visible difference:
 * {@link RoundSummary#cached()} and the run record's {@code cached} count). The cost of resuming is
 * retraining the students of the replayed rounds, which is local and cheap next to annotation. Answers
 * stored under this task and annotator for texts the replay does not select (another seed's run) are
 * not used for training, but are taken for free if a later selection picks them. Example ids must be
 * stable across runs: the store knows examples only by id.
 *
 * <p>The loop closes the students it replaces but not the annotator, store, embedder or trainer it was
 * given. A loop instance may be run more than once; each run is independent. Not thread-safe.
 */
public final class ActiveAnnotationLoop {
    private final Task task;
    private final List<Example> pool;
    private final Map<String, List<String>> poolGold;
    private final List<LabelledExample> dev;
    private final List<LabelledExample> test;
    private final Annotator annotator;
    private final AnnotationStore store;
    private final SampleSelector selector;
    private final LabelWeigher weigher;
    private final StudentTrainer trainer;
    private final TextEmbedder embedder;
    private final LoopSchedule schedule;
    private final Budget budget;
    private final long seed;
    private final int chunkSize;
    private final boolean teacherOnTest;
    private final String name;
    private final List<LoopListener> listeners;

    private ActiveAnnotationLoop(Builder b) {
        this.task = b.task;
        this.pool = b.pool;
        this.poolGold = b.poolGold;
        this.dev = b.dev;
        this.test = b.test;
        this.annotator = b.annotator;
        this.store = b.store == null ? new InMemoryAnnotationStore() : b.store;
        this.selector = b.selector;
        this.weigher = b.weigher;
        this.trainer = b.trainer;
        this.embedder = b.embedder;
        this.schedule = b.schedule;
        this.budget = b.budget;
        this.seed = b.seed;
        this.chunkSize = b.chunkSize;
        this.teacherOnTest = b.teacherOnTest;
        this.name = b.name == null ? "active loop: " + task.name() + " (" + selector.name() + ")" : b.name;
        this.listeners = List.copyOf(b.listeners);
    }

    /**
     * Starts a loop.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The seed of round {@code round}'s selection context: the loop seed and the round number mixed
     * (SplitMix64), so neighbouring loop seeds do not share round seeds.
     *
     * @param seed the loop seed
     * @param round the round
     * @return the round's selection seed
     */
    static long roundSeed(long seed, int round) {
        long z = seed + 0x9E3779B97F4A7C15L * (round + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Runs the loop and writes {@value LoopResult#CURVE_FILE} (rewritten after every round, so a crashed
     * run leaves its curve so far) and {@code run.json} into a directory.
     *
     * @param outputDirectory the run directory; created if needed
     * @return the result; close it to release the student
     * @throws IOException when a file cannot be written
     * @throws dev.annotator.core.AnnotatorException when the annotator fails for the whole run (what it
     *     answered before is stored: rerun to resume)
     */
    public LoopResult run(Path outputDirectory) throws IOException {
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        LoopResult result = execute(outputDirectory);
        result.writeTo(outputDirectory);
        return result;
    }

    /**
     * Runs the loop without writing files.
     *
     * @return the result; close it to release the student
     * @throws dev.annotator.core.AnnotatorException when the annotator fails for the whole run (what it
     *     answered before is stored: rerun to resume)
     */
    public LoopResult run() {
        try {
            return execute(null);
        } catch (IOException e) {
            throw new IllegalStateException("no file is written without an output directory", e);
        }
    }

    private LoopResult execute(Path outputDirectory) throws IOException {
        Map<String, Example> byId = new HashMap<>();
        pool.forEach(e -> byId.put(e.id(), e));
        Set<String> testIds = new HashSet<>();
        test.forEach(r -> testIds.add(r.id()));
        Map<String, Annotation> stored = new HashMap<>();
        for (Annotation a : store.annotations(task)) {
            if (a.source().equals(annotator.name()) && (byId.containsKey(a.exampleId()) || testIds.contains(a.exampleId()))) {
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
        TrainingSet devSet = goldSet(dev);
        EmbeddingCache embeddings = embedder == null ? null : EmbeddingCache.of(embedder);

        State s = new State();
        StopReason stop = StopReason.SCHEDULE_DONE;
        StudentModel student = null;
        List<RoundSummary> rounds = new ArrayList<>();
        List<CurvePoint> curve = new ArrayList<>();
        try {
            for (int round = 0; round < schedule.totalRounds(); round++) {
                long labelRoom = budget.maxLabels() - s.acquired.size();
                if (labelRoom <= 0) {
                    stop = StopReason.LABEL_BUDGET;
                    break;
                }
                int want = (int) Math.min(schedule.batchSize(round), labelRoom);
                SelectionContext.Builder ctx = SelectionContext.builder().pool(pool).labelledIds(s.labelledIds)
                        .batchSize(want).seed(roundSeed(seed, round));
                if (student != null) {
                    ctx.student(student);
                }
                if (embeddings != null) {
                    ctx.embeddings(embeddings);
                }
                SelectionContext context = ctx.build();
                if (context.candidates().isEmpty()) {
                    stop = StopReason.POOL_EXHAUSTED;
                    break;
                }
                List<Example> batch = selector.select(context);
                AnswerChecks.selectedBatch("selector '" + selector.name() + "'", batch, want, s.labelledIds,
                        e -> e.equals(byId.get(e.id())));
                if (batch.isEmpty()) {
                    stop = StopReason.POOL_EXHAUSTED;
                    break;
                }
                boolean moneyOut = false;
                int annotatedBefore = s.fresh;
                int cachedBefore = s.cached;
                List<Annotation> roundAnnotations = new ArrayList<>();
                for (int from = 0; from < batch.size();) {
                    int affordable = s.money.affordable(Math.min(chunkSize, batch.size() - from));
                    if (affordable == 0) {
                        moneyOut = true;
                        break;
                    }
                    if (roundAnnotations.isEmpty()) {
                        emit(new BatchSelected(round, batch));
                    }
                    roundAnnotations.addAll(annotate(batch.subList(from, from + affordable), stored, s));
                    from += affordable;
                }
                if (roundAnnotations.isEmpty()) {
                    stop = StopReason.MONEY_BUDGET;
                    break;
                }
                int roundAbstained = (int) roundAnnotations.stream().filter(Annotation::isAbstention).count();
                emit(new BatchAnnotated(round, roundAnnotations, s.fresh - annotatedBefore, s.cached - cachedBefore));

                TrainingSet train = weigher.weigh(task, s.acquired);
                if (student != null) {
                    student.close();
                    student = null;
                }
                Optional<Scores> devScores = Optional.empty();
                Optional<Scores> testScores = Optional.empty();
                if (!train.isEmpty()) {
                    student = trainer.train(train, devSet);
                    devScores = Optional.of(Scores.of(evaluate(student, dev)));
                    if (!test.isEmpty()) {
                        testScores = Optional.of(Scores.of(evaluate(student, test)));
                    }
                }
                RoundSummary summary = new RoundSummary(round, batch.size(), s.fresh - annotatedBefore,
                        s.cached - cachedBefore, roundAbstained, s.acquired.size(), train.size(), s.paidCalls, s.money.spent(),
                        devScores, testScores, teacherScores(s.acquired));
                rounds.add(summary);
                Optional<Scores> curveScores = testScores.isPresent() ? testScores : devScores;
                if (curveScores.isPresent()) {
                    curve.add(new CurvePoint(selector.name(), round, s.acquired.size(), s.paidCalls, s.money.spent().usd(),
                            curveScores.get().accuracy(), curveScores.get().macroF1()));
                }
                emit(new RoundFinished(summary));
                if (outputDirectory != null) {
                    LoopResult.writeCurve(outputDirectory, selector.name(), rounds);
                }
                if (moneyOut) {
                    stop = StopReason.MONEY_BUDGET;
                    break;
                }
            }
            emit(new LoopFinished(rounds.size(), stop));
            RunRecord record = runRecord(student, rounds, curve, s, stop, stored);
            StudentModel finalStudent = student;
            student = null;
            return new LoopResult(finalStudent, selector.name(), rounds, curve, s.acquired, s.money.spent(), stop, record);
        } finally {
            if (student != null) {
                student.close();
            }
        }
    }

    /** Mutable bookkeeping of one run. */
    private final class State {
        final List<AnnotatedExample> acquired = new ArrayList<>();
        final Set<String> labelledIds = new HashSet<>();
        final Spending money = new Spending(budget);
        long paidCalls;
        int fresh;
        int cached;
        int abstained;

        void add(Example e, Annotation a) {
            acquired.add(new AnnotatedExample(e, a));
            labelledIds.add(e.id());
            money.add(a.cost());
            if (!a.cost().equals(Cost.FREE)) {
                paidCalls++;
            }
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

    private void emit(LoopEvent event) {
        for (LoopListener l : listeners) {
            l.on(event);
        }
    }

    private TrainingSet goldSet(List<LabelledExample> rows) {
        List<TrainingExample> out = new ArrayList<>();
        for (LabelledExample r : rows) {
            out.add(TrainingExample.of(r.example(),
                    LabelDistribution.ofLabels(task, new HashSet<>(r.labels()))));
        }
        return TrainingSet.of(task, out).withTeacher("gold");
    }

    private MetricsReport evaluate(StudentModel student, List<LabelledExample> rows) {
        List<LabelDistribution> predictions = student.predictBatch(rows.stream().map(LabelledExample::text).toList());
        List<List<String>> gold = Evaluator.goldLabels(rows);
        return task.isMultiLabel() ? Evaluator.evaluateMultiLabel(task, gold, predictions)
                : Evaluator.evaluate(task, gold, predictions);
    }

    /** The teacher on the annotated pool texts that have gold labels. */
    private Optional<AnnotationReport<? extends MetricsReport>> teacherReport(List<AnnotatedExample> acquired) {
        List<List<String>> gold = new ArrayList<>();
        List<Annotation> answers = new ArrayList<>();
        for (AnnotatedExample a : acquired) {
            List<String> g = poolGold.get(a.example().id());
            if (g != null) {
                gold.add(g);
                answers.add(a.annotation());
            }
        }
        if (answers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(task.isMultiLabel() ? Evaluator.evaluateMultiLabelAnnotations(task, gold, answers)
                : Evaluator.evaluateAnnotations(task, gold, answers));
    }

    private Optional<Scores> teacherScores(List<AnnotatedExample> acquired) {
        return teacherReport(acquired).flatMap(AnnotationReport::metrics).map(Scores::of);
    }

    private RunRecord runRecord(StudentModel student, List<RoundSummary> rounds, List<CurvePoint> curve, State s,
            StopReason stop, Map<String, Annotation> stored) {
        List<Evaluation> evaluations = new ArrayList<>();
        State teacherTest = new State();
        if (!task.isMultiLabel()) {
            if (student != null) {
                List<LabelledExample> rows = test.isEmpty() ? dev : test;
                String split = test.isEmpty() ? "dev" : "test";
                evaluations.add(Evaluation.of("student (" + student.provenance().studentType() + ")", split,
                        (ClassificationReport) evaluate(student, rows)));
            }
            if (teacherOnTest && !test.isEmpty()) {
                teacherOnTest(stored, teacherTest).ifPresent(r -> evaluations.add(Evaluation.of("teacher (" + annotator.name() + ")",
                        "test", r)));
            }
            teacherReport(s.acquired).flatMap(AnnotationReport::metrics).ifPresent(r -> evaluations.add(
                    Evaluation.of("teacher (" + annotator.name() + ")", "annotated pool", (ClassificationReport) r)));
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("annotator", annotator.name());
        provenance.put("selector", selector.name());
        provenance.put("weigher", weigher.name());
        if (student != null) {
            provenance.put("student", student.provenance().studentType());
            new TreeMap<>(student.provenance().trainingConfig()).forEach((k, v) -> provenance.put("trainer " + k, v));
            provenance.put("student seed", Long.toString(student.provenance().seed()));
        }
        provenance.put("seed", Long.toString(seed));
        provenance.put("schedule", schedule.toString());
        provenance.put("budget", budget.toString());
        provenance.put("stopped", stop.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        provenance.put("rounds run", Integer.toString(rounds.size()));
        provenance.put("pool", pool.size() + " texts");
        provenance.put("dev (gold)", dev.size() + " texts");
        provenance.put("test (gold)", test.size() + " texts");
        if (embedder != null) {
            provenance.put("embedder", embedder.name());
        }
        provenance.put("spent", String.format(Locale.ROOT, "$%.4f, %d input + %d output tokens", s.money.spent().usd(),
                s.money.spent().inputTokens(), s.money.spent().outputTokens()));
        if (!teacherTest.acquired.isEmpty()) {
            provenance.put("teacher on test", String.format(Locale.ROOT, "%d texts (%d asked, %d stored), $%.4f, outside the budget",
                    teacherTest.acquired.size(), teacherTest.fresh, teacherTest.cached, teacherTest.money.spent().usd()));
        }
        provenance.put("library version", Version.get());
        Map<String, Long> sources = new LinkedHashMap<>();
        sources.put("annotated", (long) s.fresh);
        sources.put("cached", (long) s.cached);
        sources.put("abstained", (long) s.abstained);
        return new RunRecord(name, task, Instant.now(), provenance, curve, evaluations, sources);
    }

    /** The teacher on the test set; answers are stored like any other, so a rerun does not pay again. */
    private Optional<ClassificationReport> teacherOnTest(Map<String, Annotation> stored, State scratch) {
        List<Annotation> answers = new ArrayList<>();
        List<Example> texts = test.stream().map(LabelledExample::example).toList();
        for (int from = 0; from < texts.size(); from += chunkSize) {
            answers.addAll(annotate(texts.subList(from, Math.min(texts.size(), from + chunkSize)), stored, scratch));
        }
        return Evaluator.evaluateAnnotations(task, Evaluator.goldLabels(test), answers).metrics();
    }

    /** Builder for {@link ActiveAnnotationLoop}; not thread-safe. */
    public static final class Builder {
        private Task task;
        private List<Example> pool;
        private Map<String, List<String>> poolGold = Map.of();
        private boolean poolSet;
        private List<LabelledExample> dev;
        private List<LabelledExample> test = List.of();
        private Annotator annotator;
        private AnnotationStore store;
        private SampleSelector selector;
        private LabelWeigher weigher;
        private StudentTrainer trainer;
        private TextEmbedder embedder;
        private LoopSchedule schedule;
        private Budget budget = Budget.unlimited();
        private Long seed;
        private int chunkSize = 10;
        private boolean teacherOnTest;
        private String name;
        private final List<LoopListener> listeners = new ArrayList<>();

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
         * The unlabelled pool. Set it with this method or {@link #poolWithGold(List)}, not both.
         *
         * @param pool the texts to choose from; ids distinct; required, not empty
         * @return this builder
         */
        public Builder pool(List<Example> pool) {
            requirePoolUnset();
            this.pool = List.copyOf(pool);
            return this;
        }

        /**
         * The pool, as rows that may carry gold labels (a benchmark). Gold labels are never shown to the
         * annotator, weigher or student; they only score the teacher each round.
         *
         * @param rows the texts to choose from, labelled or not; ids distinct; required, not empty
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
         * @param dev the gold dev set: the student early-stops on it and is scored on it each round;
         *     every row labelled; required, not empty (LLMAAA uses 100)
         * @return this builder
         */
        public Builder dev(List<LabelledExample> dev) {
            this.dev = List.copyOf(dev);
            return this;
        }

        /**
         * @param test an optional gold test set, only for scoring (never for a decision of the loop);
         *     every row labelled
         * @return this builder
         */
        public Builder test(List<LabelledExample> test) {
            this.test = List.copyOf(test);
            return this;
        }

        /**
         * @param annotator the teacher; its task must be the loop's; required. Not closed by the loop.
         * @return this builder
         */
        public Builder annotator(Annotator annotator) {
            this.annotator = Objects.requireNonNull(annotator, "annotator");
            return this;
        }

        /**
         * @param store where every annotation is kept the moment it arrives, and where a rerun finds
         *     them; default a fresh {@link InMemoryAnnotationStore} (which cannot resume after a crash).
         *     Not closed by the loop.
         * @return this builder
         */
        public Builder store(AnnotationStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * @param selector picks each round's texts; required
         * @return this builder
         */
        public Builder selector(SampleSelector selector) {
            this.selector = Objects.requireNonNull(selector, "selector");
            return this;
        }

        /**
         * @param weigher turns annotations into a weighted training set; required
         * @return this builder
         */
        public Builder weigher(LabelWeigher weigher) {
            this.weigher = Objects.requireNonNull(weigher, "weigher");
            return this;
        }

        /**
         * @param trainer trains each round's student; required, and deterministic (seeded) for the
         *     loop to be resumable
         * @return this builder
         */
        public Builder trainer(StudentTrainer trainer) {
            this.trainer = Objects.requireNonNull(trainer, "trainer");
            return this;
        }

        /**
         * @param embedder embeds the pool for diversity selectors, each text once for the whole run; optional.
         *     Not closed by the loop.
         * @return this builder
         */
        public Builder embedder(TextEmbedder embedder) {
            this.embedder = Objects.requireNonNull(embedder, "embedder");
            return this;
        }

        /**
         * @param schedule the batch sizes of the rounds; required
         * @return this builder
         */
        public Builder schedule(LoopSchedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /**
         * @param budget labels and/or money the loop may spend; default {@link Budget#unlimited()}
         * @return this builder
         */
        public Builder budget(Budget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * @param seed the seed every round's selection derives from; required
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param chunkSize texts sent to the annotator per call; smaller chunks lose less work in a crash
         *     and keep the money budget tighter; default 10
         * @return this builder
         */
        public Builder chunkSize(int chunkSize) {
            if (chunkSize <= 0) {
                throw new IllegalArgumentException("chunkSize must be positive: " + chunkSize);
            }
            this.chunkSize = chunkSize;
            return this;
        }

        /**
         * @param teacherOnTest when true, the annotator also labels the test set once at the end so the
         *     run record can compare teacher and student on test; those answers are stored too but are
         *     not counted against the budget or in {@link LoopResult#spent()}. Default false.
         * @return this builder
         */
        public Builder evaluateTeacherOnTest(boolean teacherOnTest) {
            this.teacherOnTest = teacherOnTest;
            return this;
        }

        /**
         * @param name the run's title in its record; default {@code active loop: TASK (SELECTOR)}
         * @return this builder
         */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must be non-blank: " + name);
            }
            this.name = name;
            return this;
        }

        /**
         * @param listener hears each round's events; any number may be added
         * @return this builder
         */
        public Builder listener(LoopListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the loop.
         *
         * @return the loop
         * @throws IllegalStateException when a required setting is missing, or the test set is to score
         *     the teacher but none was given
         * @throws IllegalArgumentException when the pool is empty or repeats an id, the annotator's task
         *     differs, a dev or test row is unlabelled, has a label outside the task, or is also in the
         *     pool
         */
        public ActiveAnnotationLoop build() {
            require(task, "task");
            require(pool, "pool");
            require(dev, "dev");
            require(annotator, "annotator");
            require(selector, "selector");
            require(weigher, "weigher");
            require(trainer, "trainer");
            require(schedule, "schedule");
            require(seed, "seed");
            if (teacherOnTest && test.isEmpty()) {
                throw new IllegalStateException("evaluateTeacherOnTest needs a test set");
            }
            if (!annotator.task().equals(task)) {
                throw new IllegalArgumentException("annotator '" + annotator.name() + "' labels task '"
                        + annotator.task().name() + "', not the loop's task '" + task.name() + "'");
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
            poolGold.forEach((id, labels) -> checkGold("pool", id, labels));
            if (dev.isEmpty()) {
                throw new IllegalArgumentException("the gold dev set is empty");
            }
            checkGoldRows("dev", dev, poolIds);
            checkGoldRows("test", test, poolIds);
            return new ActiveAnnotationLoop(this);
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
                            + "gold evaluation texts must not be annotated or trained on");
                }
                if (!ids.add(r.id())) {
                    throw new IllegalArgumentException("example id '" + r.id() + "' repeats in the " + what + " set");
                }
            }
        }

        private void checkGold(String what, String id, List<String> labels) {
            for (String l : labels) {
                if (!task.hasLabel(l)) {
                    throw new IllegalArgumentException(what + " example '" + id + "' has label '" + l
                            + "', which is not a label of task '" + task.name() + "' " + task.labelNames());
                }
            }
            if (!task.isMultiLabel() && labels.size() != 1) {
                throw new IllegalArgumentException(what + " example '" + id + "' has " + labels.size()
                        + " labels but task '" + task.name() + "' is single-label");
            }
        }

        private static void require(Object value, String what) {
            if (value == null) {
                throw new IllegalStateException("active annotation loop needs a " + what);
            }
        }
    }

    @Override
    public String toString() {
        return "ActiveAnnotationLoop[" + task.name() + ", pool=" + pool.size() + ", " + selector.name() + ", "
                + weigher.name() + ", " + annotator.name() + ", " + schedule + ", " + budget + ", seed=" + seed + "]";
    }
}
