package dev.annotator.core.span;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where each token of a tokenized text lies: character offsets {@code [start(i), end(i))} into the
 * text, as Java {@code char} indices (what a Hugging Face tokenizer's {@code offset_mapping} gives
 * for BMP text). Whatever the tokenizer, this is all {@link BioCodec} needs to move between
 * character spans and per-token tags. Immutable and thread-safe.
 *
 * <p>A zero-length token ({@code start == end}, such as {@code [CLS]} and {@code [SEP]} at
 * {@code (0, 0)}) is a <em>special</em> token: it belongs to no span, is tagged O, is ignored when
 * decoding and when aggregating uncertainty. Non-empty tokens must be in text order and must not
 * overlap one another; gaps (whitespace) between them are fine.
 */
public final class TokenOffsets {
    private final int[] starts;
    private final int[] ends;

    private TokenOffsets(int[] starts, int[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    /**
     * Token offsets from two parallel arrays.
     *
     * @param starts start of each token; copied
     * @param ends end (exclusive) of each token; copied
     * @return the offsets
     * @throws IllegalArgumentException when the arrays differ in length, an offset is negative, a
     *     token ends before it starts, or non-empty tokens are out of order or overlap
     */
    public static TokenOffsets of(int[] starts, int[] ends) {
        Objects.requireNonNull(starts, "starts");
        Objects.requireNonNull(ends, "ends");
        if (starts.length != ends.length) {
            throw new IllegalArgumentException("token starts and ends differ in length: " + starts.length + " vs " + ends.length);
        }
        int lastEnd = 0;
        int last = -1;
        for (int i = 0; i < starts.length; i++) {
            if (starts[i] < 0 || ends[i] < starts[i]) {
                throw new IllegalArgumentException("token " + i + " has bad offsets [" + starts[i] + ", " + ends[i] + ")");
            }
            if (starts[i] == ends[i]) {
                continue;
            }
            if (starts[i] < lastEnd) {
                throw new IllegalArgumentException("token " + i + " [" + starts[i] + ", " + ends[i] + ") starts before token "
                        + last + " ends (" + lastEnd + "): non-empty tokens must be in order and must not overlap");
            }
            lastEnd = ends[i];
            last = i;
        }
        return new TokenOffsets(starts.clone(), ends.clone());
    }

    /**
     * Token offsets from {@code [start, end]} pairs, the shape of an {@code offset_mapping}.
     *
     * @param pairs one {@code {start, end}} pair per token
     * @return the offsets
     * @throws IllegalArgumentException as {@link #of(int[], int[])}, or when a pair does not hold two
     *     numbers
     */
    public static TokenOffsets of(int[][] pairs) {
        Objects.requireNonNull(pairs, "pairs");
        int[] s = new int[pairs.length];
        int[] e = new int[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            if (pairs[i] == null || pairs[i].length != 2) {
                throw new IllegalArgumentException("token " + i + " must be a {start, end} pair: " + Arrays.toString(pairs[i]));
            }
            s[i] = pairs[i][0];
            e[i] = pairs[i][1];
        }
        return of(s, e);
    }

    /**
     * Splits a text at whitespace: each maximal run of non-whitespace characters is a token. Handy
     * for pre-tokenized text such as {@code brown_proper_nouns.jsonl}, whose tokens are joined by
     * single spaces.
     *
     * @param text the text
     * @return the offsets
     */
    public static TokenOffsets whitespace(String text) {
        Objects.requireNonNull(text, "text");
        List<int[]> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(new int[] {start, i});
            }
        }
        return of(tokens.toArray(new int[0][]));
    }

    /** @return the number of tokens, special ones included */
    public int size() {
        return starts.length;
    }

    /**
     * @param i a token index
     * @return where the token starts
     */
    public int start(int i) {
        return starts[i];
    }

    /**
     * @param i a token index
     * @return where the token ends (exclusive)
     */
    public int end(int i) {
        return ends[i];
    }

    /**
     * @param i a token index
     * @return true for a zero-length (special) token
     */
    public boolean isSpecial(int i) {
        return starts[i] == ends[i];
    }

    /**
     * Whether a token shares at least one character with a span.
     *
     * @param i a token index
     * @param span a span
     * @return true when they overlap; always false for a special token
     */
    public boolean overlaps(int i, Span span) {
        return starts[i] < ends[i] && starts[i] < span.end() && span.start() < ends[i];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TokenOffsets[");
        for (int i = 0; i < starts.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(starts[i]).append('-').append(ends[i]);
        }
        return sb.append(']').toString();
    }
}
