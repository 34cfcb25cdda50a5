package dev.annotator.core.generate;

import java.util.List;

/** Diversity figures for sets of embedded texts. */
public final class Diversity {
    private Diversity() {
    }

    /**
     * Mean cosine distance {@code 1 - cos(a, b)} over all unordered pairs.
     *
     * @param vectors the embeddings (any length, not necessarily normalised; zero vectors count as
     *     distance 1 from everything)
     * @return the mean pairwise distance, or 0 when there are fewer than two vectors
     */
    public static double meanPairwiseCosineDistance(List<float[]> vectors) {
        int n = vectors.size();
        if (n < 2) {
            return 0;
        }
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            norms[i] = Math.sqrt(dot(vectors.get(i), vectors.get(i)));
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double denom = norms[i] * norms[j];
                sum += denom == 0 ? 1 : 1 - dot(vectors.get(i), vectors.get(j)) / denom;
            }
        }
        return sum / ((double) n * (n - 1) / 2);
    }

    static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    static double cosine(float[] a, float[] b) {
        double d = Math.sqrt(dot(a, a) * dot(b, b));
        return d == 0 ? 0 : dot(a, b) / d;
    }
}
