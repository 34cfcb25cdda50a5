package dev.annotator.examples.cli;

import dev.annotator.core.Version;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.eval.ClassMetrics;
import dev.annotator.core.eval.ClassificationReport;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.report.Evaluation;
import dev.annotator.core.report.HtmlReport;
import dev.annotator.core.report.RunRecord;
import dev.annotator.core.report.RunRecordJson;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.student.fast.FastStudentTrainer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code annotator demo}: the README's main job, on a real dataset, offline. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train and evaluate the fast student on the UCI sentiment sentences, export it to ONNX and",
            "print what it learned. Runs offline in seconds."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "../shared/datasets/uci_sentiment.csv",
            description = "Labelled CSV with text,label,split (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--out", defaultValue = "out/demo", description = "Directory for the student (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print a JSON summary as the last line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        if (!Files.isRegularFile(data)) {
            throw new NoSuchFileException(data.toString(), null,
                    "demo dataset not found; run from the repository root next to ../shared/datasets, or pass --data FILE");
        }
        DatasetReader reader = DatasetReader.csv().build();
        Task task = reader.inferTask(data, "sentiment");
        Dataset ds = reader.read(data, task);
        w.println("== annotator demo: fast student on " + data.getFileName());
        w.printf(Locale.ROOT, "data: %d train / %d dev / %d test rows, labels %s%n", ds.split(Split.TRAIN).size(),
                ds.split(Split.DEV).size(), ds.split(Split.TEST).size(), task.labelNames());

        StudentJob.Result r = StudentJob.run(ds, ds, FastStudentTrainer.builder().seed(seed).build(), out);
        w.printf(Locale.ROOT, "trained in %.2fs (%d epochs, early-stopped on dev), exported to %s (%d KiB)%n", r.trainSeconds(),
                r.epochsRun(), r.model(), Files.size(r.model()) / 1024);
        ClassificationReport rep = (ClassificationReport) r.test().orElseThrow(
                () -> new IllegalArgumentException(data + " has no labelled 'test' rows to evaluate on"));
        w.println();
        w.printf(Locale.ROOT, "test (ONNX Runtime, %d texts): accuracy %.4f  macro-F1 %.4f  ECE %.4f%n", rep.size(), rep.accuracy(),
                rep.macroF1(), rep.expectedCalibrationError());
        w.printf(Locale.ROOT, "  %-12s %9s %9s %9s %8s%n", "label", "precision", "recall", "f1", "support");
        for (Map.Entry<String, ClassMetrics> e : rep.perClass().entrySet()) {
            ClassMetrics c = e.getValue();
            w.printf(Locale.ROOT, "  %-12s %9.4f %9.4f %9.4f %8d%n", e.getKey(), c.precision(), c.recall(), c.f1(), c.support());
        }
        w.println();
        w.println("confusion matrix (rows gold, columns predicted):");
        w.println(rep.confusionMatrix());
        w.println("sample predictions:");
        for (int i = 0; i < Math.min(5, r.testRows().size()); i++) {
            LabelledExample row = r.testRows().get(i);
            LabelDistribution p = r.testPredictions().get(i);
            String text = row.text().length() > 60 ? row.text().substring(0, 57) + "..." : row.text();
            w.printf(Locale.ROOT, "  %-62s -> %-9s %.2f (gold %s)%n", '"' + text + '"', p.top(), p.max(), row.labels().get(0));
        }
        w.println();
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("data", data.toString());
        provenance.put("data fingerprint", ds.fingerprint());
        provenance.put("teacher", "gold labels");
        provenance.put("student", "fast (" + r.epochsRun() + " epochs, " + String.format(Locale.ROOT, "%.2f s", r.trainSeconds()) + ")");
        provenance.put("model", r.model().toString());
        provenance.put("seed", Long.toString(seed));
        provenance.put("library version", Version.get());
        RunRecord record = new RunRecord("annotator demo: " + data.getFileName(), task, Instant.now(), provenance, List.of(),
                List.of(Evaluation.of("fast student", "test", rep)), Map.of("gold", (long) r.trainExamples()));
        RunRecordJson.writeTo(out, record);
        Path html = HtmlReport.write(record, out.resolve("report.html"));
        w.println("report: " + html);
        w.println("next: java -jar <cli.jar> predict --model " + out + " --data FILE.csv --out predictions.csv");
        if (json) {
            Map<String, Object> s = r.summary();
            s.put("command", "demo");
            s.put("task", task.name());
            s.put("report", html.toString());
            Json.printLine(w, s);
        }
        w.flush();
        return 0;
    }
}
