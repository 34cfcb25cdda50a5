package dev.annotator.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.annotator.core.data.Example;
import dev.annotator.core.io.DatasetFormat;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.student.onnx.OnnxStudentModel;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code annotator predict}: run a student file over a text file of any size. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Label every text of a CSV or JSONL file with a student, streaming: memory does not grow with the file.",
            "Writes id, label, confidence and one probability column per label (CSV or JSONL by --out's extension)."})
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
        DatasetFormat outFormat = DatasetFormat.fromFileName(out.getFileName().toString()).orElse(DatasetFormat.CSV);
        PrintWriter w = spec.commandLine().getOut();
        long texts = 0;
        double loadSeconds;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try (OnnxStudentModel student = OnnxStudentModel.load(model, batchSize)) {
            loadSeconds = (System.nanoTime() - start) / 1e9;
            Task task = student.task();
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            // constant memory for any input size: repeated ids are harmless when only predicting
            try (Stream<Example> examples = DataOptions.textReader(data, textColumn).streamDuplicateCheck(false).build().streamExamples(data);
                    BufferedWriter file = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
                    SequenceWriter seq = writer(outFormat, task, file)) {
                Iterator<Example> it = examples.iterator();
                int chunk = batchSize * workers * 2;
                // pipeline: while the workers label block k, this thread writes block k-1 and reads block k+1
                Block pending = null;
                while (it.hasNext() || pending != null) {
                    Block next = null;
                    if (it.hasNext()) {
                        List<Example> block = new ArrayList<>(chunk);
                        while (it.hasNext() && block.size() < chunk) {
                            block.add(it.next());
                        }
                        next = submit(pool, student, block);
                    }
                    if (pending != null) {
                        texts += pending.write(seq, outFormat == DatasetFormat.JSONL);
                    }
                    pending = next;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double tps = texts / seconds;
        w.printf(Locale.ROOT, "labelled %d texts in %.2fs (%.0f texts/s, %d threads; model load %.2fs) -> %s%n", texts, seconds, tps,
                workers, loadSeconds, out);
        if (json) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("command", "predict");
            s.put("texts", texts);
            s.put("seconds", seconds);
            s.put("textsPerSecond", tps);
            s.put("modelLoadSeconds", loadSeconds);
            s.put("threads", workers);
            s.put("out", out.toString());
            s.put("model", model.toString());
            Json.printLine(w, s);
        }
        w.flush();
        return 0;
    }

    private Block submit(ExecutorService pool, OnnxStudentModel student, List<Example> block) {
        List<Future<List<LabelDistribution>>> parts = new ArrayList<>();
        for (int from = 0; from < block.size(); from += batchSize) {
            List<String> batch = new ArrayList<>();
            for (Example e : block.subList(from, Math.min(block.size(), from + batchSize))) {
                batch.add(e.text());
            }
            parts.add(pool.submit(() -> student.predictBatch(batch)));
        }
        return new Block(block, parts);
    }

    /** A block of examples whose predictions are being computed. */
    private static final class Block {
        final List<Example> examples;
        final List<Future<List<LabelDistribution>>> parts;

        Block(List<Example> examples, List<Future<List<LabelDistribution>>> parts) {
            this.examples = examples;
            this.parts = parts;
        }

        int write(SequenceWriter seq, boolean json) throws java.io.IOException, InterruptedException {
            int k = 0;
            for (Future<List<LabelDistribution>> f : parts) {
                for (LabelDistribution d : get(f)) {
                    String id = examples.get(k++).id();
                    seq.write(json ? row(id, d) : rowArray(id, d));
                }
            }
            return examples.size();
        }
    }

    private static Object[] rowArray(String id, LabelDistribution d) {
        Object[] r = new Object[3 + d.size()];
        r[0] = id;
        r[1] = d.task().isMultiLabel() ? String.join("|", d.chosen()) : d.top();
        r[2] = (float) d.max();
        for (int j = 0; j < d.size(); j++) {
            r[3 + j] = (float) d.get(j);
        }
        return r;
    }

    private static List<LabelDistribution> get(Future<List<LabelDistribution>> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException("prediction failed", e.getCause());
        }
    }

    private static Map<String, Object> row(String id, LabelDistribution d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("label", String.join("|", d.chosen()));
        m.put("confidence", (float) d.max());
        for (int j = 0; j < d.size(); j++) {
            m.put("p_" + d.task().labels().get(j).name(), (float) d.get(j));
        }
        return m;
    }

    private static SequenceWriter writer(DatasetFormat format, Task task, BufferedWriter file) throws java.io.IOException {
        if (format == DatasetFormat.JSONL) {
            return new ObjectMapper().writer().withRootValueSeparator("\n").writeValues(file);
        }
        CsvSchema.Builder schema = CsvSchema.builder().addColumn("id").addColumn("label").addColumn("confidence");
        for (String l : task.labelNames()) {
            schema.addColumn("p_" + l);
        }
        return new CsvMapper().writer(schema.build().withHeader()).writeValues(file);
    }
}
