package dev.annotator.examples.cli;

import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.annotate.NoisyOracleAnnotator;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.pipeline.ActiveAnnotationLoop;
import dev.annotator.core.pipeline.LoopEvent;
import dev.annotator.core.pipeline.LoopResult;
import dev.annotator.core.pipeline.LoopSchedule;
import dev.annotator.core.pipeline.RoundSummary;
import dev.annotator.core.pipeline.Scores;
import dev.annotator.core.select.SampleSelector;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskJson;
import dev.annotator.core.weigh.LabelWeigher;
import dev.annotator.llm.embed.LangChain4jTextEmbedder;
import dev.annotator.llm.store.SqliteAnnotationStore;
import dev.annotator.student.fast.LearningToReweightWeigher;
import dev.annotator.student.onnx.OnnxExportable;
import dev.annotator.student.onnx.OnnxStudentModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code annotator active}: LLMAAA's active annotation loop with the fast student. */
@Command(name = "active", mixinStandardHelpOptions = true,
        description = {"Run the active annotation loop (LLMAAA): each round a selector picks texts of the 'train' split (the",
            "pool), the annotator labels them, a weigher weighs every label so far, and the fast student is retrained,",
            "early-stopped on the first 100 gold 'dev' rows and scored on 'test'. Writes OUT/curve.csv and OUT/run.json",
            "(for 'report --run OUT') and exports the last student to OUT/student.onnx.",
            "Schedule: --initial texts in round 0, then --rounds further rounds of --per-round texts."})
final class ActiveCommand implements Callable<Integer> {
    /** Gold dev rows used for early stopping, validation and reweighting (LLMAAA's 100). */
    static final int GOLD_DEV = 100;

    /** The teachers the loop can ask. */
    enum Teacher {
        /** k nearest gold dev examples under the in-process all-MiniLM-L6-v2. */
        knn,
        /** an LLM through langchain4j's OpenAI client. */
        llm,
        /** the gold label of each pool text, flipped to another label at rate --flip (simulated). */
        oracle
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "CSV or JSONL with a label and a split column.")
    Path data;

    @Option(names = "--task", description = "Task JSON; default: inferred from the label column.")
    Path taskFile;

    @Option(names = "--annotator", defaultValue = "knn", description = "Teacher: knn (default, offline), llm or oracle (simulated, see --flip).")
    Teacher annotator;

    @Option(names = "--flip", defaultValue = "0.0", description = "oracle: rate at which answers are flipped to a wrong"
            + " label (default: ${DEFAULT-VALUE}).")
    double flip;

    @Option(names = "--selector", defaultValue = "random", description = "random, least-confidence, margin, entropy,"
            + " kmeans, kcenter or hybrid (default: ${DEFAULT-VALUE}).")
    String selector;

    @Option(names = "--weigher", defaultValue = "uniform", description = "uniform, confidence or reweight"
            + " (learning-to-reweight on the gold dev rows) (default: ${DEFAULT-VALUE}).")
    String weigher;

    @Option(names = "--rounds", defaultValue = "9", description = "Rounds after round 0 (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--per-round", defaultValue = "50", description = "Texts per round after round 0 (default:"
            + " ${DEFAULT-VALUE}).")
    int perRound;

    @Option(names = "--initial", description = "Texts in round 0 (default: --per-round).")
    Integer initial;

    @Option(names = "--store", description = "SQLite store of the annotations, making the run resumable (default: in"
            + " memory).")
    Path store;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--json", description = "Print a JSON summary as the last line.")
    boolean json;

    @Mixin
    DataOptions columns;

    @Mixin
    FastStudentOptions fast;

    @Mixin
    LlmOptions llm;

    @Override
    public Integer call() throws Exception {
        if (!(flip >= 0 && flip <= 1)) {
            throw new IllegalArgumentException("--flip must be in [0, 1]: " + flip);
        }
        if (flip > 0 && annotator != Teacher.oracle) {
            throw new IllegalArgumentException("--flip is for --annotator oracle");
        }
        SampleSelector sel = selector(selector);
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DatasetReader reader = columns.reader(data);
        Task task = taskFile != null ? TaskJson.read(Files.readString(taskFile)) : reader.inferTask(data, TrainCommand.baseName(data));
        Dataset ds = reader.read(data, task);
        List<LabelledExample> pool = ds.split(Split.TRAIN);
        List<LabelledExample> dev = ds.split(Split.DEV).stream().filter(LabelledExample::isLabelled).limit(GOLD_DEV).toList();
        List<LabelledExample> test = ds.split(Split.TEST).stream().filter(LabelledExample::isLabelled).toList();
        if (pool.isEmpty() || dev.isEmpty()) {
            throw new IllegalArgumentException("active needs rows in split 'train' (the pool) and labelled rows in split 'dev'"
                    + " of " + data);
        }
        Dataset devOnly = Dataset.of(task, dev);
        LabelWeigher lw = weigher(weigher, TrainingSet.fromGold(devOnly, Split.DEV));
        LoopSchedule schedule = LoopSchedule.of(initial != null ? initial : perRound, rounds, perRound);
        Files.createDirectories(out);
        long start = System.nanoTime();
        boolean diversity = sel.name().contains("means") || sel.name().contains("center") || sel.name().contains("hybrid");
        LlmProgress progress = new LlmProgress(err);
        try (AnnotationStore db = store != null ? SqliteAnnotationStore.open(store) : new InMemoryAnnotationStore();
                TeacherSetup teacher = teacher(task, ds, db, progress);
                LangChain4jTextEmbedder embedder = diversity ? AnnotatorSetup.miniLm() : null) {
            ActiveAnnotationLoop.Builder b = ActiveAnnotationLoop.builder().task(task).poolWithGold(pool).dev(dev)
                    .annotator(teacher.annotator()).store(db).selector(sel).weigher(lw).trainer(fast.trainer())
                    .schedule(schedule).seed(fast.seed).listener(e -> print(e, err));
            if (!test.isEmpty()) {
                b.test(test);
            }
            if (embedder != null) {
                b.embedder(embedder);
            }
            try (LoopResult result = b.build().run(out)) {
                double seconds = (System.nanoTime() - start) / 1e9;
                List<RoundSummary> rs = result.rounds();
                RoundSummary last = rs.isEmpty() ? null : rs.get(rs.size() - 1);
                Optional<StudentModel> student = result.student();
                Path onnx = null;
                if (student.isPresent() && student.get() instanceof OnnxExportable x) {
                    onnx = out.resolve(OnnxStudentModel.DEFAULT_FILE_NAME);
                    x.exportOnnx(onnx);
                }
                Optional<Scores> testScores = last == null ? Optional.empty() : last.test();
                Optional<Scores> teacherScores = last == null ? Optional.empty() : last.teacher();
                long calls = teacher.calls() >= 0 ? teacher.calls() : last == null ? 0 : last.paidCalls();
                int labels = last == null ? 0 : last.labels();
                w.printf(Locale.ROOT, "active: %d labels (%s, %s, %s) in %d rounds, %.1fs; stopped: %s%n", labels,
                        teacher.annotator().name(), sel.name(), lw.name(), rs.size(), seconds, result.stopReason());
                w.printf(Locale.ROOT, "student on test: accuracy %s, macro-F1 %s; teacher on its annotated pool texts: accuracy %s%n",
                        fmt(testScores.map(Scores::accuracy)), fmt(testScores.map(Scores::macroF1)),
                        fmt(teacherScores.map(Scores::accuracy)));
                w.println("wrote " + out.resolve(LoopResult.CURVE_FILE) + ", " + out.resolve("run.json")
                        + (onnx != null ? ", " + onnx : ""));
                if (json) {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("command", "active");
                    s.put("task", task.name());
                    s.put("annotator", teacher.annotator().name());
                    s.put("selector", sel.name());
                    s.put("weigher", lw.name());
                    s.put("seed", fast.seed);
                    s.put("rounds", rs.size());
                    s.put("labels", labels);
                    s.put("calls", calls);
                    s.put("accuracy", testScores.map(Scores::accuracy).orElse(null));
                    s.put("macroF1", testScores.map(Scores::macroF1).orElse(null));
                    s.put("devAccuracy", last == null ? null : last.dev().map(Scores::accuracy).orElse(null));
                    s.put("teacherAccuracy", teacherScores.map(Scores::accuracy).orElse(null));
                    s.put("stopped", result.stopReason().toString());
                    s.put("curve", out.resolve(LoopResult.CURVE_FILE).toString());
                    s.put("student", onnx == null ? null : onnx.toString());
                    s.put("seconds", seconds);
                    Json.printLine(w, s);
                }
            }
        }
        w.flush();
        return 0;
    }

    private static String fmt(Optional<Double> v) {
        return v.map(x -> String.format(Locale.ROOT, "%.4f", x)).orElse("-");
    }

    private static void print(LoopEvent event, PrintWriter err) {
        if (event instanceof LoopEvent.RoundFinished f) {
            RoundSummary r = f.summary();
            err.printf(Locale.ROOT, "round %d: %d labels, dev accuracy %s, test accuracy %s, teacher accuracy %s%n", r.round(),
                    r.labels(), fmt(r.dev().map(Scores::accuracy)), fmt(r.test().map(Scores::accuracy)),
                    fmt(r.teacher().map(Scores::accuracy)));
            err.flush();
        }
    }

    /** The teacher and its paid-call counter (-1: count the loop's paid annotations). */
    private record TeacherSetup(Annotator annotator, AnnotatorSetup setup) implements AutoCloseable {
        long calls() {
            return setup == null ? -1 : setup.calls().getAsLong();
        }

        @Override
        public void close() {
            if (setup != null) {
                setup.close();
            } else {
                annotator.close();
            }
        }
    }

    private TeacherSetup teacher(Task task, Dataset ds, AnnotationStore db, LlmProgress progress) {
        switch (annotator) {
            case oracle:
                if (llm.anyLlmOnlyOption()) {
                    throw new IllegalArgumentException("LLM options are for --annotator llm, not oracle");
                }
                List<LabelledExample> gold = new ArrayList<>(ds.split(Split.TRAIN));
                return new TeacherSetup(NoisyOracleAnnotator.builder(task).gold(gold).flipRate(flip).seed(fast.seed).build(), null);
            case knn:
                AnnotatorSetup k = AnnotatorSetup.create(AnnotatorSetup.Kind.knn, task, ds, data, db, llm, progress);
                return new TeacherSetup(k.annotator(), k);
            case llm:
                AnnotatorSetup l = AnnotatorSetup.create(AnnotatorSetup.Kind.llm, task, ds, data, db, llm, progress);
                return new TeacherSetup(l.annotator(), l);
            default:
                throw new IllegalArgumentException("unknown annotator: " + annotator);
        }
    }

    static SampleSelector selector(String name) {
        return switch (name) {
            case "random" -> SampleSelector.random();
            case "least-confidence" -> SampleSelector.leastConfidence();
            case "margin" -> SampleSelector.margin();
            case "entropy" -> SampleSelector.entropy();
            case "kmeans" -> SampleSelector.kMeans();
            case "kcenter" -> SampleSelector.kCenter();
            case "hybrid" -> SampleSelector.hybrid();
            default -> throw new IllegalArgumentException("unknown --selector '" + name
                    + "'; expected random, least-confidence, margin, entropy, kmeans, kcenter or hybrid");
        };
    }

    private LabelWeigher weigher(String name, TrainingSet gold) {
        return switch (name) {
            case "uniform" -> LabelWeigher.uniform();
            case "confidence" -> LabelWeigher.byConfidence();
            case "reweight" -> LearningToReweightWeigher.builder().gold(gold).featurizer(fast.featurizer()).seed(fast.seed).build();
            default -> throw new IllegalArgumentException("unknown --weigher '" + name + "'; expected uniform, confidence or reweight");
        };
    }
}
