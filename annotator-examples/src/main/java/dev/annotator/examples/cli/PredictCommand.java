package dev.annotator.examples.cli;

import dev.annotator.core.relabel.RelabelResult;
import dev.annotator.core.relabel.StreamingRelabeller;
import dev.annotator.student.onnx.OnnxStudentModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code annotator predict}: run a student file over a text file of any size. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Label every text of a CSV or JSONL file with a student, streaming: memory does not grow with the file.",
            "Writes id, label, confidence and one probability column per label (CSV or JSONL by --out's extension).",
            "A span tagger reads JSONL ({\"id\", \"text\"} a line) and writes JSONL with the spans of each text."})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Student .onnx file, or a directory holding one.")
    Path model;

    @Option(names = "--data", required = true, description = "Texts to label, CSV or JSONL.")
    Path data;

    @Option(names = "--out", required = true, description = "Predictions file (.csv or .jsonl).")
    Path out;

    @Option(names = "--text-col", defaultValue = "text", description = "Text column (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--batch-size", defaultValue = "512", description = "Texts per ONNX Runtime call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--threads", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--json", description = "Print a JSON summary as the last line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (workers < 1) {
            throw new IllegalArgumentException("--threads must be >= 1: " + workers);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1: " + batchSize);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (dev.annotator.student.span.OnnxSpanTagger.isSpanTagger(model)) {
            long[] r = SpanJob.predict(model, data, out, textColumn, workers);
            double seconds = (System.nanoTime() - start) / 1e9;
            w.printf(Locale.ROOT, "tagged %d texts with span tagger in %.2fs (%.0f texts/s, %d threads; %d truncated) -> %s%n",
                    r[0], seconds, r[0] / seconds, workers, r[1], out);
            if (json) {
                Map<String, Object> s = summary(r[0], seconds, workers);
                s.put("studentType", "span-tagger");
                s.put("truncatedTexts", r[1]);
                Json.printLine(w, s);
            }
            w.flush();
            return 0;
        }
        double loadSeconds;
        RelabelResult r;
        try (OnnxStudentModel student = OnnxStudentModel.load(model, batchSize)) {
            loadSeconds = (System.nanoTime() - start) / 1e9;
            r = StreamingRelabeller.builder().student(student).batchSize(batchSize).threads(workers).textColumn(textColumn)
                    .build().relabel(data, out);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double tps = r.texts() / seconds;
        w.printf(Locale.ROOT, "labelled %d texts in %.2fs (%.0f texts/s, %d threads; model load %.2fs) -> %s%n", r.texts(), seconds,
                tps, workers, loadSeconds, out);
        if (json) {
            Map<String, Object> s = summary(r.texts(), seconds, workers);
            s.put("modelLoadSeconds", loadSeconds);
            Json.printLine(w, s);
        }
        w.flush();
        return 0;
    }

    /** The JSON summary fields every student type reports. */
    private Map<String, Object> summary(long texts, double seconds, int workers) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("command", "predict");
        s.put("texts", texts);
        s.put("seconds", seconds);
        s.put("textsPerSecond", texts / seconds);
        s.put("threads", workers);
        s.put("out", out.toString());
        s.put("model", model.toString());
        return s;
    }
}
