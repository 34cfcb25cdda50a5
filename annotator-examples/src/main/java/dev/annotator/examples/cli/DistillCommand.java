package dev.annotator.examples.cli;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.pipeline.Budget;
import dev.annotator.core.pipeline.DistillationPipeline;
import dev.annotator.core.pipeline.DistillationResult;
import dev.annotator.core.pipeline.Scores;
import dev.annotator.core.relabel.RelabelResult;
import dev.annotator.core.report.HtmlReport;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskJson;
import dev.annotator.llm.store.SqliteAnnotationStore;
import dev.annotator.student.encoder.OnnxSentenceEncoder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code annotator distill}: annotate a random sample, train a student on it, score both, relabel a corpus. */
@Command(name = "distill", mixinStandardHelpOptions = true,
        description = {"Knowledge distillation (Pangakis & Wolken; LlamBERT): annotate a random sample of N rows of split",
            "'train' with an annotator, train a student on the answers (early-stopping on 'dev'), export it to DIR/student.onnx,",
            "score student and teacher on 'test' and their agreement, optionally relabel a whole corpus with the student",
            "(streaming), and write DIR/run.json and DIR/report.html. Progress goes to standard error."})
final class DistillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "Rows with text,label,split (CSV or JSONL): 'train' is the pool to"
            + " sample from (its labels only score the teacher), 'dev' the gold dev set (and knn's gold pool), 'test' scores.")
    Path data;

    @Option(names = "--task", description = "Task JSON (name, instruction, kind, labels with descriptions); default: inferred"
            + " from the label column.")
    Path taskFile;

    @Option(names = "--annotator", defaultValue = "knn", description = "Teacher: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). knn votes with the nearest"
            + " 'dev' rows under the in-process all-MiniLM-L6-v2 (offline); llm asks an LLM.")
    AnnotatorSetup.Kind annotator;

    @Option(names = "--labels", required = true, description = "Sample size N: rows of 'train' to annotate.")
    int labels;

    @Option(names = "--abstentions", defaultValue = "DROP", description = "What to do when the teacher abstains: "
            + "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    DistillationPipeline.Abstentions abstentions;

    @Option(names = "--combined", description = "LlamBERT's combined mode: also train on the gold 'train' rows, weighted"
            + " --gold-weight.")
    boolean combined;

    @Option(names = "--gold-weight", defaultValue = "2.0", description = "Weight of a gold row in --combined (default: ${DEFAULT-VALUE}).")
    double goldWeight;

    @Option(names = "--student", defaultValue = "fast", description = "Student: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Students.Kind student;

    @Option(names = "--out", required = true, description = "Run directory: student.onnx, run.json, report.html.")
    Path out;

    @Option(names = "--store", description = "SQLite file keeping every answer (a rerun pays nothing twice); default: in memory.")
    Path store;

    @Option(names = "--relabel", description = "Corpus to relabel with the student (CSV or JSONL, any size).")
    Path relabel;

    @Option(names = "--relabel-out", description = "Relabelled file (.csv or .jsonl; default: DIR/relabelled.csv).")
    Path relabelOut;

    @Option(names = "--relabel-text-col", defaultValue = "text", description = "Text column of the corpus (default: ${DEFAULT-VALUE}).")
    String relabelTextColumn;

    @Option(names = "--threads", description = "Relabelling threads (default: available processors).")
    Integer threads;

    @Option(names = "--json", description = "Print a JSON summary as the last line.")
    boolean json;

    @Mixin
    DataOptions columns;

    @Mixin
    FastStudentOptions fast;

    @Mixin
    EncoderStudentOptions encoderOptions;

    @Mixin
    LlmOptions llm;

    @Override
    public Integer call() throws Exception {
        if (labels < 1) {
            throw new IllegalArgumentException("--labels must be at least 1: " + labels);
        }
        if (relabelOut != null && relabel == null) {
            throw new IllegalArgumentException("--relabel-out needs --relabel CORPUS");
        }
        if (relabel != null && !Files.isRegularFile(relabel)) {
            throw new java.nio.file.NoSuchFileException(relabel.toString(), null, "--relabel corpus not found");
        }
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1: " + threads);
        }
        long start = System.nanoTime();
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DatasetReader reader = columns.reader(data);
        Task task = taskFile != null ? TaskJson.read(Files.readString(taskFile)) : reader.inferTask(data, TrainCommand.baseName(data));
        Dataset ds = reader.read(data, task);
        List<LabelledExample> pool = ds.split(Split.TRAIN);
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("no rows in split 'train' of " + data + " to sample from");
        }
        List<LabelledExample> dev = ds.split(Split.DEV).stream().filter(LabelledExample::isLabelled).toList();
        List<LabelledExample> test = ds.split(Split.TEST).stream().filter(LabelledExample::isLabelled).toList();
        Path relabelled = relabel == null ? null : relabelOut != null ? relabelOut : out.resolve("relabelled.csv");

        DistillationResult r;
        String teacherName;
        Progress progress = new Progress(err);
        try (AnnotationStore db = store != null ? SqliteAnnotationStore.open(store) : new InMemoryAnnotationStore();
                AnnotatorSetup setup = AnnotatorSetup.create(annotator, task, ds, data, db, llm);
                OnnxSentenceEncoder enc = student == Students.Kind.encoder ? encoderOptions.encoderBuilder().build() : null) {
            teacherName = setup.annotator().name();
            DistillationPipeline.Builder b = DistillationPipeline.builder().task(task).poolWithGold(pool).dev(dev).test(test)
                    .annotator(setup.annotator()).store(db).labels(labels).abstentions(abstentions)
                    .trainer(Students.trainer(student, fast, encoderOptions, enc)).deployment(Students.onnx()).seed(fast.seed)
                    .name("distill: " + data.getFileName() + ", " + labels + " labels from " + teacherName)
                    .listener(progress);
            if (llm.budgetCalls != null) {
                b.budget(Budget.labels(llm.budgetCalls));
            }
            if (combined) {
                b.mode(DistillationPipeline.Mode.COMBINED).goldTrain(pool.stream().filter(LabelledExample::isLabelled).toList())
                        .goldWeight(goldWeight);
            }
            if (relabel != null) {
                b.relabel(relabel, relabelled).relabelTextColumn(relabelTextColumn);
                if (threads != null) {
                    b.relabelThreads(threads);
                }
            }
            r = b.build().run(out);
        } finally {
            progress.end();
        }
        try (r) {
            Path html = HtmlReport.write(r.runRecord(), out.resolve("report.html"));
            double seconds = (System.nanoTime() - start) / 1e9;
            w.printf(Locale.ROOT, "distilled %s into a %s student: %d labels (%d abstained, %d cached), %d training examples%n",
                    teacherName, student, r.labels(), r.abstained(), r.cached(), r.trainingExamples());
            r.teacherTest().ifPresent(s -> w.printf(Locale.ROOT, "teacher on test: accuracy %.4f  macro-F1 %.4f (%d texts)%n",
                    s.accuracy(), s.macroF1(), s.examples()));
            r.studentTest().ifPresent(s -> w.printf(Locale.ROOT, "student on test: accuracy %.4f  macro-F1 %.4f (%d texts)%n",
                    s.accuracy(), s.macroF1(), s.examples()));
            r.agreement().ifPresent(s -> w.printf(Locale.ROOT, "student agrees with the teacher on %.1f%% of the test texts%n",
                    100 * s.accuracy()));
            r.relabel().ifPresent(x -> w.printf(Locale.ROOT, "relabelled %d texts in %.2fs (%.0f texts/s, %d threads) -> %s%n",
                    x.texts(), x.seconds(), x.textsPerSecond(), x.threads(), x.output()));
            w.println("student: " + out.resolve("student.onnx") + "  report: " + html);
            if (json) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("command", "distill");
                s.put("task", task.name());
                s.put("annotator", teacherName);
                s.put("student", student.name());
                s.put("labels", r.labels());
                s.put("abstained", r.abstained());
                s.put("cached", r.cached());
                s.put("calls", r.calls());
                s.put("usd", r.spent().usd());
                s.put("trainExamples", r.trainingExamples());
                s.put("teacherAccuracy", r.teacherTest().map(Scores::accuracy).orElse(null));
                s.put("studentAccuracy", r.studentTest().map(Scores::accuracy).orElse(null));
                s.put("studentMacroF1", r.studentTest().map(Scores::macroF1).orElse(null));
                s.put("agreement", r.agreement().map(Scores::accuracy).orElse(null));
                s.put("relabelled", r.relabel().map(RelabelResult::texts).orElse(0L));
                s.put("relabelTextsPerSecond", r.relabel().map(RelabelResult::textsPerSecond).orElse(null));
                s.put("model", out.resolve("student.onnx").toString());
                s.put("report", html.toString());
                s.put("seconds", seconds);
                Json.printLine(w, s);
            }
        }
        w.flush();
        return 0;
    }

    /** Prints one progress line per stage on standard error, rewritten in place. */
    static final class Progress implements dev.annotator.core.pipeline.DistillationListener {
        private final PrintWriter err;
        private final long start = System.nanoTime();
        private String stage = "";

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void progress(String s, long done, long total) {
            if (!s.equals(stage) && !stage.isEmpty()) {
                err.print("\n");
            }
            stage = s;
            double seconds = (System.nanoTime() - start) / 1e9;
            err.printf(Locale.ROOT, "\r%-8s %s %5.1fs", s, total >= 0 ? done + "/" + total : done + " texts", seconds);
            if (s.equals("evaluate") && done == total) {
                err.print("\n");
                stage = "";
            }
            err.flush();
        }

        /** Ends the current line, if one is open. */
        void end() {
            if (!stage.isEmpty()) {
                err.print("\n");
                err.flush();
                stage = "";
            }
        }
    }
}
