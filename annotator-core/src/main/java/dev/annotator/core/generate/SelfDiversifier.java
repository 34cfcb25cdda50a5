package dev.annotator.core.generate;

import dev.annotator.core.embed.TextEmbedder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * Incubator's self-diversification: from K× more generated candidates than needed, keep for each label
 * the candidate nearest each of N k-means centres of that label's candidates (embedded by a
 * {@link TextEmbedder}, L2-normalised so Euclidean k-means follows cosine similarity). Keeps all
 * candidates of a label that has no more than N. Reports the mean pairwise cosine distance of each
 * label's texts before and after. k-means++ is commons-math3's, seeded. Thread-safe.
 */
public final class SelfDiversifier {
    private final TextEmbedder embedder;
    private final long seed;
    private final int maxIterations;

    /**
     * @param embedder embeds the candidates
     * @param seed seeds k-means++
     */
    public SelfDiversifier(TextEmbedder embedder, long seed) {
        this(embedder, seed, 100);
    }

    /**
     * @param embedder embeds the candidates
     * @param seed seeds k-means++
     * @param maxIterations k-means iterations at most, 1 or more
     */
    public SelfDiversifier(TextEmbedder embedder, long seed, int maxIterations) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1: " + maxIterations);
        }
        this.seed = seed;
        this.maxIterations = maxIterations;
    }

    /**
     * What diversification kept.
     *
     * @param kept per label, the texts kept (centre-nearest first by cluster size)
     * @param diversityBefore mean over labels of the mean pairwise cosine distance of the candidates
     * @param diversityAfter the same figure for the texts kept
     */
    public record Result(Map<String, List<String>> kept, double diversityBefore, double diversityAfter) {
        /**
         * Copies the map, keeping label order.
         *
         * @param kept texts kept per label
         * @param diversityBefore diversity of the candidates
         * @param diversityAfter diversity of the texts kept
         */
        public Result {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            kept.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            kept = java.util.Collections.unmodifiableMap(copy);
        }
    }

    /**
     * @param candidatesByLabel generated candidates per label (deduplicate them first)
     * @param perLabel how many to keep per label, 1 or more
     * @return the texts kept and the diversity before and after
     */
    public Result select(Map<String, List<String>> candidatesByLabel, int perLabel) {
        if (perLabel < 1) {
            throw new IllegalArgumentException("perLabel must be >= 1: " + perLabel);
        }
        Map<String, List<String>> kept = new LinkedHashMap<>();
        double before = 0;
        double after = 0;
        int labels = 0;
        for (Map.Entry<String, List<String>> e : candidatesByLabel.entrySet()) {
            List<String> texts = e.getValue();
            if (texts.isEmpty()) {
                kept.put(e.getKey(), List.of());
                continue;
            }
            List<float[]> vectors = normalised(embedder.embedAll(texts));
            List<Integer> chosen = texts.size() <= perLabel ? range(texts.size()) : centreNearest(vectors, perLabel);
            List<String> out = new ArrayList<>(chosen.size());
            List<float[]> outVectors = new ArrayList<>(chosen.size());
            for (int i : chosen) {
                out.add(texts.get(i));
                outVectors.add(vectors.get(i));
            }
            kept.put(e.getKey(), out);
            before += Diversity.meanPairwiseCosineDistance(vectors);
            after += Diversity.meanPairwiseCosineDistance(outVectors);
            labels++;
        }
        return new Result(kept, labels == 0 ? 0 : before / labels, labels == 0 ? 0 : after / labels);
    }

    private List<Integer> centreNearest(List<float[]> vectors, int k) {
        List<Point> points = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            points.add(new Point(i, vectors.get(i)));
        }
        JDKRandomGenerator rng = new JDKRandomGenerator();
        rng.setSeed(seed);
        KMeansPlusPlusClusterer<Point> km = new KMeansPlusPlusClusterer<>(k, maxIterations,
                new org.apache.commons.math3.ml.distance.EuclideanDistance(), rng,
                KMeansPlusPlusClusterer.EmptyClusterStrategy.FARTHEST_POINT);
        List<CentroidCluster<Point>> clusters = new ArrayList<>(km.cluster(points));
        clusters.sort((a, b) -> Integer.compare(b.getPoints().size(), a.getPoints().size()));
        List<Integer> chosen = new ArrayList<>(k);
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        for (CentroidCluster<Point> c : clusters) {
            double[] centre = c.getCenter().getPoint();
            int best = -1;
            double bestDist = Double.POSITIVE_INFINITY;
            for (Point p : c.getPoints()) {
                double d = squaredDistance(p.getPoint(), centre);
                if (!taken.contains(p.index) && (d < bestDist || d == bestDist && p.index < best)) {
                    best = p.index;
                    bestDist = d;
                }
            }
            if (best >= 0 && taken.add(best)) {
                chosen.add(best);
            }
        }
        return chosen;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    private static List<float[]> normalised(List<float[]> vectors) {
        List<float[]> out = new ArrayList<>(vectors.size());
        for (float[] v : vectors) {
            double n = Math.sqrt(Diversity.dot(v, v));
            float[] u = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                u[i] = n == 0 ? 0f : (float) (v[i] / n);
            }
            out.add(u);
        }
        return out;
    }

    private static List<Integer> range(int n) {
        List<Integer> r = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            r.add(i);
        }
        return r;
    }

    private static final class Point implements Clusterable {
        final int index;
        private final double[] point;

        Point(int index, float[] v) {
            this.index = index;
            this.point = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                point[i] = v[i];
            }
        }

        @Override
        public double[] getPoint() {
            return point;
        }
    }
}
