package dev.annotator.core.pipeline;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.Split;
import dev.annotator.core.eval.SpanMetrics;
import dev.annotator.core.eval.SpanReport;
import dev.annotator.core.pipeline.SpanLoopEvent.BatchAnnotated;
import dev.annotator.core.pipeline.SpanLoopEvent.BatchSelected;
import dev.annotator.core.pipeline.SpanLoopEvent.LoopFinished;
import dev.annotator.core.pipeline.SpanLoopEvent.RoundFinished;
import dev.annotator.core.internal.Digests;
import dev.annotator.core.select.SpanSelector;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanAnnotation;
import dev.annotator.core.span.SpanAnnotationJson;
import dev.annotator.core.span.SpanAnnotator;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.span.SpanPrediction;
import dev.annotator.core.span.SpanStudentModel;
import dev.annotator.core.span.SpanStudentTrainer;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.store.StoredResponse;
import dev.annotator.core.task.Task;
import dev.annotator.core.weigh.SpanWeigher;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * LLMAAA's active loop for span tasks (named-entity recognition): round after round, select texts
 * from an unlabelled pool, have a {@link SpanAnnotator} mark their entities, weigh the labelled texts,
 * retrain a span student from scratch (early-stopping on the gold dev texts), score it by span
 * micro-F1 on dev (and test), and let its per-token tag probabilities drive the next selection.
 *
 * <pre>{@code
 * try (SpanLoopResult result = SpanActiveLoop.builder()
 *         .task(nerTask).pool(poolTexts).dev(goldDev).test(goldTest)
 *         .annotator(llmSpanAnnotator).store(store)             // every answer stored before use
 *         .selector(SpanSelector.uncertainty(SpanUncertainty.of(Measure.ENTROPY, Reduction.MEAN)))
 *         .weigher(SpanWeigher.byConfidence())
 *         .trainer(spanTrainer)
 *         .schedule(LoopSchedule.of(50, 9, 50)).budget(Budget.labels(500)).seed(7)
 *         .listener(System.out::println)
 *         .build().run(Path.of("out/ner-active"))) {           // writes curve.csv after every round
 *     SpanStudentModel student = result.student().orElseThrow();
 * }
 * }</pre>
 *
 * <p>A round is the classification loop's ({@link ActiveAnnotationLoop}): the {@link SpanSelector}
 * sees the texts not yet annotated (never one twice, abstentions included), the previous round's
 * student (none in round 0: cold start) and a round seed derived from the loop seed; the batch is the
 * {@link LoopSchedule}'s size cut to the label budget; it is annotated in chunks, each bounded by the
 * money budget from the dearest answer seen so far; abstentions are kept out of training; the
 * {@link SpanWeigher} gives each labelled text a weight; the previous student is closed.
 *
 * <h2>Resuming after a crash</h2>
 * Every answer is written to the {@link Builder#store(AnnotationStore) store} as soon as the annotator
 * returns it, before anything uses it: {@link AnnotationStore} keeps whole-text labels as annotations,
 * so a span annotation goes in as a stored response ({@link SpanAnnotationJson}, under a key hashed from
 * the task name, the annotator's {@link SpanAnnotator#name()}, the example id and text; model = the
 * annotator's name). Rerun the same loop (same pool, schedule, selector, weigher, trainer, annotator
 * name, seed) over the same durable store: every decision is a function of the pool, the seed, earlier
 * students and answers, so the rerun replays the crashed run's rounds, takes each stored answer
 * instead of asking again ({@link SpanAnnotation#cached()}, counted in {@link SpanRoundSummary#cached()};
 * its cost still counts toward the money budget, as in the crashed run), pays only for texts never
 * answered, and ends with the result an uninterrupted run would have had.
 *
 * <p>The loop closes the students it replaces but not the annotator or trainer. A loop may be run more
 * than once; each run is independent. Not thread-safe.
 */
public final class SpanActiveLoop {
    private final Task task;
    private final List<Example> pool;
    private final Set<String> poolIds;
    private final Map<String, List<Span>> poolGold;
    private final List<SpanExample> dev;
    private final List<SpanExample> test;
    private final SpanAnnotator annotator;
    private final AnnotationStore store;
    private final SpanSelector selector;
    private final SpanWeigher weigher;
    private final SpanStudentTrainer trainer;
    private final LoopSchedule schedule;
    private final Budget budget;
    private final long seed;
    private final int chunkSize;
    private final List<SpanLoopListener> listeners;

    private SpanActiveLoop(Builder b) {
        this.task = b.task;
        this.pool = b.pool;
        this.poolIds = pool.stream().map(Example::id).collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.poolGold = b.poolGold;
        this.dev = b.dev;
        this.test = b.test;
        this.annotator = b.annotator;
        this.store = b.store;
        this.selector = b.selector;
        this.weigher = b.weigher;
        this.trainer = b.trainer;
        this.schedule = b.schedule;
        this.budget = b.budget;
        this.seed = b.seed;
        this.chunkSize = b.chunkSize;
        this.listeners = List.copyOf(b.listeners);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the loop and writes {@value SpanLoopResult#CURVE_FILE} into a directory after every round
     * (so a crashed run leaves its curve so far).
     *
     * @param outputDirectory the run directory; created if needed
     * @return the result; close it to release the student
     * @throws IOException when the curve cannot be written
     */
    public SpanLoopResult run(Path outputDirectory) throws IOException {
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        SpanLoopResult result = execute(outputDirectory);
        result.writeTo(outputDirectory);
        return result;
    }

    /**
     * Runs the loop without writing files.
     *
     * @return the result; close it to release the student
     */
    public SpanLoopResult run() {
        try {
            return execute(null);
        } catch (IOException e) {
            throw new IllegalStateException("no file is written without an output directory", e);
        }
    }

    /** Bookkeeping of one run. */
    private final class State {
        final List<SpanAnnotation> acquired = new ArrayList<>();
        final Set<String> labelledIds = new HashSet<>();
        final Spending money = new Spending(budget);

        void add(SpanAnnotation a) {
            acquired.add(a);
            labelledIds.add(a.exampleId());
            money.add(a.cost());
        }
    }

    private SpanLoopResult execute(Path outputDirectory) throws IOException {
        AnnotationStore runStore = store == null ? new InMemoryAnnotationStore() : store;
        State s = new State();
        StopReason stop = StopReason.SCHEDULE_DONE;
        SpanStudentModel student = null;
        List<SpanRoundSummary> rounds = new ArrayList<>();
        try {
            for (int round = 0; round < schedule.totalRounds(); round++) {
                long labelRoom = budget.maxLabels() - s.acquired.size();
                if (labelRoom <= 0) {
                    stop = StopReason.LABEL_BUDGET;
                    break;
                }
                List<Example> candidates = new ArrayList<>();
                for (Example e : pool) {
                    if (!s.labelledIds.contains(e.id())) {
                        candidates.add(e);
                    }
                }
                if (candidates.isEmpty()) {
                    stop = StopReason.POOL_EXHAUSTED;
                    break;
                }
                int want = (int) Math.min(schedule.batchSize(round), labelRoom);
                List<Example> batch = selector.select(List.copyOf(candidates), Optional.ofNullable(student), want,
                        ActiveAnnotationLoop.roundSeed(seed, round));
                AnswerChecks.selectedBatch("span selector '" + selector.name() + "'", batch, want, s.labelledIds,
                        e -> poolIds.contains(e.id()));
                if (batch.isEmpty()) {
                    stop = StopReason.POOL_EXHAUSTED;
                    break;
                }
                boolean moneyOut = false;
                List<SpanAnnotation> roundAnnotations = new ArrayList<>();
                for (int from = 0; from < batch.size();) {
                    int affordable = s.money.affordable(Math.min(chunkSize, batch.size() - from));
                    if (affordable == 0) {
                        moneyOut = true;
                        break;
                    }
                    if (roundAnnotations.isEmpty()) {
                        emit(new BatchSelected(round, batch, selector.name()));
                    }
                    List<SpanAnnotation> answers = annotate(batch.subList(from, from + affordable), runStore);
                    answers.forEach(s::add);
                    roundAnnotations.addAll(answers);
                    from += affordable;
                }
                if (roundAnnotations.isEmpty()) {
                    stop = StopReason.MONEY_BUDGET;
                    break;
                }
                emit(new BatchAnnotated(round, roundAnnotations));

                List<SpanAnnotation> labelled = s.acquired.stream().filter(a -> !a.isAbstention()).toList();
                if (student != null) {
                    student.close();
                    student = null;
                }
                Optional<SpanReport> devScores = Optional.empty();
                Optional<SpanReport> testScores = Optional.empty();
                if (!labelled.isEmpty()) {
                    List<SpanExample> train = new ArrayList<>(labelled.size());
                    for (SpanAnnotation a : labelled) {
                        train.add(a.toSpanExample(Split.TRAIN));
                    }
                    double[] weights = weigher.weigh(labelled);
                    if (weights == null || weights.length != labelled.size()) {
                        throw new IllegalStateException("span weigher '" + weigher.name() + "' returned "
                                + (weights == null ? "null" : weights.length + " weights") + " for " + labelled.size() + " texts");
                    }
                    student = trainer.train(task, train, weights, dev);
                    devScores = Optional.of(evaluate(student, dev));
                    if (!test.isEmpty()) {
                        testScores = Optional.of(evaluate(student, test));
                    }
                }
                int cached = (int) roundAnnotations.stream().filter(SpanAnnotation::cached).count();
                int abstained = (int) roundAnnotations.stream().filter(SpanAnnotation::isAbstention).count();
                SpanRoundSummary summary = new SpanRoundSummary(round, batch.size(), roundAnnotations.size(), cached, abstained,
                        s.acquired.size(), labelled.size(), s.money.spent(), devScores, testScores, teacherScores(s.acquired));
                rounds.add(summary);
                emit(new RoundFinished(summary));
                if (outputDirectory != null) {
                    SpanLoopResult.writeCurve(outputDirectory, selector.name(), rounds);
                }
                if (moneyOut) {
                    stop = StopReason.MONEY_BUDGET;
                    break;
                }
            }
            emit(new LoopFinished(rounds.size(), stop));
            SpanStudentModel finalStudent = student;
            student = null;
            return new SpanLoopResult(finalStudent, selector.name(), rounds, s.acquired, s.money.spent(), stop);
        } finally {
            if (student != null) {
                student.close();
            }
        }
    }

    /**
     * The store key of a text's span annotation by this loop's annotator for this task.
     *
     * @param task the span task
     * @param annotatorName the annotator's name
     * @param example the text
     * @return the key: {@code span-annotation:} and a SHA-256 hex digest
     */
    static String storeKey(Task task, String annotatorName, Example example) {
        MessageDigest md = Digests.sha256();
        Digests.update(md, "span-annotation");
        Digests.update(md, task.name());
        Digests.update(md, annotatorName);
        Digests.update(md, example.id());
        Digests.update(md, example.text());
        return "span-annotation:" + Digests.hex(md.digest());
    }

    /** Annotates a chunk, taking stored answers where there are some; stores fresh ones before use. */
    private List<SpanAnnotation> annotate(List<Example> chunk, AnnotationStore store) {
        Map<String, SpanAnnotation> got = new HashMap<>();
        List<Example> missing = new ArrayList<>();
        List<String> missingKeys = new ArrayList<>();
        for (Example e : chunk) {
            String key = storeKey(task, annotator.name(), e);
            Optional<StoredResponse> r = store.findResponse(key);
            if (r.isPresent()) {
                got.put(e.id(), check(e, SpanAnnotationJson.read(e, r.get().response(), true)));
            } else {
                missing.add(e);
                missingKeys.add(key);
            }
        }
        if (!missing.isEmpty()) {
            List<SpanAnnotation> answers = annotator.annotate(List.copyOf(missing));
            AnswerChecks.answerCount("span annotator '" + annotator.name() + "'", answers, missing.size());
            for (int i = 0; i < missing.size(); i++) {
                Example e = missing.get(i);
                SpanAnnotation a = check(e, Objects.requireNonNull(answers.get(i), "span annotation"));
                String key = missingKeys.get(i);
                String json = SpanAnnotationJson.write(a);
                StoredResponse kept = store.putResponse(new StoredResponse(key, annotator.name(), "span annotation of '" + e.id()
                        + "' for task '" + task.name() + "'", json, a.cost(), Instant.now()));
                // a racing writer stored its answer first: use that one, as a rerun would
                got.put(e.id(), kept.response().equals(json) ? a : check(e, SpanAnnotationJson.read(e, kept.response(), true)));
            }
        }
        List<SpanAnnotation> out = new ArrayList<>(chunk.size());
        for (Example e : chunk) {
            out.add(got.get(e.id()));
        }
        return out;
    }

    private SpanAnnotation check(Example e, SpanAnnotation a) {
        AnswerChecks.answerTo("span annotator '" + annotator.name() + "'", annotator.name(), e, a.exampleId(), a.source());
        for (Span span : a.spans()) {
            if (!task.hasLabel(span.type())) {
                throw new NonRetriableAnnotatorException("span annotator '" + annotator.name() + "' marked " + span + " in '"
                        + e.id() + "' with a type that is not a label of task '" + task.name() + "' " + task.labelNames());
            }
        }
        return a;
    }

    private SpanReport evaluate(SpanStudentModel student, List<SpanExample> gold) {
        List<SpanPrediction> predictions = student.predictBatch(gold.stream().map(SpanExample::text).toList());
        List<List<Span>> predicted = predictions.stream().map(SpanPrediction::spans).toList();
        return SpanMetrics.evaluate(task, SpanMetrics.goldSpans(gold), predicted);
    }

    /** The annotator on the annotated pool texts with gold spans, abstentions counted as no spans. */
    private Optional<SpanReport> teacherScores(List<SpanAnnotation> acquired) {
        List<List<Span>> gold = new ArrayList<>();
        List<List<Span>> answered = new ArrayList<>();
        for (SpanAnnotation a : acquired) {
            List<Span> g = poolGold.get(a.exampleId());
            if (g != null) {
                gold.add(g);
                answered.add(a.spans());
            }
        }
        return gold.isEmpty() ? Optional.empty() : Optional.of(SpanMetrics.evaluate(task, gold, answered));
    }

    private void emit(SpanLoopEvent event) {
        for (SpanLoopListener l : listeners) {
            l.on(event);
        }
    }

    @Override
    public String toString() {
        return "SpanActiveLoop[" + task.name() + ", " + selector.name() + ", " + schedule + "]";
    }

    /** Builder for {@link SpanActiveLoop}; not thread-safe. */
    public static final class Builder {
        private Task task;
        private List<Example> pool;
        private Map<String, List<Span>> poolGold = Map.of();
        private List<SpanExample> dev;
        private List<SpanExample> test = List.of();
        private SpanAnnotator annotator;
        private AnnotationStore store;
        private SpanSelector selector;
        private SpanWeigher weigher = SpanWeigher.uniform();
        private SpanStudentTrainer trainer;
        private LoopSchedule schedule;
        private Budget budget = Budget.unlimited();
        private Long seed;
        private int chunkSize = 10;
        private final List<SpanLoopListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param task the span task; its labels are the entity types
         * @return this builder
         */
        public Builder task(Task task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /**
         * @param pool the unlabelled texts to select from; ids unique
         * @return this builder
         */
        public Builder pool(List<Example> pool) {
            if (this.pool != null) {
                throw new IllegalStateException("the pool is already set; give pool or poolWithGold once");
            }
            this.pool = List.copyOf(pool);
            return this;
        }

        /**
         * A benchmark pool: the texts with gold spans, which only score the annotator
         * ({@link SpanRoundSummary#teacher()}); the student never sees them.
         *
         * @param rows the pool texts with their gold spans; ids unique
         * @return this builder
         */
        public Builder poolWithGold(List<SpanExample> rows) {
            pool(rows.stream().map(SpanExample::example).toList());
            Map<String, List<Span>> gold = new HashMap<>();
            rows.forEach(r -> gold.put(r.id(), r.spans()));
            this.poolGold = Map.copyOf(gold);
            return this;
        }

        /**
         * @param dev gold texts for early stopping and per-round scores; not empty, none in the pool
         * @return this builder
         */
        public Builder dev(List<SpanExample> dev) {
            this.dev = List.copyOf(dev);
            return this;
        }

        /**
         * @param test gold texts scored every round (optional); none in the pool
         * @return this builder
         */
        public Builder test(List<SpanExample> test) {
            this.test = List.copyOf(test);
            return this;
        }

        /**
         * @param annotator who marks the selected texts; its task must be this loop's
         * @return this builder
         */
        public Builder annotator(SpanAnnotator annotator) {
            this.annotator = Objects.requireNonNull(annotator, "annotator");
            return this;
        }

        /**
         * @param store where every answer is kept before it is used (default: a fresh in-memory
         *     store per run); a durable store makes the run resumable. Not closed by the loop
         * @return this builder
         */
        public Builder store(AnnotationStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * @param selector which texts to annotate next, e.g. {@link SpanSelector#uncertainty} or the
         *     {@link SpanSelector#random()} baseline
         * @return this builder
         */
        public Builder selector(SpanSelector selector) {
            this.selector = Objects.requireNonNull(selector, "selector");
            return this;
        }

        /**
         * @param weigher per-text training weights (default {@link SpanWeigher#uniform()})
         * @return this builder
         */
        public Builder weigher(SpanWeigher weigher) {
            this.weigher = Objects.requireNonNull(weigher, "weigher");
            return this;
        }

        /**
         * @param trainer trains each round's student from scratch; seeded at construction
         * @return this builder
         */
        public Builder trainer(SpanStudentTrainer trainer) {
            this.trainer = Objects.requireNonNull(trainer, "trainer");
            return this;
        }

        /**
         * @param schedule initial batch, rounds after it, texts per round
         * @return this builder
         */
        public Builder schedule(LoopSchedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /**
         * @param budget labels (texts annotated, abstentions included) and/or dollars (default unlimited)
         * @return this builder
         */
        public Builder budget(Budget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * @param seed the loop seed; each round's selection seed is derived from it
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param chunkSize texts per annotator call, at least 1 (default 10); the money budget is checked before each
         * @return this builder
         */
        public Builder chunkSize(int chunkSize) {
            if (chunkSize < 1) {
                throw new IllegalArgumentException("chunkSize must be >= 1: " + chunkSize);
            }
            this.chunkSize = chunkSize;
            return this;
        }

        /**
         * @param listener receives the loop's events
         * @return this builder
         */
        public Builder listener(SpanLoopListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @return the loop
         * @throws IllegalStateException when a required setting is missing (task, pool, dev, annotator,
         *     selector, trainer, schedule, seed), the task is not a span task or not the annotator's, the
         *     pool is empty or repeats an id, or a dev or test text is in the pool
         */
        public SpanActiveLoop build() {
            require(task, "task");
            require(pool, "pool");
            require(dev, "dev");
            require(annotator, "annotator");
            require(selector, "selector");
            require(trainer, "trainer");
            require(schedule, "schedule");
            require(seed, "seed");
            if (!task.isSpan()) {
                throw new IllegalStateException("a span loop needs a SPAN task; task '" + task.name() + "' is " + task.kind());
            }
            if (!annotator.task().equals(task)) {
                throw new IllegalStateException("span annotator '" + annotator.name() + "' labels task '" + annotator.task().name()
                        + "', not this loop's task '" + task.name() + "'");
            }
            if (pool.isEmpty()) {
                throw new IllegalStateException("the pool is empty");
            }
            if (dev.isEmpty()) {
                throw new IllegalStateException("dev must hold gold texts: the student is early-stopped and scored on them");
            }
            Set<String> ids = new HashSet<>();
            for (Example e : pool) {
                if (!ids.add(e.id())) {
                    throw new IllegalStateException("pool repeats example id '" + e.id() + "'");
                }
            }
            for (SpanExample g : dev) {
                if (ids.contains(g.id())) {
                    throw new IllegalStateException("dev text '" + g.id() + "' is also in the pool");
                }
            }
            for (SpanExample g : test) {
                if (ids.contains(g.id())) {
                    throw new IllegalStateException("test text '" + g.id() + "' is also in the pool");
                }
            }
            return new SpanActiveLoop(this);
        }

        private static void require(Object value, String what) {
            if (value == null) {
                throw new IllegalStateException(what + " is required");
            }
        }
    }
}
