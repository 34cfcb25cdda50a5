package dev.annotator.core.select;

import dev.annotator.core.data.Example;
import dev.annotator.core.embed.TextEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Embeddings of a pool's examples, computed once by a {@link TextEmbedder} and kept by example id, so
 * that every round of an active loop reuses them. Build one per pool and pass it to every round's
 * {@link SelectionContext}.
 *
 * <p>An id always maps to the text it was first embedded with: asking again for the same id with
 * another text is an error rather than a silent stale vector. The cache does not own the embedder
 * and does not close it. Thread-safe; concurrent misses for the same id may embed it twice, and the
 * first vector stored wins.
 */
public final class EmbeddingCache {
    private static final int CHUNK = 256;

    private final TextEmbedder embedder;
    private final Map<String, Entry> vectors = new ConcurrentHashMap<>();

    private record Entry(String text, float[] vector) {
    }

    private EmbeddingCache(TextEmbedder embedder) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        if (embedder.dimension() <= 0) {
            throw new IllegalArgumentException("embedder '" + embedder.name() + "' has dimension " + embedder.dimension()
                    + "; it must be positive");
        }
    }

    /**
     * An empty cache over an embedder.
     *
     * @param embedder computes missing vectors; not closed by the cache
     * @return the cache
     */
    public static EmbeddingCache of(TextEmbedder embedder) {
        return new EmbeddingCache(embedder);
    }

    /** @return the name of the embedder whose vectors this cache holds */
    public String embedderName() {
        return embedder.name();
    }

    /** @return the length of every vector */
    public int dimension() {
        return embedder.dimension();
    }

    /** @return the number of examples embedded so far */
    public int size() {
        return vectors.size();
    }

    /**
     * Vectors of examples, embedding those not yet cached (in chunks of {@value #CHUNK} texts).
     *
     * @param examples the examples
     * @return one fresh {@code double[]} per example, in order; the caller may modify them
     * @throws IllegalArgumentException when an id was cached with another text, or the embedder
     *     returns the wrong number of vectors or a vector of the wrong length or with a non-finite value
     */
    public List<double[]> vectors(List<Example> examples) {
        List<Example> missing = new ArrayList<>();
        for (Example e : examples) {
            Entry cached = vectors.get(e.id());
            if (cached == null) {
                missing.add(e);
            } else if (!cached.text().equals(e.text())) {
                throw new IllegalArgumentException("example '" + e.id() + "' was embedded with another text; "
                        + "ids must be unique across the pool an EmbeddingCache serves");
            }
        }
        for (int from = 0; from < missing.size(); from += CHUNK) {
            List<Example> chunk = missing.subList(from, Math.min(missing.size(), from + CHUNK));
            List<float[]> out = embedder.embedAll(chunk.stream().map(Example::text).toList());
            if (out.size() != chunk.size()) {
                throw new IllegalArgumentException("embedder '" + embedder.name() + "' returned " + out.size()
                        + " vectors for " + chunk.size() + " texts");
            }
            for (int i = 0; i < chunk.size(); i++) {
                Example e = chunk.get(i);
                float[] v = validate(e, out.get(i));
                vectors.putIfAbsent(e.id(), new Entry(e.text(), v.clone()));
            }
        }
        List<double[]> result = new ArrayList<>(examples.size());
        for (Example e : examples) {
            float[] v = vectors.get(e.id()).vector();
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                d[i] = v[i];
            }
            result.add(d);
        }
        return result;
    }

    private float[] validate(Example e, float[] v) {
        if (v == null || v.length != embedder.dimension()) {
            throw new IllegalArgumentException("embedder '" + embedder.name() + "' returned a vector of length "
                    + (v == null ? "null" : v.length) + " for example '" + e.id() + "'; expected " + embedder.dimension());
        }
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("embedder '" + embedder.name() + "' returned a non-finite value for example '"
                        + e.id() + "'");
            }
        }
        return v;
    }

    @Override
    public String toString() {
        return "EmbeddingCache[" + embedder.name() + ", " + vectors.size() + " vectors]";
    }
}
