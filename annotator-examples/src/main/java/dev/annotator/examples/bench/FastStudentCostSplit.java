package dev.annotator.examples.bench;

import dev.annotator.core.data.Example;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.student.fast.FeaturizerConfig;
import dev.annotator.student.fast.HashingFeaturizer;
import dev.annotator.student.onnx.OnnxStudentModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a fast student's prediction time goes, on one thread: the same texts featurized alone (with
 * the featurizer settings read from the model file), then predicted whole through
 * {@code OnnxStudentModel.predictBatch}; the difference is mapping buckets to weight rows, padding, and
 * ONNX Runtime. Each is warmed up, then the best of {@code REPEATS} passes is kept. Prints one JSON
 * line. A benchmark, not a test.
 *
 * <p>Usage: {@code java -cp <cli.jar> dev.annotator.examples.bench.FastStudentCostSplit MODEL CSV [REPEATS]}
 */
public final class FastStudentCostSplit {
    private FastStudentCostSplit() {
    }

    /**
     * Runs the measurement.
     *
     * @param args model path, CSV with a {@code text} column, repeats (default 3)
     * @throws Exception when a file cannot be read
     */
    public static void main(String[] args) throws Exception {
        Path modelPath = Path.of(args[0]);
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> texts;
        try (Stream<Example> s = DatasetReader.csv().build().streamExamples(Path.of(args[1]))) {
            texts = s.map(Example::text).collect(Collectors.toList());
        }
        int batch = 512;
        try (OnnxStudentModel model = OnnxStudentModel.load(modelPath, batch)) {
            HashingFeaturizer featurizer = new HashingFeaturizer(FeaturizerConfig.fromProperties(model.metadata()));
            long features = 0;
            for (String t : texts) {
                features += featurizer.featurize(t).size();
            }
            double featurize = Double.MAX_VALUE;
            double predict = Double.MAX_VALUE;
            for (int r = 0; r < repeats + 1; r++) {
                long t0 = System.nanoTime();
                long sink = 0;
                for (String t : texts) {
                    sink += featurizer.featurize(t).size();
                }
                long t1 = System.nanoTime();
                for (int from = 0; from < texts.size(); from += batch) {
                    sink += model.predictBatch(texts.subList(from, Math.min(texts.size(), from + batch))).size();
                }
                long t2 = System.nanoTime();
                if (sink == 0) {
                    throw new IllegalStateException("no features and no predictions");
                }
                if (r > 0) { // the first pass warms up
                    featurize = Math.min(featurize, (t1 - t0) / 1e3 / texts.size());
                    predict = Math.min(predict, (t2 - t1) / 1e3 / texts.size());
                }
            }
            System.out.printf(Locale.ROOT,
                    "{\"model\":\"%s\",\"texts\":%d,\"featuresPerText\":%.1f,\"featurizeMicrosPerText\":%.3f,"
                            + "\"predictMicrosPerText\":%.3f,\"restMicrosPerText\":%.3f}%n",
                    modelPath, texts.size(), features / (double) texts.size(), featurize, predict, predict - featurize);
        }
    }
}
