package dev.annotator.examples.bench;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.eval.ClassificationReport;
import dev.annotator.core.eval.Evaluator;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.student.encoder.EmbeddingCache;
import dev.annotator.student.encoder.EncoderStudentModel;
import dev.annotator.student.encoder.EncoderStudentTrainer;
import dev.annotator.student.encoder.OnnxSentenceEncoder;
import dev.annotator.student.onnx.OnnxStudentModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The encoder student on gold labels: trains on {@code train}, early-stops on {@code dev}, exports,
 * reloads the ONNX file and reports {@code test} accuracy and macro-F1, training seconds (embedding
 * train and dev plus SGD; a fresh encoder without cache, so nothing is embedded before the clock
 * starts) and in-process prediction throughput of the exported file. With {@code -Dtune=true} it
 * instead prints dev scores of a small grid (learning rate x hidden units), to choose settings
 * without looking at test. Prints one JSON line per dataset. A benchmark, not a test.
 *
 * <p>Usage: {@code java -cp <classpath> dev.annotator.examples.bench.EncoderStudentBench CSV...}
 * (system properties {@code hidden}, {@code lr}, {@code seed}, {@code threads}, {@code tune}).
 */
public final class EncoderStudentBench {
    private EncoderStudentBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args dataset CSV files ({@code text,label,split})
     * @throws Exception when a file cannot be read or a model fails
     */
    public static void main(String[] args) throws Exception {
        int hidden = Integer.getInteger("hidden", 0);
        double lr = Double.parseDouble(System.getProperty("lr", "0.3"));
        long seed = Long.getLong("seed", 42L);
        int threads = Integer.getInteger("threads", Runtime.getRuntime().availableProcessors());
        boolean tune = Boolean.getBoolean("tune");
        for (String a : args) {
            Path p = Path.of(a);
            String name = p.getFileName().toString().replace(".csv", "");
            DatasetReader r = DatasetReader.csv().build();
            Task task = r.inferTask(p, name);
            Dataset data = r.read(p, task);
            TrainingSet train = TrainingSet.fromGold(data, Split.TRAIN);
            TrainingSet dev = TrainingSet.fromGold(data, Split.DEV);
            if (tune) {
                tune(name, train, dev, threads, seed);
                continue;
            }
            List<String> testTexts = new ArrayList<>();
            List<List<String>> gold = new ArrayList<>();
            for (LabelledExample e : data.split(Split.TEST)) {
                testTexts.add(e.text());
                gold.add(e.labels());
            }
            Path dir = Files.createTempDirectory("encoder-bench-" + name);
            double trainSeconds;
            String epochs;
            try (OnnxSentenceEncoder enc = OnnxSentenceEncoder.builder().threads(threads).build()) {
                long t0 = System.nanoTime();
                EncoderStudentModel model = EncoderStudentTrainer.builder(enc).hiddenUnits(hidden).learningRate(lr).seed(seed).build()
                        .train(train, dev);
                trainSeconds = (System.nanoTime() - t0) / 1e9;
                epochs = model.provenance().trainingConfig().get("epochsRun");
                model.exportOnnx(dir.resolve(OnnxStudentModel.DEFAULT_FILE_NAME));
            }
            try (OnnxStudentModel onnx = OnnxStudentModel.load(dir, 32, threads)) {
                onnx.predictBatch(testTexts.subList(0, Math.min(64, testTexts.size())));
                long t0 = System.nanoTime();
                List<LabelDistribution> predictions = onnx.predictBatch(testTexts);
                double predictSeconds = (System.nanoTime() - t0) / 1e9;
                ClassificationReport rep = Evaluator.evaluate(task, gold, predictions);
                long bytes = Files.size(dir.resolve(OnnxStudentModel.DEFAULT_FILE_NAME));
                System.out.printf(Locale.ROOT, "{\"dataset\":\"%s\",\"hidden\":%d,\"lr\":%s,\"seed\":%d,\"testAccuracy\":%.4f,"
                        + "\"testMacroF1\":%.4f,\"trainSeconds\":%.2f,\"epochs\":%s,\"predictTextsPerSecond\":%.1f,\"threads\":%d,"
                        + "\"modelMB\":%.1f}%n", name, hidden, lr, seed, rep.accuracy(), rep.macroF1(), trainSeconds, epochs,
                        testTexts.size() / predictSeconds, threads, bytes / 1e6);
            }
        }
    }

    private static void tune(String name, TrainingSet train, TrainingSet dev, int threads, long seed) throws Exception {
        try (OnnxSentenceEncoder enc = OnnxSentenceEncoder.builder().threads(threads).cache(EmbeddingCache.unbounded()).build()) {
            for (int hidden : new int[] {0, 256}) {
                for (double lr : new double[] {0.3, 1.0, 3.0}) {
                    EncoderStudentModel m = EncoderStudentTrainer.builder(enc).hiddenUnits(hidden).learningRate(lr).seed(seed).build()
                            .train(train, dev);
                    System.out.printf(Locale.ROOT, "{\"dataset\":\"%s\",\"hidden\":%d,\"lr\":%s,\"devAccuracy\":%s,\"devLogLoss\":%s,"
                            + "\"epochs\":%s}%n", name, hidden, lr, m.provenance().trainingConfig().get("devAccuracy"),
                            m.provenance().trainingConfig().get("devLogLoss"), m.provenance().trainingConfig().get("epochsRun"));
                }
            }
        }
    }
}
