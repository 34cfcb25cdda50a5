package dev.annotator.examples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.embed.TextEmbedder;
import dev.annotator.core.eval.ClassificationReport;
import dev.annotator.core.eval.Evaluator;
import dev.annotator.core.generate.Deduplicator;
import dev.annotator.core.generate.Diversity;
import dev.annotator.core.generate.SelfDiversifier;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.llm.embed.LangChain4jTextEmbedder;
import dev.annotator.student.fast.FastStudentModel;
import dev.annotator.student.fast.FastStudentTrainer;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Incubator's local steps on a <em>canned</em> generation set, since no generator runs offline: the
 * {@code train} texts of a labelled dataset, grouped by label, stand in for generated candidates;
 * exact duplicates (case, spacing and trailing punctuation changed) and near duplicates (a filler word
 * added) of a seeded 10% of them are appended. Runs {@link Deduplicator} and {@link SelfDiversifier}
 * with the in-process quantized all-MiniLM-L6-v2, reports the duplicates found against those injected
 * and the diversity before and after (and of random subsets of the same size), then trains the fast
 * student on the diversified subset, on random subsets of the same size, and on all deduplicated
 * candidates, early-stopping on {@code dev}, and reports {@code test} accuracy (never used to choose
 * anything). Prints one JSON line last. A benchmark, not a test.
 *
 * <p>Usage: {@code java -cp <cli.jar> dev.annotator.examples.bench.IncubatorCannedSet CSV [PER_LABEL]
 * [RANDOM_SEEDS]}
 */
public final class IncubatorCannedSet {
    private static final String[] FILLERS = {"really", "honestly", "overall", "truly", "basically"};

    private IncubatorCannedSet() {
    }

    /**
     * Runs the measurement.
     *
     * @param args dataset CSV (text,label,split), texts to keep per label (default 100), random subsets
     *     to average (default 5)
     * @throws Exception when a file cannot be read or a step fails
     */
    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args[0]);
        int perLabel = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        DatasetReader reader = DatasetReader.csv().build();
        Task task = reader.inferTask(csv, "canned");
        Dataset data = reader.read(csv, task);

        // canned candidates: train texts per label, then injected exact and near duplicates
        Random rng = new Random(42);
        Map<String, List<String>> candidates = new LinkedHashMap<>();
        int injectedExact = 0;
        int injectedNear = 0;
        java.util.Set<String> nearInjected = new java.util.HashSet<>();
        for (String label : task.labelNames()) {
            List<String> texts = data.split(Split.TRAIN).stream().filter(r -> r.labels().contains(label))
                    .map(LabelledExample::text).collect(Collectors.toCollection(ArrayList::new));
            List<String> extra = new ArrayList<>();
            for (String t : texts) {
                double u = rng.nextDouble();
                if (u < 0.10) {
                    extra.add("  " + t.toUpperCase(Locale.ROOT) + "!! ");
                    injectedExact++;
                } else if (u < 0.20) {
                    String n = withFiller(t, FILLERS[rng.nextInt(FILLERS.length)]);
                    extra.add(n);
                    nearInjected.add(n);
                    injectedNear++;
                }
            }
            Collections.shuffle(extra, rng);
            texts.addAll(extra);
            candidates.put(label, texts);
        }
        int total = candidates.values().stream().mapToInt(List::size).sum();

        long t0 = System.nanoTime();
        TextEmbedder embedder = memo(LangChain4jTextEmbedder.builder().model(new AllMiniLmL6V2QuantizedEmbeddingModel())
                .name("all-minilm-l6-v2-q").dimension(384).build());
        Deduplicator dedup = new Deduplicator(embedder, Deduplicator.DEFAULT_NEAR_THRESHOLD);
        Map<String, List<String>> unique = new LinkedHashMap<>();
        int exact = 0;
        int near = 0;
        for (Map.Entry<String, List<String>> e : candidates.entrySet()) {
            Deduplicator.Result d = dedup.deduplicate(e.getValue());
            exact += d.exactDuplicates();
            near += d.nearDuplicates();
            unique.put(e.getKey(), d.kept());
        }
        double dedupSeconds = (System.nanoTime() - t0) / 1e9;
        long nearSurvived = unique.values().stream().flatMap(List::stream).filter(nearInjected::contains).count();
        int uniqueCount = unique.values().stream().mapToInt(List::size).sum();
        double rawDiversity = meanDiversity(candidates, embedder);

        long t1 = System.nanoTime();
        SelfDiversifier.Result div = new SelfDiversifier(embedder, 42).select(unique, perLabel);
        double divSeconds = (System.nanoTime() - t1) / 1e9;

        double randomDiversity = 0;
        double randomAccuracy = 0;
        List<Double> randomAccuracies = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            Map<String, List<String>> random = new LinkedHashMap<>();
            Random r = new Random(1000 + s);
            unique.forEach((k, v) -> {
                List<String> copy = new ArrayList<>(v);
                Collections.shuffle(copy, r);
                random.put(k, copy.subList(0, Math.min(perLabel, copy.size())));
            });
            randomDiversity += meanDiversity(random, embedder) / seeds;
            double acc = accuracy(task, data, random);
            randomAccuracies.add(acc);
            randomAccuracy += acc / seeds;
        }
        double diversifiedAccuracy = accuracy(task, data, div.kept());
        double diversifiedCoverage = coverage(unique, div.kept(), embedder);
        double randomCoverage = 0;
        for (int s = 1; s <= seeds; s++) {
            Map<String, List<String>> random = new LinkedHashMap<>();
            Random r = new Random(1000 + s);
            unique.forEach((k, v) -> {
                List<String> copy = new ArrayList<>(v);
                Collections.shuffle(copy, r);
                random.put(k, copy.subList(0, Math.min(perLabel, copy.size())));
            });
            randomCoverage += coverage(unique, random, embedder) / seeds;
        }
        double allAccuracy = accuracy(task, data, unique);

        System.out.printf(Locale.ROOT, "canned set from %s: %d candidates (%d train texts + %d exact + %d near duplicates injected)%n",
                csv.getFileName(), total, total - injectedExact - injectedNear, injectedExact, injectedNear);
        System.out.printf(Locale.ROOT, "dedupe: %d exact and %d near duplicates dropped, %d unique left (%.1fs); %d of %d "
                + "injected near duplicates caught%n", exact, near, uniqueCount, dedupSeconds, injectedNear - nearSurvived,
                injectedNear);
        System.out.printf(Locale.ROOT, "diversity: all candidates %.4f, unique %.4f, kept by self-diversification %.4f, "
                + "random subsets %.4f (%d per label, %.1fs)%n", rawDiversity, div.diversityBefore(), div.diversityAfter(),
                randomDiversity, perLabel, divSeconds);
        System.out.printf(Locale.ROOT, "coverage (mean cosine distance from each unique candidate to the nearest kept text, "
                + "lower is better): diversified %.4f, random %.4f%n", diversifiedCoverage, randomCoverage);
        System.out.printf(Locale.ROOT, "fast student test accuracy: diversified %.4f, random %.4f (min %.4f, max %.4f over %d), "
                + "all unique %.4f%n", diversifiedAccuracy, randomAccuracy, Collections.min(randomAccuracies),
                Collections.max(randomAccuracies), seeds, allAccuracy);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("dataset", csv.getFileName().toString());
        j.put("candidates", total);
        j.put("injectedExact", injectedExact);
        j.put("injectedNear", injectedNear);
        j.put("exactDuplicates", exact);
        j.put("nearDuplicates", near);
        j.put("unique", uniqueCount);
        j.put("injectedNearCaught", injectedNear - nearSurvived);
        j.put("coverageDiversified", diversifiedCoverage);
        j.put("coverageRandom", randomCoverage);
        j.put("perLabel", perLabel);
        j.put("diversityAll", rawDiversity);
        j.put("diversityBefore", div.diversityBefore());
        j.put("diversityAfter", div.diversityAfter());
        j.put("diversityRandom", randomDiversity);
        j.put("accuracyDiversified", diversifiedAccuracy);
        j.put("accuracyRandomMean", randomAccuracy);
        j.put("accuracyRandomAll", randomAccuracies);
        j.put("accuracyAllUnique", allAccuracy);
        System.out.println(new ObjectMapper().writeValueAsString(j));
    }

    private static String withFiller(String text, String filler) {
        String[] words = text.split(" ");
        int at = Math.max(1, words.length / 2);
        List<String> out = new ArrayList<>(List.of(words));
        out.add(Math.min(at, out.size()), filler);
        return String.join(" ", out);
    }

    private static double meanDiversity(Map<String, List<String>> byLabel, TextEmbedder embedder) {
        double sum = 0;
        for (List<String> texts : byLabel.values()) {
            sum += Diversity.meanPairwiseCosineDistance(embedder.embedAll(texts));
        }
        return sum / byLabel.size();
    }

    private static double coverage(Map<String, List<String>> all, Map<String, List<String>> kept, TextEmbedder embedder) {
        double sum = 0;
        for (Map.Entry<String, List<String>> e : all.entrySet()) {
            List<float[]> keptVectors = embedder.embedAll(kept.get(e.getKey()));
            double labelSum = 0;
            for (float[] v : embedder.embedAll(e.getValue())) {
                double best = Double.POSITIVE_INFINITY;
                for (float[] k : keptVectors) {
                    best = Math.min(best, Diversity.meanPairwiseCosineDistance(List.of(v, k)));
                }
                labelSum += best;
            }
            sum += labelSum / e.getValue().size();
        }
        return sum / all.size();
    }

    private static double accuracy(Task task, Dataset data, Map<String, List<String>> train) {
        List<LabelledExample> rows = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<String>> e : train.entrySet()) {
            for (String t : e.getValue()) {
                rows.add(new LabelledExample(Example.of("g" + i++, t), List.of(e.getKey()), Split.TRAIN));
            }
        }
        rows.addAll(data.split(Split.DEV));
        Dataset ds = Dataset.of(task, rows);
        FastStudentModel model = FastStudentTrainer.builder().seed(42).build()
                .train(TrainingSet.fromGold(ds, Split.TRAIN), TrainingSet.fromGold(ds, Split.DEV));
        List<LabelledExample> test = data.split(Split.TEST);
        List<LabelDistribution> p = model.predictBatch(test.stream().map(LabelledExample::text).toList());
        ClassificationReport rep = Evaluator.evaluate(task, Evaluator.goldLabels(test), p);
        return rep.accuracy();
    }

    /** Embeds each distinct text once. */
    private static TextEmbedder memo(TextEmbedder inner) {
        Map<String, float[]> cache = new HashMap<>();
        return new TextEmbedder() {
            @Override
            public int dimension() {
                return inner.dimension();
            }

            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public synchronized List<float[]> embedAll(List<String> texts) {
                List<String> missing = texts.stream().filter(t -> !cache.containsKey(t)).distinct().toList();
                if (!missing.isEmpty()) {
                    List<float[]> v = inner.embedAll(missing);
                    for (int k = 0; k < missing.size(); k++) {
                        cache.put(missing.get(k), v.get(k));
                    }
                }
                return texts.stream().map(cache::get).toList();
            }
        };
    }
}
