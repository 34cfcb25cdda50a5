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
        LOG_TF[0] = 0f;
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
     * @return its sparse features: unique indices in order of first occurrence
     */
    public SparseFeatures featurize(String text) {
        Objects.requireNonNull(text, "text");
        Scratch scratch = SCRATCH.get();
        int n = text.length();
        // the text's characters, then (from offset n) each word wrapped as <word>, lowercased when configured
        char[] buf = scratch.chars(3 * n + 2);
        text.getChars(0, n, buf, 0);
        boolean lower = config.lowercase();
        int maxTokens = config.maxTokens();
        int tokens = 0;
        int wordChars = 0;
        int wrappedEnd = n;
        int i = 0;
        while (i < n && tokens < maxTokens) {
            int cls = charClass(buf[i]);
            if (cls == SPACE) {
                i++;
                continue;
            }
            int s = i;
            if (cls == WORD) {
                do {
                    if (lower) {
                        buf[i] = toLower(buf[i]);
                    }
                    i++;
                } while (i < n && charClass(buf[i]) == WORD);
                wordChars += i - s;
            } else {
                i++;
            }
            scratch.token(tokens, s, i, cls == WORD, wrappedEnd);
            if (cls == WORD) {
                buf[wrappedEnd] = '<';
                System.arraycopy(buf, s, buf, wrappedEnd + 1, i - s);
                wrappedEnd += i - s + 2;
                buf[wrappedEnd - 1] = '>';
            }
            tokens++;
        }
        int[] starts = scratch.starts;
        int[] ends = scratch.ends;
        int[] wrapped = scratch.wrapped;

        int maxN = config.maxWordNgram();
        int minC = config.minCharNgram();
        int maxC = config.maxCharNgram();
        int widths = config.charNgrams() ? maxC - minC + 1 : 0;
        int maxIds = tokens * maxN + (wordChars + 2 * tokens) * widths;
        Counter counter = scratch.counter;
        counter.reset(maxIds);

        // word n-grams
        long[] wordHash = scratch.wordHash;
        for (int t = 0; t < tokens; t++) {
            long h = FNV_OFFSET ^ SEED_WORD;
            for (int k = starts[t]; k < ends[t]; k++) {
                h = (h ^ buf[k]) * FNV_PRIME;
            }
            wordHash[t] = h;
            counter.add(bucket(h), 0);
            long g = h;
            for (int m = 1; m < maxN && t - m >= 0; m++) {
                g = (g * SEED_NGRAM) ^ wordHash[t - m] ^ m;
                counter.add(bucket(g), 0);
            }
        }

        // character n-grams of words, as <word>: all substrings of minC to maxC characters but the whole
        if (widths > 0) {
            for (int t = 0; t < tokens; t++) {
                int base = wrapped[t];
                if (base < 0) {
                    continue;
                }
                int len = ends[t] - starts[t] + 2;
                for (int a = 0; a + minC <= len; a++) {
                    long h = FNV_OFFSET ^ SEED_CHAR;
                    int b = base + a;
                    for (int stop = b + minC - 1; b < stop; b++) {
                        h = (h ^ buf[b]) * FNV_PRIME;
                    }
                    int stop = base + Math.min(len, a + maxC);
                    for (; b < stop; b++) {
                        h = (h ^ buf[b]) * FNV_PRIME;
                        if (b - base - a + 1 != len) {
                            counter.add(bucket(h), 1);
                        }
                    }
                }
            }
        }
        return counter.features();
    }

    private static final int SPACE = 0;
    private static final int WORD = 1;
    private static final int OTHER = 2;
    private static final byte[] ASCII_CLASS = new byte[128];

    static {
        for (int c = 0; c < 128; c++) {
            ASCII_CLASS[c] = (byte) (Character.isWhitespace(c) || Character.isISOControl(c) ? SPACE
                    : Character.isLetterOrDigit(c) ? WORD : OTHER);
        }
    }

    private static int charClass(char c) {
        if (c < 128) {
            return ASCII_CLASS[c];
        }
        if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
            return SPACE;
        }
        return Character.isLetterOrDigit(c) || Character.isSurrogate(c) ? WORD : OTHER;
    }

    private static char toLower(char c) {
        if (c < 128) {
            return c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c;
        }
        return Character.toLowerCase(c);
    }

    private int bucket(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) (((h >>> 32) * buckets) >>> 32);
    }

    /**
     * Per-thread buffers reused across texts: allocating and zeroing fresh ones per text cost more than
     * hashing.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Token boundaries, word hashes, the character buffer and the counter of one thread. */
    private static final class Scratch {
        private static final int KEPT_CHARS = 1 << 18;
        final Counter counter = new Counter();
        char[] chars = new char[256];
        int[] starts = new int[64];
        int[] ends = new int[64];
        /** Offset of the token's wrapped copy {@code <word>} in {@link #chars}, or -1 for a non-word token. */
        int[] wrapped = new int[64];
        long[] wordHash = new long[64];

        /** A buffer of at least {@code length} chars; one for a huge text is not kept, so memory does not stay high. */
        char[] chars(int length) {
            if (chars.length >= length) {
                return chars;
            }
            if (length > KEPT_CHARS) {
                return new char[length];
            }
            chars = new char[Math.max(length, Math.min(KEPT_CHARS, chars.length * 2))];
            return chars;
        }

        void token(int t, int start, int end, boolean word, int wrappedAt) {
            if (t == starts.length) {
                int cap = t * 2;
                starts = Arrays.copyOf(starts, cap);
                ends = Arrays.copyOf(ends, cap);
                wrapped = Arrays.copyOf(wrapped, cap);
                wordHash = Arrays.copyOf(wordHash, cap);
            }
            starts[t] = start;
            ends[t] = end;
            wrapped[t] = word ? wrappedAt : -1;
        }
    }

    /**
     * Counts bucket hits per group in an open-addressing table, then weights and normalises them.
     * Reused across texts by one thread: {@link #features()} leaves the table empty again by clearing
     * only the slots it used.
     */
    private static final class Counter {
        // slot s holds (bucket + 1, word count, char count) at 3s, 3s+1, 3s+2; bucket + 1 == 0 means empty
        private int[] table = new int[0];
        private int[] order = new int[0];
        private int mask;
        private int shift;
        private int used;

        /** Sizes the (empty) table for at most {@code maxIds} distinct features. */
        void reset(int maxIds) {
            // power of two at least twice the most distinct features: load factor <= 1/2
            int cap = Integer.highestOneBit(Math.max(8, maxIds) * 2 - 1) << 1;
            if (table.length < cap * 3) {
                // only the first cap slots are probed, so a bigger table left by a longer text is fine
                table = new int[cap * 3];
            }
            if (order.length < maxIds) {
                order = new int[Math.max(maxIds, order.length * 2)];
            }
            mask = cap - 1;
            shift = 32 - Integer.numberOfTrailingZeros(cap);
            used = 0;
        }

        void add(int bucket, int group) {
            int[] t = table;
            int slot = (bucket * 0x9E3779B9) >>> shift;
            int key = bucket + 1;
            while (true) {
                int base = slot * 3;
                int k = t[base];
                if (k == key) {
                    t[base + 1 + group]++;
                    return;
                }
                if (k == 0) {
                    t[base] = key;
                    t[base + 1 + group] = 1;
                    order[used++] = base;
                    return;
                }
                slot = (slot + 1) & mask;
            }
        }

        SparseFeatures features() {
            int[] t = table;
            double normWords = 0;
            double normChars = 0;
            for (int u = 0; u < used; u++) {
                int base = order[u];
                float w = tf(t[base + 1]);
                float c = tf(t[base + 2]);
                normWords += w * w;
                normChars += c * c;
            }
            int groups = (normWords > 0 ? 1 : 0) + (normChars > 0 ? 1 : 0);
            double scale = groups == 0 ? 0 : 1.0 / Math.sqrt(groups);
            float ww = normWords > 0 ? (float) (scale / Math.sqrt(normWords)) : 0f;
            float wc = normChars > 0 ? (float) (scale / Math.sqrt(normChars)) : 0f;
            int[] idx = new int[used];
            float[] val = new float[used];
            for (int u = 0; u < used; u++) {
                int base = order[u];
                idx[u] = t[base] - 1;
                val[u] = tf(t[base + 1]) * ww + tf(t[base + 2]) * wc;
                // leave the table empty for the next text
                t[base] = 0;
                t[base + 1] = 0;
                t[base + 2] = 0;
            }
            used = 0;
            return new SparseFeatures(idx, val);
        }

        private static float tf(int count) {
            return count < LOG_TF.length ? LOG_TF[count] : (float) (1.0 + Math.log(count));
        }
    }
}
