package dev.annotator.examples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotator.core.data.Split;
import dev.annotator.core.eval.SpanMetrics;
import dev.annotator.core.eval.SpanReport;
import dev.annotator.core.io.SpanDatasetReader;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanDataset;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.span.SpanPrediction;
import dev.annotator.core.task.Task;
import dev.annotator.student.encoder.OnnxSentenceEncoder;
import dev.annotator.student.encoder.OnnxTokenEncoder;
import dev.annotator.student.span.KnnSpanAnnotator;
import dev.annotator.student.span.OnnxSpanTagger;
import dev.annotator.student.span.SpanTaggerModel;
import dev.annotator.student.span.SpanTaggerTrainer;
import dev.annotator.student.span.WordSpans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The span tagger on a span JSONL file such as {@code brown_proper_nouns.jsonl}: (c) the offline
 * k-NN span annotator that knows only the gold {@code dev} texts, scored on {@code test}; (a) the
 * tagger trained on gold {@code train} labels; (b) the tagger trained on the k-NN annotator's labels
 * of the same {@code train} texts. Both taggers early-stop on gold {@code dev}, are exported,
 * reloaded through ONNX Runtime and scored on {@code test} (span micro P/R/F1). Settings are the
 * library defaults; {@code test} is only scored, never used to choose anything. Prints one JSON
 * line per result. A benchmark, not a test.
 *
 * <p>Usage: {@code java -cp <classpath> dev.annotator.examples.bench.SpanBench FILE.jsonl}
 * (system properties {@code trainSize} (default 2000, 0 for all, a seeded random subsample),
 * {@code seed}, {@code k}, {@code threads}, {@code out}).
 */
public final class SpanBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpanBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args the span JSONL file
     * @throws Exception when the file cannot be read or a model fails
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int trainSize = Integer.getInteger("trainSize", 2000);
        long seed = Long.getLong("seed", 42L);
        int k = Integer.getInteger("k", 5);
        boolean knnWords = Boolean.getBoolean("knnWords");
        int threads = Integer.getInteger("threads", Runtime.getRuntime().availableProcessors());
        Path out = Path.of(System.getProperty("out", "bench/out/spans"));
        Task task = SpanDatasetReader.builder().build().inferTask(file, file.getFileName().toString().replace(".jsonl", ""));
        SpanDataset data = SpanDatasetReader.builder().build().read(file, task);
        List<SpanExample> train = new ArrayList<>(data.split(Split.TRAIN));
        if (trainSize > 0 && trainSize < train.size()) {
            SplittableRandom rng = new SplittableRandom(seed);
            for (int i = train.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                SpanExample t = train.get(i);
                train.set(i, train.get(j));
                train.set(j, t);
            }
            train = new ArrayList<>(train.subList(0, trainSize));
        }
        List<SpanExample> dev = data.split(Split.DEV);
        List<SpanExample> test = data.split(Split.TEST);
        List<String> testTexts = test.stream().map(SpanExample::text).toList();
        Map<String, Object> common = new LinkedHashMap<>();
        common.put("data", file.getFileName().toString());
        common.put("train", train.size());
        common.put("trainAvailable", data.split(Split.TRAIN).size());
        common.put("dev", dev.size());
        common.put("test", test.size());
        common.put("seed", seed);
        common.put("threads", threads);
        common.put("loadAtStart", loadAverage());
        try (OnnxSentenceEncoder s = OnnxSentenceEncoder.builder().threads(threads).build();
                OnnxTokenEncoder tokens = OnnxTokenEncoder.of(s)) {
            common.put("encoder", tokens.name());
            if ("knn-dev".equals(System.getProperty("mode"))) {
                knnOnDev(common, task, tokens, dev);
                return;
            }
            // (c) the offline annotator: k-NN over the gold dev tokens
            long t0 = System.nanoTime();
            KnnSpanAnnotator knn = KnnSpanAnnotator.builder().task(task).encoder(tokens).goldPool(dev).k(k)
                    .snapToWords(knnWords).build();
            double poolSeconds = secs(t0);
            t0 = System.nanoTime();
            List<List<Span>> knnTest = knn.predictBatch(testTexts).stream().map(SpanPrediction::spans).toList();
            double knnTestSeconds = secs(t0);
            Map<String, Object> c = result(common, "c-knn-annotator-on-test", SpanMetrics.evaluate(task, SpanMetrics.goldSpans(test),
                    knnTest));
            snapped(c, task, test, knnTest);
            c.put("k", k);
            c.put("knnWords", knnWords);
            c.put("poolTokens", knn.poolTokens());
            c.put("poolSeconds", poolSeconds);
            c.put("testSeconds", knnTestSeconds);
            print(c);

            // its labels of the train texts (scored against the hidden gold train spans: label quality)
            t0 = System.nanoTime();
            List<SpanExample> knnTrain = knn.annotate(train.stream().map(SpanExample::example).toList(), Split.TRAIN);
            double annotateSeconds = secs(t0);
            Map<String, Object> q = result(common, "knn-labels-vs-gold-train", SpanMetrics.evaluate(task,
                    SpanMetrics.goldSpans(train), SpanMetrics.goldSpans(knnTrain)));
            q.put("annotateSeconds", annotateSeconds);
            print(q);

            // (a) gold labels, (b) k-NN labels; same texts, same settings, gold dev for early stopping
            print(tagger(common, "a-tagger-on-gold-train", task, tokens, train, "gold", dev, test, seed, out.resolve("gold")));
            print(tagger(common, "b-tagger-on-knn-labels", task, tokens, knnTrain, knn.name(), dev, test, seed,
                    out.resolve("knn")));
        }
    }

    /**
     * Chooses the k-NN annotator's settings on gold dev alone: two-fold (first and second half of
     * dev), each half tagged with the other half as the pool; span F1 over all 100 texts.
     */
    private static void knnOnDev(Map<String, Object> common, Task task, OnnxTokenEncoder tokens, List<SpanExample> dev)
            throws Exception {
        List<SpanExample> a = dev.subList(0, dev.size() / 2);
        List<SpanExample> b = dev.subList(dev.size() / 2, dev.size());
        for (boolean center : new boolean[] {false, true}) {
            for (int k : new int[] {1, 3, 5, 10}) {
                for (boolean words : new boolean[] {false, true}) {
                    List<List<Span>> gold = new ArrayList<>();
                    List<List<Span>> predicted = new ArrayList<>();
                    for (int fold = 0; fold < 2; fold++) {
                        List<SpanExample> pool = fold == 0 ? a : b;
                        List<SpanExample> held = fold == 0 ? b : a;
                        KnnSpanAnnotator knn = KnnSpanAnnotator.builder().task(task).encoder(tokens).goldPool(pool).k(k)
                                .center(center).snapToWords(words).build();
                        gold.addAll(SpanMetrics.goldSpans(held));
                        knn.predictBatch(held.stream().map(SpanExample::text).toList()).forEach(p -> predicted.add(p.spans()));
                    }
                    Map<String, Object> r = result(common, "knn-dev-twofold", SpanMetrics.evaluate(task, gold, predicted));
                    r.put("k", k);
                    r.put("center", center);
                    r.put("words", words);
                    print(r);
                }
            }
        }
    }

    private static Map<String, Object> tagger(Map<String, Object> common, String name, Task task, OnnxTokenEncoder tokens,
            List<SpanExample> train, String teacher, List<SpanExample> dev, List<SpanExample> test, long seed, Path dir)
            throws Exception {
        long t0 = System.nanoTime();
        SpanTaggerModel model = SpanTaggerTrainer.builder(tokens).seed(seed).teacher(teacher).build().train(task, train, dev);
        double trainSeconds = secs(t0);
        model.exportOnnx(dir.resolve(OnnxSpanTagger.DEFAULT_FILE_NAME));
        List<List<Span>> predicted;
        double testSeconds;
        try (OnnxSpanTagger onnx = OnnxSpanTagger.load(dir, Runtime.getRuntime().availableProcessors())) {
            t0 = System.nanoTime();
            predicted = onnx.predictBatch(test.stream().map(SpanExample::text).toList()).stream().map(SpanPrediction::spans)
                    .toList();
            testSeconds = secs(t0);
        }
        Map<String, Object> r = result(common, name, SpanMetrics.evaluate(task, SpanMetrics.goldSpans(test), predicted));
        snapped(r, task, test, predicted);
        r.put("teacher", teacher);
        r.put("trainSeconds", trainSeconds);
        r.put("testSeconds", testSeconds);
        r.putAll(prefixed(model.provenance().trainingConfig()));
        r.put("model", dir.resolve(OnnxSpanTagger.DEFAULT_FILE_NAME).toString());
        return r;
    }

    /** The same predictions snapped to whole whitespace words ({@code WordSpans}; what {@code snapToWords(true)} gives). */
    private static void snapped(Map<String, Object> r, Task task, List<SpanExample> test, List<List<Span>> predicted) {
        List<List<Span>> snapped = new ArrayList<>(predicted.size());
        for (int i = 0; i < predicted.size(); i++) {
            snapped.add(WordSpans.snapToWhitespaceWords(predicted.get(i), test.get(i).text()));
        }
        SpanReport s = SpanMetrics.evaluate(task, SpanMetrics.goldSpans(test), snapped);
        r.put("wordsPrecision", s.precision());
        r.put("wordsRecall", s.recall());
        r.put("wordsSpanF1", s.f1());
    }

    private static Map<String, Object> prefixed(Map<String, String> cfg) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String key : List.of("epochsRun", "trainTokens", "devSpanF1", "devTokenLogLoss", "truncatedTexts", "learningRate")) {
            if (cfg.containsKey(key)) {
                m.put(key, cfg.get(key));
            }
        }
        return m;
    }

    private static Map<String, Object> result(Map<String, Object> common, String name, SpanReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", name);
        m.putAll(common);
        m.put("precision", r.precision());
        m.put("recall", r.recall());
        m.put("spanF1", r.f1());
        m.put("tp", r.truePositives());
        m.put("fp", r.falsePositives());
        m.put("fn", r.falseNegatives());
        m.put("loadNow", loadAverage());
        return m;
    }

    private static void print(Map<String, Object> m) throws Exception {
        System.out.println(JSON.writeValueAsString(m));
        System.out.flush();
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
