package dev.annotator.testing;

import dev.annotator.core.embed.TextEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A deterministic bag-of-words embedder for tests: each lowercased word hashed into one of 64 buckets. */
public final class HashingTextEmbedder implements TextEmbedder {
    private static final int DIM = 64;

    @Override
    public int dimension() {
        return DIM;
    }

    @Override
    public String name() {
        return "hashing-bow-64";
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>();
        for (String t : texts) {
            float[] v = new float[DIM];
            for (String w : t.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (!w.isEmpty()) {
                    v[Math.floorMod(w.hashCode(), DIM)] += 1;
                }
            }
            out.add(v);
        }
        return out;
    }
}
