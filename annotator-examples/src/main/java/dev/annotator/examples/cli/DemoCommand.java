package dev.annotator.examples.cli;

import dev.annotator.core.Version;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.eval.ClassMetrics;
import dev.annotator.core.eval.ClassificationReport;
import dev.annotator.core.eval.Evaluator;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.pipeline.ActiveAnnotationLoop;
import dev.annotator.core.pipeline.LoopEvent;
import dev.annotator.core.pipeline.LoopResult;
import dev.annotator.core.pipeline.LoopSchedule;
import dev.annotator.core.pipeline.RoundSummary;
import dev.annotator.core.relabel.RelabelResult;
import dev.annotator.core.relabel.StreamingRelabeller;
import dev.annotator.core.report.CurvePoint;
import dev.annotator.core.report.Evaluation;
import dev.annotator.core.report.HtmlReport;
import dev.annotator.core.report.RunRecord;
import dev.annotator.core.report.RunRecordJson;
import dev.annotator.core.select.SampleSelector;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.core.weigh.LabelWeigher;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.student.encoder.EncoderStudentTrainer;
import dev.annotator.student.encoder.OnnxSentenceEncoder;
import dev.annotator.student.fast.FastStudentTrainer;
import dev.annotator.student.onnx.OnnxStudentModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code annotator demo}: the README's main job, on a real dataset, offline: a teacher with 100 gold
 * examples, the active loop, the student exported to ONNX and scored next to the teacher, the corpus
 * relabelled, and the HTML report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Label the UCI sentiment sentences without their labels: an offline k-NN teacher that knows only the 100",
            "gold 'dev' sentences (or the LLM at $ANNOTATOR_LLM_BASE_URL) labels what an active loop selects, a fast student",
            "is trained each round, exported to ONNX and scored on 'test' next to the teacher (and the encoder student,",
            "trained once on the final labels), then relabels the whole corpus; writes run.json, curve.csv and report.html.",
            "Offline, one to two minutes; progress on standard error."})
final class DemoCommand implements Callable<Integer> {
    /** Environment variable that switches the teacher to an LLM. */
    static final String LLM_BASE_URL_ENV = "ANNOTATOR_LLM_BASE_URL";

    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "../shared/datasets/uci_sentiment.csv",
            description = "Labelled CSV with text,label,split (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--out", defaultValue = "out/demo", description = "Run directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--relabel", description = "Corpus to relabel with the student (default: the --data file's texts).")
    Path relabel;

    @Option(names = "--rounds", defaultValue = "9", description = "Rounds after the first batch (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--per-round", defaultValue = "50", description = "Labels per round, and in the first batch (default: ${DEFAULT-VALUE}).")
    int perRound;

    @Option(names = "--baseline", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also run the loop with random selection, for a second learning curve (default: ${DEFAULT-VALUE}).")
    boolean baseline;

    @Option(names = "--encoder", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also train the encoder student (MiniLM + head) on the loop's labels and score it (default: ${DEFAULT-VALUE}).")
    boolean encoder;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print a JSON summary as the last line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(data)) {
            throw new NoSuchFileException(data.toString(), null,
                    "demo dataset not found; run from the repository root next to ../shared/datasets, or pass --data FILE");
        }
        if (rounds < 0 || perRound < 1) {
            throw new IllegalArgumentException("--rounds must be >= 0 and --per-round >= 1: " + rounds + ", " + perRound);
        }
        DatasetReader reader = DatasetReader.csv().build();
        Task task = reader.inferTask(data, "sentiment");
        Dataset ds = reader.read(data, task);
        List<LabelledExample> pool = ds.split(Split.TRAIN);
        List<LabelledExample> dev = ds.split(Split.DEV).stream().filter(LabelledExample::isLabelled).toList();
        List<LabelledExample> test = ds.split(Split.TEST).stream().filter(LabelledExample::isLabelled).toList();
        if (pool.isEmpty() || dev.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException(data + " needs rows in the splits train (the pool), dev (gold for the teacher and"
                    + " early stopping) and test (scoring): " + pool.size() + ", " + dev.size() + ", " + test.size());
        }
        w.println("== annotator demo: " + data.getFileName() + ", labels " + task.labelNames());
        w.printf(Locale.ROOT, "pool %d texts (labels hidden), %d gold dev texts, %d gold test texts%n", pool.size(), dev.size(),
                test.size());
        w.flush();

        LoopSchedule schedule = LoopSchedule.of(perRound, rounds, perRound);
        Map<String, Object> summary = new LinkedHashMap<>();
        try (AnnotationStore store = new InMemoryAnnotationStore();
                AnnotatorSetup setup = teacher(task, ds, store, err)) {
            String teacher = setup.annotator().name();
            w.println("teacher: " + teacher);
            w.println("student: fast (hashed word and character n-grams, linear softmax), retrained each round"
                    + (encoder ? "; then the encoder student (MiniLM + linear head) on the final labels" : ""));
            w.flush();
            List<Evaluation> extra = new ArrayList<>();
            List<CurvePoint> curve = new ArrayList<>();
            if (baseline) {
                try (LoopResult random = loop(task, pool, dev, test, setup, store, schedule, SampleSelector.random(), false, err)
                        .run()) {
                    curve.addAll(random.curve());
                }
            }
            try (LoopResult result = loop(task, pool, dev, test, setup, store, schedule, SampleSelector.entropy(), true, err)
                    .run(out)) {
                curve.addAll(result.curve());
                StudentModel loopStudent = result.student().orElseThrow(
                        () -> new IllegalStateException("the teacher abstained on every text; nothing to train on"));
                Path model = out.resolve("fast").resolve(OnnxStudentModel.DEFAULT_FILE_NAME);
                Students.onnx().deploy(loopStudent, model.getParent()).close();
                try (OnnxStudentModel onnx = OnnxStudentModel.load(model)) {
                    List<LabelDistribution> predictions = onnx.predictBatch(test.stream().map(LabelledExample::text).toList());
                    ClassificationReport rep = Evaluator.evaluate(task, Evaluator.goldLabels(test), predictions);
                    extra.add(Evaluation.of("fast student (ONNX file)", "test", rep));
                    Optional<ClassificationReport> encoderReport = encoder ? Optional.of(encoderStudent(task, result, dev, test,
                            err)) : Optional.empty();
                    encoderReport.ifPresent(e -> extra.add(Evaluation.of("encoder student (ONNX file)", "test", e)));
                    Optional<Evaluation> teacherEval = result.runRecord().evaluations().stream()
                            .filter(e -> e.name().startsWith("teacher") && e.split().equals("test")).findFirst();

                    Path corpus = relabel != null ? relabel : data;
                    Path relabelled = out.resolve("relabelled.csv");
                    RelabelResult rr = StreamingRelabeller.builder().student(onnx)
                            .progress((n, s) -> {
                                err.printf(Locale.ROOT, "\rrelabel: %d texts %.1fs", n, s);
                                err.flush();
                            }).build().relabel(corpus, relabelled);
                    err.println();

                    printResults(w, result, rep, teacherEval, test, predictions, model, rr);
                    encoderReport.ifPresent(e -> w.printf(Locale.ROOT, "encoder student (ONNX, %s): test accuracy %.4f  macro-F1 %.4f%n",
                            out.resolve("encoder").resolve(OnnxStudentModel.DEFAULT_FILE_NAME), e.accuracy(), e.macroF1()));
                    RunRecord loopRecord = result.runRecord();
                    Map<String, String> provenance = new LinkedHashMap<>(loopRecord.provenance());
                    provenance.put("data", data.toString());
                    provenance.put("data fingerprint", ds.fingerprint());
                    provenance.put("model", model.toString());
                    provenance.put("relabelled", String.format(Locale.ROOT, "%d texts of %s -> %s, %.0f texts/s", rr.texts(), corpus,
                            relabelled, rr.textsPerSecond()));
                    provenance.put("library version", Version.get());
                    List<Evaluation> evaluations = new ArrayList<>(extra);
                    loopRecord.evaluations().stream().filter(e -> !e.name().startsWith("student")).forEach(evaluations::add);
                    RunRecord record = new RunRecord("annotator demo: " + data.getFileName() + ", " + teacher, task, Instant.now(),
                            provenance, curve, evaluations, loopRecord.sources());
                    RunRecordJson.writeTo(out, record);
                    Path html = HtmlReport.write(record, out.resolve("report.html"));
                    double seconds = (System.nanoTime() - start) / 1e9;
                    w.printf(Locale.ROOT, "report: %s  (%.1fs in all)%n", html, seconds);
                    w.println("next: java -jar <cli.jar> predict --model " + model.getParent() + " --data FILE.csv --out predictions.csv");

                    summary.put("command", "demo");
                    summary.put("task", task.name());
                    summary.put("teacher", teacher);
                    summary.put("labels", result.annotations().size());
                    summary.put("rounds", result.rounds().size());
                    summary.put("teacherAccuracy", teacherEval.map(Evaluation::accuracy).orElse(null));
                    summary.put("studentAccuracy", rep.accuracy());
                    summary.put("accuracy", rep.accuracy());
                    summary.put("encoderAccuracy", encoderReport.map(ClassificationReport::accuracy).orElse(null));
                    summary.put("macroF1", rep.macroF1());
                    summary.put("model", model.toString());
                    summary.put("relabelled", rr.texts());
                    summary.put("relabelTextsPerSecond", rr.textsPerSecond());
                    summary.put("report", html.toString());
                    summary.put("seconds", seconds);
                }
            }
        }
        if (json) {
            Json.printLine(w, summary);
        }
        w.flush();
        return 0;
    }

    /**
     * The encoder student (frozen MiniLM, linear head) trained once on the loop's final labels with the
     * same weights, exported next to the fast one and scored from its ONNX file.
     */
    private ClassificationReport encoderStudent(Task task, LoopResult result, List<LabelledExample> dev,
            List<LabelledExample> test, PrintWriter err) throws java.io.IOException {
        long start = System.nanoTime();
        err.printf(Locale.ROOT, "encoder student: embedding and training on the loop's %d labels...%n", result.annotations().size());
        err.flush();
        TrainingSet train = LabelWeigher.byConfidence().weigh(task, result.annotations());
        List<TrainingExample> devRows = new ArrayList<>();
        for (LabelledExample r : dev) {
            devRows.add(TrainingExample.of(r.example(), LabelDistribution.ofLabels(task, new java.util.HashSet<>(r.labels()))));
        }
        Path dir = out.resolve("encoder");
        try (OnnxSentenceEncoder enc = OnnxSentenceEncoder.builder().build()) {
            StudentModel trained = EncoderStudentTrainer.builder(enc).seed(seed).build().train(train, TrainingSet.of(task, devRows));
            try (StudentModel onnx = Students.onnx().deploy(trained, dir)) {
                List<LabelDistribution> predictions = onnx.predictBatch(test.stream().map(LabelledExample::text).toList());
                ClassificationReport rep = Evaluator.evaluate(task, Evaluator.goldLabels(test), predictions);
                err.printf(Locale.ROOT, "encoder student: test accuracy %.3f  %5.1fs%n", rep.accuracy(), (System.nanoTime() - start) / 1e9);
                err.flush();
                return rep;
            } finally {
                trained.close();
            }
        }
    }

    private ActiveAnnotationLoop loop(Task task, List<LabelledExample> pool, List<LabelledExample> dev, List<LabelledExample> test,
            AnnotatorSetup setup, AnnotationStore store, LoopSchedule schedule, SampleSelector selector, boolean teacherOnTest,
            PrintWriter err) {
        long start = System.nanoTime();
        return ActiveAnnotationLoop.builder().task(task).poolWithGold(pool).dev(dev).test(test)
                .annotator(setup.annotator()).store(store).selector(selector).weigher(LabelWeigher.byConfidence())
                .trainer(FastStudentTrainer.builder().seed(seed).build())
                .schedule(schedule).seed(seed).chunkSize(50).evaluateTeacherOnTest(teacherOnTest)
                .name("active loop, " + selector.name())
                .listener(e -> {
                    if (e instanceof LoopEvent.RoundFinished f) {
                        RoundSummary r = f.summary();
                        err.printf(Locale.ROOT, "loop %-8s round %2d/%d: %4d labels, student test accuracy %s, teacher %s  %5.1fs%n",
                                selector.name(), r.round() + 1, schedule.totalRounds(), r.labels(),
                                r.test().map(s -> String.format(Locale.ROOT, "%.3f", s.accuracy())).orElse("-"),
                                r.teacher().map(s -> String.format(Locale.ROOT, "%.3f", s.accuracy())).orElse("-"),
                                (System.nanoTime() - start) / 1e9);
                        err.flush();
                    } else if (e instanceof LoopEvent.LoopFinished && teacherOnTest) {
                        err.printf(Locale.ROOT, "loop %s done; scoring the teacher on the %d test texts...%n", selector.name(),
                                test.size());
                        err.flush();
                    }
                }).build();
    }

    /**
     * The k-NN teacher over the gold dev rows, or the LLM at {@value #LLM_BASE_URL_ENV} when that is set
     * (if its settings are unusable, says so and uses k-NN).
     */
    private AnnotatorSetup teacher(Task task, Dataset ds, AnnotationStore store, PrintWriter err) {
        String baseUrl = System.getenv(LLM_BASE_URL_ENV);
        if (baseUrl != null && !baseUrl.isBlank()) {
            LlmOptions llm = new LlmOptions();
            llm.baseUrl = baseUrl;
            llm.model = System.getenv().getOrDefault("ANNOTATOR_LLM_MODEL", "gpt-4o-mini");
            llm.apiKeyEnv = System.getenv("ANNOTATOR_LLM_API_KEY") != null ? "ANNOTATOR_LLM_API_KEY" : "OPENAI_API_KEY";
            llm.concurrency = 4;
            llm.budgetCalls = 2000L;
            llm.timeoutSeconds = 60;
            llm.demonstrations = 5;              // k-NN demonstrations from the 100 gold dev rows, as in LLMAAA
            try {
                return AnnotatorSetup.create(AnnotatorSetup.Kind.llm, task, ds, data, store, llm);
            } catch (IllegalStateException | IllegalArgumentException e) {
                err.println("note: " + LLM_BASE_URL_ENV + " is set but " + e.getMessage() + "; the demo uses the offline k-NN teacher");
                err.flush();
            }
        }
        return AnnotatorSetup.create(AnnotatorSetup.Kind.knn, task, ds, data, store, new LlmOptions());
    }

    private static void printResults(PrintWriter w, LoopResult result, ClassificationReport rep, Optional<Evaluation> teacher,
            List<LabelledExample> test, List<LabelDistribution> predictions, Path model, RelabelResult rr) throws java.io.IOException {
        w.println();
        w.printf(Locale.ROOT, "%d labels from the teacher in %d rounds (%d abstained); student exported to %s (%d KiB)%n",
                result.annotations().size(), result.rounds().size(),
                result.annotations().stream().filter(a -> a.annotation().isAbstention()).count(), model, Files.size(model) / 1024);
        w.printf(Locale.ROOT, "test accuracy (%d texts):  teacher %s   fast student (ONNX) %.4f   macro-F1 %.4f   ECE %.4f%n",
                rep.size(), teacher.map(t -> String.format(Locale.ROOT, "%.4f", t.accuracy())).orElse("-"), rep.accuracy(),
                rep.macroF1(), rep.expectedCalibrationError());
        w.printf(Locale.ROOT, "  %-12s %9s %9s %9s %8s%n", "label", "precision", "recall", "f1", "support");
        for (Map.Entry<String, ClassMetrics> e : rep.perClass().entrySet()) {
            ClassMetrics c = e.getValue();
            w.printf(Locale.ROOT, "  %-12s %9.4f %9.4f %9.4f %8d%n", e.getKey(), c.precision(), c.recall(), c.f1(), c.support());
        }
        w.println("confusion matrix (rows gold, columns predicted):");
        w.println(rep.confusionMatrix());
        w.println("sample predictions:");
        for (int i = 0; i < Math.min(5, test.size()); i++) {
            LabelledExample row = test.get(i);
            LabelDistribution p = predictions.get(i);
            String text = row.text().length() > 60 ? row.text().substring(0, 57) + "..." : row.text();
            w.printf(Locale.ROOT, "  %-62s -> %-9s %.2f (gold %s)%n", '"' + text + '"', p.top(), p.max(), row.labels().get(0));
        }
        w.printf(Locale.ROOT, "relabelled %d texts in %.2fs (%.0f texts/s, %d threads) -> %s%n", rr.texts(), rr.seconds(),
                rr.textsPerSecond(), rr.threads(), rr.output());
    }
}
