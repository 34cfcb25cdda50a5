package dev.annotator.core.relabel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.annotator.core.data.Example;
import dev.annotator.core.io.DatasetFormat;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Labels every text of a corpus with a student, streaming: input of any size, CSV or JSONL in and out,
 * memory bounded by a few blocks of texts, all cores.
 *
 * <p>The calling thread reads a block of {@code batchSize × threads × 2} texts, hands its batches to
 * the worker threads and, while they label it, writes the previous block and reads the next one; so
 * reading, labelling and writing overlap, and output rows come in input order. Each row is
 * {@code id, label, confidence, p_<label>...} (CSV with a header, or one JSON object per line; a
 * multi-label prediction's labels are joined by {@code |}).
 *
 * <pre>{@code
 * try (OnnxStudentModel student = OnnxStudentModel.load(Path.of("model"))) {
 *     RelabelResult r = StreamingRelabeller.builder().student(student).threads(2).build()
 *             .relabel(Path.of("corpus.csv"), Path.of("labelled.csv"));
 *     System.out.println(r.texts() + " texts, " + r.textsPerSecond() + " texts/s");
 * }
 * }</pre>
 *
 * <p>The student must be thread-safe when more than one thread is used ({@code OnnxStudentModel} and
 * the in-memory fast student are); the relabeller does not close it. Immutable; one instance may run
 * many relabellings, each with its own threads, which end when it returns.
 */
public final class StreamingRelabeller {
    private final StudentModel student;
    private final int batchSize;
    private final int threads;
    private final String textColumn;
    private final RelabelProgress progress;

    private StreamingRelabeller(Builder b) {
        this.student = b.student;
        this.batchSize = b.batchSize;
        this.threads = b.threads;
        this.textColumn = b.textColumn;
        this.progress = b.progress;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the worker threads each run uses */
    public int threads() {
        return threads;
    }

    /**
     * Labels every text of a file; the input format follows its name ({@code .jsonl}/{@code .json}
     * is JSONL, anything else CSV), as does the output's. Repeated ids in the input are allowed (ids
     * are not remembered, so memory does not grow with the file).
     *
     * @param input a UTF-8 CSV or JSONL file with a text column (and optionally an id column)
     * @param output the file to write; its parent directories are created
     * @return what was done
     * @throws IOException when the input cannot be read or the output written
     * @throws dev.annotator.core.io.DatasetFormatException when the input is malformed (it names file,
     *     line and problem)
     */
    public RelabelResult relabel(Path input, Path output) throws IOException {
        DatasetReader.Builder reader = DatasetReader.builder()
                .format(DatasetFormat.fromFileName(input.getFileName().toString()).orElse(DatasetFormat.CSV))
                .streamDuplicateCheck(false);
        if (!textColumn.equals("text")) {
            reader.textColumn(textColumn);
        }
        try (Stream<Example> examples = reader.build().streamExamples(input)) {
            return relabel(examples, output);
        }
    }

    /**
     * Labels a stream of examples into a file, CSV or JSONL by the file's name.
     *
     * @param examples the examples, consumed once; the caller closes the stream
     * @param output the file to write; its parent directories are created
     * @return what was done
     * @throws IOException when the output cannot be written
     */
    public RelabelResult relabel(Stream<Example> examples, Path output) throws IOException {
        Objects.requireNonNull(examples, "examples");
        Objects.requireNonNull(output, "output");
        long start = System.nanoTime();
        boolean jsonl = DatasetFormat.fromFileName(output.getFileName().toString()).orElse(DatasetFormat.CSV) == DatasetFormat.JSONL;
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        long texts = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "relabel");
            t.setDaemon(true);
            return t;
        });
        try (Writer file = Files.newBufferedWriter(output, StandardCharsets.UTF_8);
                SequenceWriter seq = writer(jsonl, student.task(), file)) {
            Iterator<Example> it = examples.iterator();
            int chunk = batchSize * threads * 2;
            Block pending = null;
            while (it.hasNext() || pending != null) {
                Block next = null;
                if (it.hasNext()) {
                    List<Example> block = new ArrayList<>(chunk);
                    while (it.hasNext() && block.size() < chunk) {
                        block.add(it.next());
                    }
                    next = submit(pool, block);
                }
                if (pending != null) {
                    texts += pending.write(seq, jsonl);
                    progress.update(texts, (System.nanoTime() - start) / 1e9);
                }
                pending = next;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while relabelling into " + output, e);
        } finally {
            pool.shutdownNow();
        }
        return new RelabelResult(output, texts, (System.nanoTime() - start) / 1e9, threads);
    }

    private Block submit(ExecutorService pool, List<Example> block) {
        List<Future<List<LabelDistribution>>> parts = new ArrayList<>();
        for (int from = 0; from < block.size(); from += batchSize) {
            List<String> batch = new ArrayList<>(Math.min(batchSize, block.size() - from));
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

        int write(SequenceWriter seq, boolean jsonl) throws IOException, InterruptedException {
            int k = 0;
            for (Future<List<LabelDistribution>> f : parts) {
                for (LabelDistribution d : get(f)) {
                    String id = examples.get(k++).id();
                    seq.write(jsonl ? row(id, d) : rowArray(id, d));
                }
            }
            return examples.size();
        }
    }

    private static List<LabelDistribution> get(Future<List<LabelDistribution>> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("the student failed on a batch", e.getCause());
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

    private static SequenceWriter writer(boolean jsonl, Task task, Writer file) throws IOException {
        if (jsonl) {
            return new ObjectMapper().writer().withRootValueSeparator("\n").without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE).writeValues(file);
        }
        CsvSchema.Builder schema = CsvSchema.builder().addColumn("id").addColumn("label").addColumn("confidence");
        for (String l : task.labelNames()) {
            schema.addColumn("p_" + l);
        }
        // Jackson flushes after every value by default: a write system call per row
        return new CsvMapper().writer(schema.build().withHeader()).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE).writeValues(file);
    }

    @Override
    public String toString() {
        return "StreamingRelabeller[batchSize=" + batchSize + ", threads=" + threads + "]";
    }

    /** Builder for {@link StreamingRelabeller}; not thread-safe. */
    public static final class Builder {
        private StudentModel student;
        private int batchSize = 512;
        private int threads = Runtime.getRuntime().availableProcessors();
        private String textColumn = "text";
        private RelabelProgress progress = RelabelProgress.none();

        private Builder() {
        }

        /**
         * @param student the student that labels; required, thread-safe when {@code threads > 1}
         * @return this builder
         */
        public Builder student(StudentModel student) {
            this.student = Objects.requireNonNull(student, "student");
            return this;
        }

        /**
         * @param batchSize texts per {@link StudentModel#predictBatch(List)} call; default 512
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param threads worker threads; default: available processors
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * @param textColumn the input's text column (CSV header or JSONL key); default {@code text}
         * @return this builder
         */
        public Builder textColumn(String textColumn) {
            if (Objects.requireNonNull(textColumn, "textColumn").isBlank()) {
                throw new IllegalArgumentException("textColumn must not be blank");
            }
            this.textColumn = textColumn;
            return this;
        }

        /**
         * @param progress told after every block written; default: nobody
         * @return this builder
         */
        public Builder progress(RelabelProgress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * @return the relabeller
         * @throws IllegalStateException when no student was given
         */
        public StreamingRelabeller build() {
            if (student == null) {
                throw new IllegalStateException("a student is required: call student(...)");
            }
            return new StreamingRelabeller(this);
        }
    }
}
