package dev.annotator.core.select;

import dev.annotator.core.data.Example;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.util.MathArrays;

/**
 * Diversity sampling: clusters the candidates' embeddings into k = batch size clusters with k-means++
 * (commons-math3's {@link KMeansPlusPlusClusterer}, seeded from the context) and takes the candidate
 * nearest each centroid. The batch is ordered by cluster size, largest first, so a truncated batch
 * still covers the densest regions. Needs no predictions, so it works at cold start.
 *
 * <p>When the candidates have fewer distinct vectors than the batch size, each distinct vector gives
 * one example and the rest of the batch is filled in seeded random order. Needs embeddings in the
 * context. Cost: O(candidates × batch size × dimension) per iteration, at most
 * {@link #maxIterations()} iterations; pass fewer candidates (a hybrid pre-filter) for large pools.
 * Immutable and thread-safe.
 */
public final class KMeansDiversitySelector implements SampleSelector {
    /** Default cap on Lloyd iterations. */
    public static final int DEFAULT_MAX_ITERATIONS = 100;

    private final int maxIterations;

    private KMeansDiversitySelector(Builder b) {
        this.maxIterations = b.maxIterations;
    }

    /**
     * Starts a selector.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the cap on k-means iterations */
    public int maxIterations() {
        return maxIterations;
    }

    private record Point(int index, double[] point) implements Clusterable {
        @Override
        public double[] getPoint() {
            return point;
        }
    }

    /** A vector compared by value, to find the distinct ones without boxing. */
    private static final class Distinct {
        private final double[] v;
        private final int hash;

        Distinct(double[] v) {
            this.v = v;
            this.hash = Arrays.hashCode(v);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Distinct && Arrays.equals(((Distinct) o).v, v);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Override
    public List<Example> select(SelectionContext context) {
        List<Example> candidates = context.candidates();
        int k = context.batchSize();
        List<double[]> vectors = context.embeddings(candidates, name());
        if (candidates.size() <= k) {
            return candidates;
        }
        RandomGenerator rng = context.random();
        // one point per distinct vector: k-means++ cannot seed more centres than there are distinct points
        List<Point> points = new ArrayList<>();
        Set<Distinct> seen = new HashSet<>();
        for (int i = 0; i < vectors.size(); i++) {
            if (seen.add(new Distinct(vectors.get(i)))) {
                points.add(new Point(i, vectors.get(i)));
            }
        }
        int clusters = Math.min(k, points.size());
        List<Example> out = new ArrayList<>(k);
        boolean[] taken = new boolean[candidates.size()];
        if (clusters == points.size()) {
            for (Point p : points) {
                out.add(candidates.get(p.index()));
                taken[p.index()] = true;
            }
        } else {
            KMeansPlusPlusClusterer<Point> clusterer = new KMeansPlusPlusClusterer<>(clusters, maxIterations,
                    new EuclideanDistance(), rng, KMeansPlusPlusClusterer.EmptyClusterStrategy.LARGEST_VARIANCE);
            List<CentroidCluster<Point>> result = new ArrayList<>(clusterer.cluster(points));
            result.sort(Comparator.comparingInt((CentroidCluster<Point> c) -> -c.getPoints().size()));
            for (CentroidCluster<Point> c : result) {
                double[] centre = c.getCenter().getPoint();
                Point best = null;
                double bestDistance = Double.POSITIVE_INFINITY;
                for (Point p : c.getPoints()) {
                    double d = MathArrays.distance(centre, p.point());
                    if (!taken[p.index()] && (d < bestDistance || d == bestDistance && p.index() < best.index())) {
                        best = p;
                        bestDistance = d;
                    }
                }
                if (best != null) {
                    out.add(candidates.get(best.index()));
                    taken[best.index()] = true;
                }
            }
        }
        if (out.size() < k) {
            int[] perm = MathArrays.natural(candidates.size());
            MathArrays.shuffle(perm, rng);
            for (int i = 0; i < perm.length && out.size() < k; i++) {
                if (!taken[perm[i]]) {
                    out.add(candidates.get(perm[i]));
                    taken[perm[i]] = true;
                }
            }
        }
        return out;
    }

    @Override
    public String name() {
        return "kmeans";
    }

    @Override
    public String toString() {
        return name() + "[maxIterations=" + maxIterations + "]";
    }

    /** Builder for {@link KMeansDiversitySelector}; not thread-safe. */
    public static final class Builder {
        private int maxIterations = DEFAULT_MAX_ITERATIONS;

        private Builder() {
        }

        /**
         * @param maxIterations cap on k-means iterations; positive; default
         *     {@value KMeansDiversitySelector#DEFAULT_MAX_ITERATIONS}
         * @return this builder
         */
        public Builder maxIterations(int maxIterations) {
            if (maxIterations <= 0) {
                throw new IllegalArgumentException("maxIterations must be positive: " + maxIterations);
            }
            this.maxIterations = maxIterations;
            return this;
        }

        /** @return the selector */
        public KMeansDiversitySelector build() {
            return new KMeansDiversitySelector(this);
        }
    }
}
