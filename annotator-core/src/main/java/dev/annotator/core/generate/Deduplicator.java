package dev.annotator.core.generate;

import dev.annotator.core.embed.TextEmbedder;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Drops duplicate generated texts, keeping the first of each group in input order: exact duplicates
 * after normalisation (Unicode NFKC, lowercase, whitespace collapsed, surrounding punctuation trimmed),
 * then near duplicates whose embeddings have cosine similarity at or above a threshold to a text
 * already kept. Thread-safe.
 */
public final class Deduplicator {
    /** Default cosine similarity at or above which two texts count as near duplicates. */
    public static final double DEFAULT_NEAR_THRESHOLD = 0.95;

    private final TextEmbedder embedder;
    private final double nearThreshold;

    /**
     * A deduplicator for exact duplicates only.
     */
    public Deduplicator() {
        this.embedder = null;
        this.nearThreshold = Double.NaN;
    }

    /**
     * A deduplicator for exact and near duplicates.
     *
     * @param embedder embeds the texts for the near-duplicate test
     * @param nearThreshold cosine similarity in (0, 1] at or above which texts are near duplicates
     */
    public Deduplicator(TextEmbedder embedder, double nearThreshold) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        if (!(nearThreshold > 0 && nearThreshold <= 1)) {
            throw new IllegalArgumentException("nearThreshold must be in (0, 1]: " + nearThreshold);
        }
        this.nearThreshold = nearThreshold;
    }

    /**
     * What deduplication kept.
     *
     * @param kept the texts kept, in input order
     * @param exactDuplicates texts dropped as exact duplicates
     * @param nearDuplicates texts dropped as near duplicates
     */
    public record Result(List<String> kept, int exactDuplicates, int nearDuplicates) {
        /**
         * Copies the list.
         *
         * @param kept the texts kept
         * @param exactDuplicates exact duplicates dropped
         * @param nearDuplicates near duplicates dropped
         */
        public Result {
            kept = List.copyOf(kept);
        }
    }

    /**
     * @param texts candidate texts, in order of preference
     * @return the texts kept and how many were dropped
     */
    public Result deduplicate(List<String> texts) {
        List<String> unique = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String t : texts) {
            if (seen.add(normalise(t))) {
                unique.add(t);
            }
        }
        int exact = texts.size() - unique.size();
        if (embedder == null || unique.size() < 2) {
            return new Result(unique, exact, 0);
        }
        List<float[]> vectors = embedder.embedAll(unique);
        List<String> kept = new ArrayList<>();
        List<float[]> keptVectors = new ArrayList<>();
        for (int i = 0; i < unique.size(); i++) {
            float[] v = vectors.get(i);
            boolean near = false;
            for (float[] k : keptVectors) {
                if (Diversity.cosine(v, k) >= nearThreshold) {
                    near = true;
                    break;
                }
            }
            if (!near) {
                kept.add(unique.get(i));
                keptVectors.add(v);
            }
        }
        return new Result(kept, exact, unique.size() - kept.size());
    }

    /**
     * The key under which texts are exact duplicates.
     *
     * @param text a text
     * @return NFKC, lowercased, whitespace collapsed, leading and trailing punctuation and spaces removed
     */
    public static String normalise(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        return s.replaceAll("^[\\p{P}\\s]+|[\\p{P}\\s]+$", "");
    }
}
