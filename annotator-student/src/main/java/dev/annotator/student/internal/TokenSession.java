package dev.annotator.student.internal;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.annotator.core.AnnotatorException;
import dev.annotator.core.span.TokenOffsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a graph with a per-token output {@code [batch, tokens, width]} (token hidden states, or a
 * token tagger's tag probabilities) through an {@link EncoderSession}, and pairs each text's rows
 * with its tokens' character offsets ({@link TokenOffsets}, Java {@code char} indices; special
 * tokens are zero-length). Texts longer than the maximum are truncated: their rows cover only the
 * tokens kept, and {@link Rows#truncated()} says so. Thread-safe; owns the session and its
 * tokenizer. Not API.
 */
public final class TokenSession implements AutoCloseable {
    private final EncoderSession session;
    private final int width;
    private final String what;

    /**
     * The rows of one text.
     *
     * @param tokens the tokens' offsets into the text (special tokens included, zero-length)
     * @param rows one row of {@code width} floats per token
     * @param truncated whether the text was longer than the maximum and its tail was cut
     */
    public record Rows(TokenOffsets tokens, float[][] rows, boolean truncated) {
    }

    /**
     * @param env the environment
     * @param session the session, now owned
     * @param tokenizerJson the tokenizer file
     * @param maxLength most tokens per text, special tokens included
     * @param output the per-token output to read
     * @param width floats per token in that output
     * @param batchSize texts per ONNX Runtime call
     * @param parallelism ONNX Runtime calls at once
     * @param what what runs, for error messages
     * @throws java.io.IOException when the tokenizer cannot be read
     */
    public TokenSession(OrtEnvironment env, OrtSession session, byte[] tokenizerJson, int maxLength, String output, int width,
            int batchSize, int parallelism, String what) throws java.io.IOException {
        HuggingFaceTokenizer tokenizer = EncoderSession.tokenizer(tokenizerJson, maxLength);
        try {
            this.session = new EncoderSession(env, session, tokenizer, output, batchSize, parallelism, what);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
        this.width = width;
        this.what = what;
    }

    /** @return texts run so far */
    public long texts() {
        return session.texts();
    }

    /** @return texts so far that were longer than the maximum and were truncated */
    public long truncated() {
        return session.truncated();
    }

    /**
     * Runs the texts.
     *
     * @param texts the texts; none may be null
     * @return one {@link Rows} per text, in order
     */
    public List<Rows> run(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        // one tokenization serves both the graph and the offsets
        Encoding[] enc = session.encode(texts);
        float[][] flat = session.run(enc);
        List<Rows> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            TokenOffsets tokens = offsets(enc[i], texts.get(i));
            int n = tokens.size();
            float[] f = flat[i];
            if (f.length % width != 0 || f.length / width < n) {
                throw new AnnotatorException(what + " returned " + f.length + " floats for text " + i + " of " + n
                        + " tokens; expected a multiple of " + width + " covering every token");
            }
            float[][] rows = new float[n][width];
            for (int t = 0; t < n; t++) {
                System.arraycopy(f, t * width, rows[t], 0, width);
            }
            out.add(new Rows(tokens, rows, enc[i].exceedMaxLength()));
        }
        return out;
    }

    /**
     * The character offsets of an encoding's tokens, as Java {@code char} indices: the tokenizer
     * counts Unicode code points, which differ from {@code char}s past the Basic Multilingual Plane.
     * Special tokens ({@code [CLS]}, {@code [SEP]}) become zero-length.
     *
     * @param e the encoding
     * @param text the text it encodes
     * @return the offsets
     */
    public static TokenOffsets offsets(Encoding e, String text) {
        long[] special = e.getSpecialTokenMask();
        CharSpan[] spans = e.getCharTokenSpans();
        int n = e.getIds().length;
        int[] starts = new int[n];
        int[] ends = new int[n];
        int[] charAt = codePointToChar(text);
        for (int t = 0; t < n; t++) {
            CharSpan s = spans == null || t >= spans.length ? null : spans[t];
            if (s == null || (special != null && t < special.length && special[t] == 1) || s.getEnd() <= s.getStart()) {
                continue; // special: zero-length at 0
            }
            starts[t] = charAt == null ? s.getStart() : charAt[Math.min(s.getStart(), charAt.length - 1)];
            ends[t] = charAt == null ? s.getEnd() : charAt[Math.min(s.getEnd(), charAt.length - 1)];
        }
        return TokenOffsets.of(starts, ends);
    }

    /** @return code point index to char index (length codePoints + 1), or null when they coincide */
    private static int[] codePointToChar(String text) {
        int cps = text.codePointCount(0, text.length());
        if (cps == text.length()) {
            return null;
        }
        int[] map = new int[cps + 1];
        int c = 0;
        for (int k = 0; k < cps; k++) {
            map[k] = c;
            c += Character.charCount(text.codePointAt(c));
        }
        map[cps] = c;
        return map;
    }

    /** Releases the session and its tokenizer. */
    @Override
    public void close() {
        session.close();
    }
}
