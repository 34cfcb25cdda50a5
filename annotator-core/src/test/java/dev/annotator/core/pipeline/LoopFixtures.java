package dev.annotator.core.pipeline;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.annotate.NoisyOracleAnnotator;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.student.StudentTrainer;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Small deterministic data and test doubles for the loop's tests. */
final class LoopFixtures {
    static final Task TASK = Task.singleLabel("toy-sentiment", "neg", "pos");
    private static final String[] POS = {"great", "love", "excellent", "happy", "fine", "superb", "nice"};
    private static final String[] NEG = {"awful", "hate", "broken", "sad", "poor", "terrible", "bad"};
    private static final String[] NEUTRAL = {"phone", "case", "battery", "screen", "it", "the", "was", "this", "very"};

    private LoopFixtures() {
    }

    /**
     * Rows whose label shows in one or two cue words among neutral ones; ids {@code prefix000}...
     */
    static List<LabelledExample> rows(String prefix, int n, Split split, long seed) {
        Random r = new Random(seed);
        List<LabelledExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean pos = r.nextBoolean();
            String[] cues = pos ? POS : NEG;
            List<String> words = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                words.add(NEUTRAL[r.nextInt(NEUTRAL.length)]);
            }
            int cueCount = 1 + r.nextInt(2);
            for (int k = 0; k < cueCount; k++) {
                words.add(r.nextInt(words.size() + 1), cues[r.nextInt(cues.length)]);
            }
            out.add(new LabelledExample(Example.of(String.format(Locale.ROOT, "%s%03d", prefix, i), String.join(" ", words)),
                    List.of(pos ? "pos" : "neg"), split));
        }
        return out;
    }

    static List<Example> texts(List<LabelledExample> rows) {
        return rows.stream().map(LabelledExample::example).toList();
    }

    static NoisyOracleAnnotator oracle(List<LabelledExample> gold, double flip) {
        return NoisyOracleAnnotator.builder(TASK).gold(gold).flipRate(flip).seed(7).build();
    }

    /**
     * Wraps an annotator: records every id it is asked about, abstains on chosen ids, and throws on a
     * chosen call (a crash).
     */
    static final class RecordingAnnotator implements Annotator {
        final List<String> asked = new ArrayList<>();
        final List<Integer> callSizes = new ArrayList<>();
        private final Annotator inner;
        private final Set<String> abstainOn;
        private final int crashOnCall;

        RecordingAnnotator(Annotator inner, Set<String> abstainOn, int crashOnCall) {
            this.inner = inner;
            this.abstainOn = abstainOn;
            this.crashOnCall = crashOnCall;
        }

        RecordingAnnotator(Annotator inner) {
            this(inner, Set.of(), -1);
        }

        @Override
        public Task task() {
            return inner.task();
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public List<Annotation> annotate(List<Example> examples) {
            if (callSizes.size() == crashOnCall) {
                throw new dev.annotator.core.RetriableAnnotatorException("simulated crash on call " + crashOnCall);
            }
            callSizes.add(examples.size());
            List<Annotation> out = new ArrayList<>();
            for (Example e : examples) {
                asked.add(e.id());
                Annotation a = inner.annotate(e);
                out.add(abstainOn.contains(e.id()) ? Annotation.abstained(e.id(), "test abstains", name(), a.cost()) : a);
            }
            return out;
        }
    }

    /** Nearest centroid on bags of words, weighted by target and example weight. Deterministic. */
    static final class CentroidTrainer implements StudentTrainer {
        final List<CentroidModel> trained = new ArrayList<>();
        final List<TrainingSet> seen = new ArrayList<>();

        @Override
        public StudentModel train(TrainingSet train) {
            return train(train, TrainingSet.of(train.task(), List.of()));
        }

        @Override
        public StudentModel train(TrainingSet train, TrainingSet dev) {
            if (train.isEmpty()) {
                throw new IllegalArgumentException("empty training set");
            }
            seen.add(train);
            Task task = train.task();
            List<Map<String, Double>> centroids = new ArrayList<>();
            for (int l = 0; l < task.labelCount(); l++) {
                centroids.add(new HashMap<>());
            }
            for (TrainingExample e : train.examples()) {
                for (String w : e.example().text().split(" ")) {
                    for (int l = 0; l < task.labelCount(); l++) {
                        double v = e.weight() * e.target().get(l);
                        if (v != 0) {
                            centroids.get(l).merge(w, v, Double::sum);
                        }
                    }
                }
            }
            CentroidModel m = new CentroidModel(task, centroids, new Provenance(task.name(), "centroid",
                    Map.of("kind", "nearest-centroid"), 0, train.fingerprint(), train.teacher(), "test", "2026-01-01T00:00:00Z"));
            trained.add(m);
            return m;
        }
    }

    static final class CentroidModel implements StudentModel {
        boolean closed;
        private final Task task;
        private final List<Map<String, Double>> centroids;
        private final Provenance provenance;

        CentroidModel(Task task, List<Map<String, Double>> centroids, Provenance provenance) {
            this.task = task;
            this.centroids = centroids;
            this.provenance = provenance;
        }

        @Override
        public Task task() {
            return task;
        }

        @Override
        public Provenance provenance() {
            return provenance;
        }

        @Override
        public List<LabelDistribution> predictBatch(List<String> texts) {
            if (closed) {
                throw new IllegalStateException("model used after close");
            }
            List<LabelDistribution> out = new ArrayList<>();
            for (String t : texts) {
                double[] s = new double[task.labelCount()];
                double max = Double.NEGATIVE_INFINITY;
                for (int l = 0; l < s.length; l++) {
                    Map<String, Double> c = centroids.get(l);
                    double norm = Math.sqrt(c.values().stream().mapToDouble(v -> v * v).sum());
                    double dot = 0;
                    for (String w : t.split(" ")) {
                        dot += c.getOrDefault(w, 0.0);
                    }
                    s[l] = norm == 0 ? 0 : 5 * dot / norm;
                    max = Math.max(max, s[l]);
                }
                double sum = 0;
                for (int l = 0; l < s.length; l++) {
                    s[l] = Math.exp(s[l] - max);
                    sum += s[l];
                }
                for (int l = 0; l < s.length; l++) {
                    s[l] /= sum;
                }
                out.add(LabelDistribution.of(task, s));
            }
            return out;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static Cost cents(int n) {
        return new Cost(10L * n, 1L * n, n / 100.0);
    }
}
