package dev.annotator.student.encoder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Embeddings already computed, keyed by a SHA-256 hash of the embedder's {@code name()} and the text
 * (128 bits of it are kept), so an active-learning loop never embeds the same text twice and
 * vectors of different embedders never mix. Either unbounded or bounded to a number of entries,
 * evicting the least recently used. Vectors are copied in and out.
 *
 * <p>Thread-safe.
 */
public final class EmbeddingCache {
    private final Map<Key, float[]> map;
    private final long maxEntries;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    private record Key(long high, long low) {
    }

    private EmbeddingCache(Map<Key, float[]> map, long maxEntries) {
        this.map = map;
        this.maxEntries = maxEntries;
    }

    /** @return a cache that keeps every vector */
    public static EmbeddingCache unbounded() {
        return new EmbeddingCache(new ConcurrentHashMap<>(), Long.MAX_VALUE);
    }

    /**
     * @param maxEntries the most vectors kept, at least 1; the least recently used goes first
     * @return a bounded cache
     */
    public static EmbeddingCache bounded(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1: " + maxEntries);
        }
        Map<Key, float[]> lru = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, float[]> eldest) {
                return size() > maxEntries;
            }
        };
        return new EmbeddingCache(java.util.Collections.synchronizedMap(lru), maxEntries);
    }

    /**
     * @param embedder the embedder's {@code name()}
     * @param text the text
     * @return a copy of the cached vector, if any
     */
    public Optional<float[]> get(String embedder, String text) {
        float[] v = map.get(key(embedder, text));
        if (v == null) {
            misses.incrementAndGet();
            return Optional.empty();
        }
        hits.incrementAndGet();
        return Optional.of(v.clone());
    }

    /**
     * @param embedder the embedder's {@code name()}
     * @param text the text
     * @param vector its vector, copied
     */
    public void put(String embedder, String text, float[] vector) {
        map.put(key(embedder, text), vector.clone());
    }

    /** @return vectors held */
    public int size() {
        return map.size();
    }

    /** @return lookups that found a vector */
    public long hits() {
        return hits.get();
    }

    /** @return lookups that found none */
    public long misses() {
        return misses.get();
    }

    /** @return the most entries kept, {@link Long#MAX_VALUE} when unbounded */
    public long maxEntries() {
        return maxEntries;
    }

    /** Drops every vector; counters are kept. */
    public void clear() {
        map.clear();
    }

    private static Key key(String embedder, String text) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        md.update(embedder.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        ByteBuffer b = ByteBuffer.wrap(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        return new Key(b.getLong(), b.getLong());
    }

    @Override
    public String toString() {
        return "EmbeddingCache[" + size() + " vectors, " + hits() + " hits, " + misses() + " misses]";
    }
}
