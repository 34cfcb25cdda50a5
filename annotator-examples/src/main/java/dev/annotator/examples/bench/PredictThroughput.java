package dev.annotator.examples.bench;

import dev.annotator.core.data.Example;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.student.onnx.OnnxStudentModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * In-process prediction throughput of an ONNX student, the counterpart of fastText's in-process
 * measurement in {@code bench/}: texts are loaded into memory first, the model is warmed up, then
 * {@code predictBatch} is timed over all texts on N threads. Prints one JSON line. A benchmark, not
 * a test.
 *
 * <p>Usage: {@code java -cp <cli.jar> dev.annotator.examples.bench.PredictThroughput MODEL CSV
 * [THREADS] [REPEATS]}
 */
public final class PredictThroughput {
    private PredictThroughput() {
    }

    /**
     * Runs the measurement.
     *
     * @param args model path, CSV with a {@code text} column, threads (default 1), repeats (default 3),
     *     batch size (default 512)
     * @throws IOException when a file cannot be read
     * @throws Exception when a worker fails
     */
    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        Path csv = Path.of(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        List<String> texts;
        try (Stream<Example> s = DatasetReader.csv().build().streamExamples(csv)) {
            texts = s.map(Example::text).collect(Collectors.toList());
        }
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 512;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (OnnxStudentModel student = OnnxStudentModel.load(model, batch)) {
            run(student, texts.subList(0, Math.min(texts.size(), 50_000)), pool, threads, batch); // warm-up
            double best = Double.MAX_VALUE;
            List<Double> all = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                run(student, texts, pool, threads, batch);
                double s = (System.nanoTime() - t0) / 1e9;
                all.add(s);
                best = Math.min(best, s);
            }
            all.sort(null);
            double median = all.get(all.size() / 2);
            System.out.printf(Locale.ROOT,
                    "{\"model\":\"%s\",\"texts\":%d,\"threads\":%d,\"medianSeconds\":%.4f,\"textsPerSecond\":%.1f}%n",
                    model, texts.size(), threads, median, texts.size() / median);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void run(OnnxStudentModel student, List<String> texts, ExecutorService pool, int threads, int batch)
            throws Exception {
        List<Future<?>> parts = new ArrayList<>();
        int per = (texts.size() + threads - 1) / threads;
        for (int t = 0; t < threads; t++) {
            List<String> slice = texts.subList(Math.min(texts.size(), t * per), Math.min(texts.size(), (t + 1) * per));
            parts.add(pool.submit(() -> {
                for (int from = 0; from < slice.size(); from += batch * 8) {
                    student.predictBatch(slice.subList(from, Math.min(slice.size(), from + batch * 8)));
                }
                return null;
            }));
        }
        for (Future<?> f : parts) {
            f.get();
        }
    }
}
