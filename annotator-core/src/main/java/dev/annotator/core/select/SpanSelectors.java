package dev.annotator.core.select;

import dev.annotator.core.data.Example;
import dev.annotator.core.span.SpanPrediction;
import dev.annotator.core.span.SpanStudentModel;
import dev.annotator.core.span.SpanUncertainty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/** The built-in {@link SpanSelector}s. */
final class SpanSelectors {
    private SpanSelectors() {
    }

    static void check(List<Example> candidates, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates to select from");
        }
    }

    /** Seeded partial Fisher-Yates. */
    static final class Random implements SpanSelector {
        @Override
        public String name() {
            return "random";
        }

        @Override
        public List<Example> select(List<Example> candidates, Optional<SpanStudentModel> student, int batchSize, long seed) {
            check(candidates, batchSize);
            List<Example> c = new ArrayList<>(candidates);
            SplittableRandom rng = new SplittableRandom(seed);
            int n = Math.min(batchSize, c.size());
            for (int i = 0; i < n; i++) {
                int j = i + rng.nextInt(c.size() - i);
                Example t = c.get(i);
                c.set(i, c.get(j));
                c.set(j, t);
            }
            return List.copyOf(c.subList(0, n));
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** Highest uncertainty first. */
    static final class Uncertainty implements SpanSelector {
        private final SpanUncertainty uncertainty;
        private final SpanSelector coldStart;

        Uncertainty(SpanUncertainty uncertainty, SpanSelector coldStart) {
            this.uncertainty = uncertainty;
            this.coldStart = coldStart;
        }

        @Override
        public String name() {
            return uncertainty.toString();
        }

        @Override
        public List<Example> select(List<Example> candidates, Optional<SpanStudentModel> student, int batchSize, long seed) {
            check(candidates, batchSize);
            if (student.isEmpty()) {
                return coldStart.select(candidates, student, batchSize, seed);
            }
            List<SpanPrediction> predictions = student.get().predictBatch(candidates.stream().map(Example::text).toList());
            if (predictions.size() != candidates.size()) {
                throw new IllegalStateException("span student returned " + predictions.size() + " predictions for "
                        + candidates.size() + " texts");
            }
            double[] score = new double[candidates.size()];
            List<Integer> order = new ArrayList<>(score.length);
            for (int i = 0; i < score.length; i++) {
                SpanPrediction p = predictions.get(i);
                score[i] = uncertainty.score(p.tokenProbabilities(), p.tokens());
                order.add(i);
            }
            order.sort(Comparator.<Integer>comparingDouble(i -> -score[i]).thenComparingInt(i -> i));
            return List.copyOf(Ranking.take(candidates, order, batchSize));
        }

        @Override
        public String toString() {
            return name();
        }
    }
}
