package dev.annotator.student.fast;

import java.util.Arrays;
import java.util.Objects;

/**
 * Turns a text into hashed word n-gram and character n-gram features (the fastText idea).
 *
 * <p>Text is lowercased (when configured) and split into tokens: maximal runs of letters and
 * digits, and every other non-space character on its own (so "!" and "?" count). Features are word
 * n-grams up to {@link FeaturizerConfig#maxWordNgram()} and character n-grams of each word
 * wrapped as {@code <word>}. Each feature is hashed with 64-bit FNV-1a plus a murmur finaliser into
 * {@link FeaturizerConfig#buckets()} buckets; the hash depends only on the characters, so the same
 * text gives the same features on every JVM (lowercasing follows the JDK's Unicode tables).
 *
 * <p>Values: a bucket hit {@code c} times gets {@code 1 + ln c}; the word group and the character
 * group are each L2-normalised and then scaled so that the whole vector has unit length.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class HashingFeaturizer {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long SEED_WORD = 0x51ed270b27d1e3a5L;
    private static final long SEED_CHAR = 0x2545f4914f6cdd1dL;
    private static final long SEED_NGRAM = 0x9e3779b97f4a7c15L;

    private static final float[] LOG_TF = new float[256];

    static {
        for (int i = 1; i < LOG_TF.length; i++) {
            LOG_TF[i] = (float) (1.0 + Math.log(i));
        }
    }

    private final FeaturizerConfig config;
    private final long buckets;

    /**
     * @param config the settings
     */
    public HashingFeaturizer(FeaturizerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.buckets = config.buckets();
    }

    /** @return the settings */
    public FeaturizerConfig config() {
        return config;
    }

    /**
     * Featurizes one text.
     *
     * @param text the text
     * @return its sparse features, indices strictly increasing
     */
    public SparseFeatures featurize(String text) {
        Objects.requireNonNull(text, "text");
        int n = text.length();
        char[] buf = new char[n];
        text.getChars(0, n, buf, 0);
        if (config.lowercase()) {
            for (int i = 0; i < n; i++) {
                buf[i] = Character.toLowerCase(buf[i]);
            }
        }
        // tokenize into [start, end) pairs; word tokens flagged
        int maxTokens = config.maxTokens();
        int[] starts = new int[Math.min(16, maxTokens)];
        int[] ends = new int[starts.length];
        boolean[] isWord = new boolean[starts.length];
        int tokens = 0;
        int i = 0;
        while (i < n && tokens < maxTokens) {
            char c = buf[i];
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                i++;
                continue;
            }
            int s = i;
            boolean word = Character.isLetterOrDigit(c);
            if (word) {
                while (i < n && Character.isLetterOrDigit(buf[i])) {
                    i++;
                }
            } else {
                i++;
            }
            if (tokens == starts.length) {
                int cap = Math.min(maxTokens, tokens * 2);
                starts = Arrays.copyOf(starts, cap);
                ends = Arrays.copyOf(ends, cap);
                isWord = Arrays.copyOf(isWord, cap);
            }
            starts[tokens] = s;
            ends[tokens] = i;
            isWord[tokens] = word;
            tokens++;
        }

        // word n-grams
        long[] wordHash = new long[tokens];
        int maxN = config.maxWordNgram();
        IntList words = new IntList(tokens * maxN + 1);
        for (int t = 0; t < tokens; t++) {
            long h = FNV_OFFSET ^ SEED_WORD;
            for (int k = starts[t]; k < ends[t]; k++) {
                h = (h ^ buf[k]) * FNV_PRIME;
            }
            wordHash[t] = h;
            words.add(bucket(h));
            long g = h;
            for (int m = 1; m < maxN && t - m >= 0; m++) {
                g = (g * SEED_NGRAM) ^ wordHash[t - m] ^ m;
                words.add(bucket(g));
            }
        }

        // character n-grams of words, as <word>
        IntList chars = new IntList(0);
        if (config.charNgrams()) {
            int minC = config.minCharNgram();
            int maxC = config.maxCharNgram();
            for (int t = 0; t < tokens; t++) {
                if (!isWord[t]) {
                    continue;
                }
                int len = ends[t] - starts[t] + 2;
                for (int a = 0; a < len; a++) {
                    long h = FNV_OFFSET ^ SEED_CHAR;
                    for (int b = a; b < len && b - a < maxC; b++) {
                        char c = b == 0 ? '<' : b == len - 1 ? '>' : buf[starts[t] + b - 1];
                        h = (h ^ c) * FNV_PRIME;
                        int width = b - a + 1;
                        if (width >= minC && !(width == len)) {
                            chars.add(bucket(h));
                        }
                    }
                }
            }
        }

        int groups = (words.size > 0 ? 1 : 0) + (chars.size > 0 ? 1 : 0);
        if (groups == 0) {
            return new SparseFeatures(new int[0], new float[0]);
        }
        float scale = (float) (1.0 / Math.sqrt(groups));
        SparseFeatures w = counted(words, scale);
        SparseFeatures c = counted(chars, scale);
        return merge(w, c);
    }

    private int bucket(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) (((h >>> 32) * buckets) >>> 32);
    }

    private static SparseFeatures counted(IntList ids, float scale) {
        if (ids.size == 0) {
            return new SparseFeatures(new int[0], new float[0]);
        }
        int[] a = ids.data;
        Arrays.sort(a, 0, ids.size);
        int unique = 1;
        for (int k = 1; k < ids.size; k++) {
            if (a[k] != a[k - 1]) {
                unique++;
            }
        }
        int[] idx = new int[unique];
        float[] val = new float[unique];
        int u = 0;
        int run = 1;
        double norm = 0;
        for (int k = 1; k <= ids.size; k++) {
            if (k < ids.size && a[k] == a[k - 1]) {
                run++;
                continue;
            }
            float v = run < LOG_TF.length ? LOG_TF[run] : (float) (1.0 + Math.log(run));
            idx[u] = a[k - 1];
            val[u] = v;
            norm += (double) v * v;
            u++;
            run = 1;
        }
        float inv = (float) (scale / Math.sqrt(norm));
        for (int k = 0; k < unique; k++) {
            val[k] *= inv;
        }
        return new SparseFeatures(idx, val);
    }

    private static SparseFeatures merge(SparseFeatures x, SparseFeatures y) {
        if (y.size() == 0) {
            return x;
        }
        if (x.size() == 0) {
            return y;
        }
        int[] xi = x.indicesArray();
        int[] yi = y.indicesArray();
        float[] xv = x.valuesArray();
        float[] yv = y.valuesArray();
        int[] idx = new int[xi.length + yi.length];
        float[] val = new float[idx.length];
        int p = 0;
        int q = 0;
        int o = 0;
        while (p < xi.length || q < yi.length) {
            if (q == yi.length || (p < xi.length && xi[p] < yi[q])) {
                idx[o] = xi[p];
                val[o++] = xv[p++];
            } else if (p == xi.length || yi[q] < xi[p]) {
                idx[o] = yi[q];
                val[o++] = yv[q++];
            } else {
                idx[o] = xi[p];
                val[o++] = xv[p++] + yv[q++];
            }
        }
        return new SparseFeatures(o == idx.length ? idx : Arrays.copyOf(idx, o), o == val.length ? val : Arrays.copyOf(val, o));
    }

    /** Growable int array. */
    private static final class IntList {
        int[] data;
        int size;

        IntList(int capacity) {
            data = new int[Math.max(4, capacity)];
        }

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }
    }
}
