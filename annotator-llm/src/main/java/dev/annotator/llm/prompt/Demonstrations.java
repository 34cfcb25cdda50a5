package dev.annotator.llm.prompt;

import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.embed.TextEmbedder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** The built-in {@link DemonstrationSelector}s. */
final class Demonstrations {
    private Demonstrations() {
    }

    static List<LabelledExample> requireLabelled(List<LabelledExample> pool, String what) {
        Objects.requireNonNull(pool, what);
        if (pool.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (LabelledExample e : pool) {
            if (!e.isLabelled()) {
                throw new IllegalArgumentException(what + " example '" + e.id() + "' has no gold label");
            }
        }
        return List.copyOf(pool);
    }

    static int requireK(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive: " + k);
        }
        return k;
    }

    static boolean same(LabelledExample demo, Example example) {
        return demo.id().equals(example.id()) || demo.text().equals(example.text());
    }

    record Fixed(List<LabelledExample> demos) implements DemonstrationSelector {
        @Override
        public List<LabelledExample> select(Example example) {
            return demos.stream().filter(d -> !same(d, example)).toList();
        }
    }

    record Random(List<LabelledExample> pool, int k, long seed) implements DemonstrationSelector {
        @Override
        public List<LabelledExample> select(Example example) {
            List<LabelledExample> candidates = new ArrayList<>(pool.stream().filter(d -> !same(d, example)).toList());
            long h = seed;
            for (byte b : example.id().getBytes(StandardCharsets.UTF_8)) {
                h = h * 1_000_003L + b;
            }
            java.util.Collections.shuffle(candidates, new java.util.Random(h));
            return List.copyOf(candidates.subList(0, Math.min(k, candidates.size())));
        }
    }

    static final class Nearest implements DemonstrationSelector {
        private final List<LabelledExample> pool;
        private final int k;
        private final TextEmbedder embedder;
        private volatile float[][] vectors;

        Nearest(List<LabelledExample> pool, int k, TextEmbedder embedder) {
            this.pool = pool;
            this.k = k;
            this.embedder = embedder;
        }

        private float[][] vectors() {
            float[][] v = vectors;
            if (v == null) {
                synchronized (this) {
                    if (vectors == null) {
                        List<float[]> raw = embedder.embedAll(pool.stream().map(LabelledExample::text).toList());
                        float[][] out = new float[raw.size()][];
                        for (int i = 0; i < out.length; i++) {
                            out[i] = normalised(raw.get(i));
                        }
                        vectors = out;
                    }
                    v = vectors;
                }
            }
            return v;
        }

        @Override
        public List<LabelledExample> select(Example example) {
            float[][] pv = vectors();
            float[] q = normalised(embedder.embed(example.text()));
            List<Integer> idx = new ArrayList<>();
            double[] sim = new double[pool.size()];
            for (int i = 0; i < pool.size(); i++) {
                if (same(pool.get(i), example)) {
                    continue;
                }
                if (pv[i].length != q.length) {
                    throw new IllegalStateException("embedder '" + embedder.name() + "' returned vectors of length "
                            + q.length + " and " + pv[i].length);
                }
                double s = 0;
                for (int j = 0; j < q.length; j++) {
                    s += q[j] * pv[i][j];
                }
                sim[i] = s;
                idx.add(i);
            }
            // most similar first, ties broken by pool order; then keep k and reverse: most similar last
            idx.sort(Comparator.<Integer>comparingDouble(i -> -sim[i]).thenComparingInt(i -> i));
            List<LabelledExample> top = new ArrayList<>();
            for (int i = Math.min(k, idx.size()) - 1; i >= 0; i--) {
                top.add(pool.get(idx.get(i)));
            }
            return List.copyOf(top);
        }

        private static float[] normalised(float[] v) {
            double n = 0;
            for (float x : v) {
                n += x * x;
            }
            n = Math.sqrt(n);
            float[] out = v.clone();
            if (n > 0) {
                for (int i = 0; i < out.length; i++) {
                    out[i] /= n;
                }
            }
            return out;
        }
    }
}
