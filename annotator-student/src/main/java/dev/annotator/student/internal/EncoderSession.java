package dev.annotator.student.internal;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.annotator.core.AnnotatorException;
import dev.annotator.core.NonRetriableAnnotatorException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a graph that takes BERT inputs ({@code input_ids}, {@code attention_mask}, optionally
 * {@code token_type_ids}) and returns one float row per text: tokenizes with a HuggingFace tokenizer
 * (truncating at a fixed maximum and counting the texts it truncated), sorts texts by token count
 * and runs real padded batches through ONNX Runtime. Used by the sentence encoder (rows are
 * embeddings) and by the exported encoder student (rows are probabilities). Thread-safe; owns the
 * session and the tokenizer. Not API.
 */
public final class EncoderSession implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final String output;
    private final Set<String> outputs;
    private final int batchSize;
    private final boolean tokenTypes;
    private final String what;
    private final java.util.concurrent.ExecutorService pool;
    private final AtomicLong texts = new AtomicLong();
    private final AtomicLong truncated = new AtomicLong();

    /**
     * @param env the environment
     * @param session the session, now owned
     * @param tokenizer the tokenizer, now owned
     * @param output the output to return
     * @param batchSize texts per ONNX Runtime call
     * @param parallelism ONNX Runtime calls run at once by one {@link #run} (give the session one
     *     intra-op thread then); 1 runs them on the caller's thread
     * @param what what runs, for error messages
     */
    public EncoderSession(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer, String output, int batchSize,
            int parallelism, String what) {
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.output = output;
        this.outputs = Set.of(output);
        this.batchSize = batchSize;
        this.what = what;
        Set<String> in = session.getInputNames();
        if (!in.contains(EncoderGraphs.INPUT_IDS) || !in.contains(EncoderGraphs.ATTENTION_MASK)) {
            throw new NonRetriableAnnotatorException(what + " must take inputs input_ids and attention_mask; it takes " + in);
        }
        this.tokenTypes = in.contains(EncoderGraphs.TOKEN_TYPE_IDS);
        this.pool = parallelism <= 1 ? null : java.util.concurrent.Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "annotator-encoder");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A tokenizer that adds the special tokens, does not pad, and truncates at {@code maxLength}
     * tokens (special tokens included).
     *
     * @param json the {@code tokenizer.json} contents
     * @param maxLength most tokens per text
     * @return the tokenizer; close it when done
     * @throws IOException when the tokenizer cannot be read
     */
    public static HuggingFaceTokenizer tokenizer(byte[] json, int maxLength) throws IOException {
        Map<String, String> options = Map.of("padding", "false", "truncation", "true", "maxLength",
                Integer.toString(maxLength), "addSpecialTokens", "true");
        try {
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options);
        } catch (RuntimeException e) {
            throw new NonRetriableAnnotatorException("not a HuggingFace tokenizer.json: " + e.getMessage(), e);
        }
    }

    /**
     * @param json the {@code tokenizer.json} contents
     * @return the truncation length the file itself sets, if any
     */
    public static java.util.OptionalInt declaredMaxLength(byte[] json) {
        try {
            com.fasterxml.jackson.databind.JsonNode t = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)
                    .path("truncation").path("max_length");
            return t.isInt() ? java.util.OptionalInt.of(t.asInt()) : java.util.OptionalInt.empty();
        } catch (IOException e) {
            throw new NonRetriableAnnotatorException("tokenizer.json is not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * @param env the environment
     * @param model ONNX bytes
     * @param threads intra-op threads
     * @return a session; close it when done
     * @throws OrtException when ONNX Runtime rejects the model
     */
    public static OrtSession session(OrtEnvironment env, byte[] model, int threads) throws OrtException {
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(threads);
            opts.setInterOpNumThreads(1);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            opts.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            return env.createSession(model, opts);
        }
    }

    /** @return texts tokenized so far */
    public long texts() {
        return texts.get();
    }

    /** @return texts so far that were longer than the maximum and were truncated */
    public long truncated() {
        return truncated.get();
    }

    /**
     * @param text a text
     * @return its token count, special tokens included, after truncation
     */
    public int tokenCount(String text) {
        return tokenizer.encode(text).getIds().length;
    }

    /**
     * Runs the texts through the graph.
     *
     * @param batch the texts; none may be null
     * @return one output row per text, in order
     */
    public float[][] run(List<String> batch) {
        return run(encode(batch));
    }

    /**
     * Tokenizes texts as {@link #run(Encoding[])} wants them, and counts them (and those truncated).
     *
     * @param batch the texts; none may be null
     * @return one encoding per text, in order
     */
    public Encoding[] encode(List<String> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) == null) {
                throw new IllegalArgumentException("text " + i + " is null");
            }
        }
        if (batch.isEmpty()) {
            return new Encoding[0];
        }
        Encoding[] enc = tokenizer.batchEncode(batch);
        long cut = 0;
        for (Encoding e : enc) {
            cut += e.exceedMaxLength() ? 1 : 0;
        }
        texts.addAndGet(batch.size());
        truncated.addAndGet(cut);
        return enc;
    }

    /**
     * Runs texts tokenized by {@link #encode(List)} through the graph.
     *
     * @param enc the encodings
     * @return one output row per text, in order
     */
    public float[][] run(Encoding[] enc) {
        return run(enc, Map.of());
    }

    /**
     * Runs texts tokenized by {@link #encode(List)} through a graph that also takes per-token float
     * inputs ({@code [batch, tokens]}, such as entity masks), padded with 0 like the attention mask.
     *
     * @param enc the encodings
     * @param tokenInputs input name to one row per text, each as long as its encoding
     * @return one output row per text, in order
     */
    public float[][] run(Encoding[] enc, Map<String, float[][]> tokenInputs) {
        int n = enc.length;
        float[][] out = new float[n][];
        if (n == 0) {
            return out;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // similar lengths together: little padding goes through the encoder
        Arrays.sort(order, (a, b) -> Integer.compare(enc[a].getIds().length, enc[b].getIds().length));
        if (pool == null || n <= batchSize) {
            for (int from = 0; from < n; from += batchSize) {
                runBatch(enc, tokenInputs, order, from, Math.min(n, from + batchSize), out);
            }
            return out;
        }
        List<java.util.concurrent.Future<?>> calls = new java.util.ArrayList<>();
        for (int from = 0; from < n; from += batchSize) {
            int f = from;
            calls.add(pool.submit(() -> runBatch(enc, tokenInputs, order, f, Math.min(n, f + batchSize), out)));
        }
        for (java.util.concurrent.Future<?> c : calls) {
            try {
                c.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AnnotatorException("interrupted while running " + what, e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
                        : new AnnotatorException("running " + what + ": " + e.getCause(), e.getCause());
            }
        }
        return out;
    }

    private void runBatch(Encoding[] enc, Map<String, float[][]> tokenInputs, Integer[] order, int from, int to, float[][] out) {
        int rows = to - from;
        int width = 1;
        for (int k = from; k < to; k++) {
            width = Math.max(width, enc[order[k]].getIds().length);
        }
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * width];
        long[] types = tokenTypes ? new long[rows * width] : null;
        for (int k = from; k < to; k++) {
            Encoding e = enc[order[k]];
            int base = (k - from) * width;
            long[] id = e.getIds();
            System.arraycopy(id, 0, ids, base, id.length);
            System.arraycopy(e.getAttentionMask(), 0, mask, base, id.length);
            if (types != null) {
                System.arraycopy(e.getTypeIds(), 0, types, base, id.length);
            }
        }
        long[] shape = {rows, width};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try (OnnxTensor ti = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                OnnxTensor tm = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                OnnxTensor tt = types == null ? null : OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape)) {
            inputs.put(EncoderGraphs.INPUT_IDS, ti);
            inputs.put(EncoderGraphs.ATTENTION_MASK, tm);
            if (tt != null) {
                inputs.put(EncoderGraphs.TOKEN_TYPE_IDS, tt);
            }
            for (Map.Entry<String, float[][]> extra : tokenInputs.entrySet()) {
                float[] padded = new float[rows * width];
                for (int k = from; k < to; k++) {
                    float[] row = extra.getValue()[order[k]];
                    System.arraycopy(row, 0, padded, (k - from) * width, row.length);
                }
                inputs.put(extra.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(padded), shape));
            }
            try (OrtSession.Result r = session.run(inputs, outputs)) {
                OnnxTensor t = (OnnxTensor) r.get(output).orElseThrow();
                FloatBuffer fb = t.getFloatBuffer();
                int d = fb.remaining() / rows;
                for (int k = from; k < to; k++) {
                    float[] row = new float[d];
                    fb.get(row);
                    out[order[k]] = row;
                }
            }
        } catch (OrtException e) {
            throw new AnnotatorException("running " + what + " on a batch of " + rows + " texts of up to " + width + " tokens: "
                    + e.getMessage(), e);
        } finally {
            for (Map.Entry<String, OnnxTensor> in : inputs.entrySet()) {
                if (tokenInputs.containsKey(in.getKey())) {
                    in.getValue().close();
                }
            }
        }
    }

    /** Releases the session and the tokenizer. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        tokenizer.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new AnnotatorException("closing " + what, e);
        }
    }
}
