package dev.annotator.testing;

import dev.annotator.core.Version;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.student.StudentTrainer;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A tiny pure-Java student for tests of pipelines and loops that should not need ONNX Runtime: a
 * multinomial naive Bayes over lowercased words with add-one smoothing, trained in microseconds.
 * Example weights and soft targets are honoured (each example adds {@code weight * target} to a
 * label's counts). Single-label tasks get the posterior over labels; multi-label tasks one binary
 * classifier per label (in or out). Deterministic: the seed is recorded in the provenance only.
 *
 * <p>Passes {@link StudentTrainerContract}. Not for production: a real student lives in
 * annotator-student. Immutable and thread-safe; so are its models.
 */
public final class NaiveBayesStudentTrainer implements StudentTrainer {
    private final long seed;

    /** @param seed the seed recorded in every model's provenance */
    public NaiveBayesStudentTrainer(long seed) {
        this.seed = seed;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the training set is empty
     */
    @Override
    public StudentModel train(TrainingSet train) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("training set of task '" + train.task().name() + "' is empty");
        }
        Task task = train.task();
        int classes = task.isMultiLabel() ? 2 * task.labelCount() : task.labelCount();
        List<Map<String, Double>> counts = new ArrayList<>();
        double[] totals = new double[classes];
        double[] priors = new double[classes];
        for (int c = 0; c < classes; c++) {
            counts.add(new HashMap<>());
        }
        Set<String> vocabulary = new HashSet<>();
        for (TrainingExample e : train.examples()) {
            List<String> words = words(e.example().text());
            vocabulary.addAll(words);
            for (int l = 0; l < task.labelCount(); l++) {
                double p = e.target().get(l);
                if (task.isMultiLabel()) {
                    add(counts, totals, priors, 2 * l, words, e.weight() * p);
                    add(counts, totals, priors, 2 * l + 1, words, e.weight() * (1 - p));
                } else {
                    add(counts, totals, priors, l, words, e.weight() * p);
                }
            }
        }
        Provenance provenance = new Provenance(task.name(), "naive-bayes", Map.of("smoothing", "1"), seed, train.fingerprint(),
                train.teacher(), Version.get(), "1970-01-01T00:00:00Z");
        return new Model(task, counts, totals, priors, vocabulary.size(), provenance);
    }

    /**
     * Trains on {@code train}; the dev set is not used.
     *
     * @param train the training set
     * @param dev ignored
     * @return the model
     * @throws IllegalArgumentException when the training set is empty
     */
    @Override
    public StudentModel train(TrainingSet train, TrainingSet dev) {
        return train(train);
    }

    private static void add(List<Map<String, Double>> counts, double[] totals, double[] priors, int c, List<String> words,
            double amount) {
        if (amount == 0) {
            return;
        }
        priors[c] += amount;
        for (String w : words) {
            counts.get(c).merge(w, amount, Double::sum);
            totals[c] += amount;
        }
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "NaiveBayesStudentTrainer[seed=" + seed + "]";
    }

    private static final class Model implements StudentModel {
        private final Task task;
        private final List<Map<String, Double>> counts;
        private final double[] totals;
        private final double[] priors;
        private final int vocabulary;
        private final Provenance provenance;

        Model(Task task, List<Map<String, Double>> counts, double[] totals, double[] priors, int vocabulary,
                Provenance provenance) {
            this.task = task;
            this.counts = counts;
            this.totals = totals;
            this.priors = priors;
            this.vocabulary = Math.max(1, vocabulary);
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
            List<LabelDistribution> out = new ArrayList<>(texts.size());
            for (String t : texts) {
                out.add(predictOne(words(t)));
            }
            return List.copyOf(out);
        }

        private double logScore(int c, List<String> words) {
            double s = Math.log(priors[c] + 1);
            for (String w : words) {
                s += Math.log((counts.get(c).getOrDefault(w, 0.0) + 1) / (totals[c] + vocabulary));
            }
            return s;
        }

        private LabelDistribution predictOne(List<String> words) {
            int n = task.labelCount();
            double[] p = new double[n];
            if (task.isMultiLabel()) {
                for (int l = 0; l < n; l++) {
                    double in = logScore(2 * l, words);
                    double outside = logScore(2 * l + 1, words);
                    p[l] = 1 / (1 + Math.exp(outside - in));
                }
                return LabelDistribution.of(task, p);
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int l = 0; l < n; l++) {
                p[l] = logScore(l, words);
                max = Math.max(max, p[l]);
            }
            double sum = 0;
            for (int l = 0; l < n; l++) {
                p[l] = Math.exp(p[l] - max);
                sum += p[l];
            }
            for (int l = 0; l < n; l++) {
                p[l] /= sum;
            }
            return LabelDistribution.of(task, p);
        }

        /** Holds nothing. */
        @Override
        public void close() {
        }
    }
}
