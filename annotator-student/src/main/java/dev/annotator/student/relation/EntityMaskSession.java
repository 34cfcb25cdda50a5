package dev.annotator.student.relation;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.annotator.core.AnnotatorException;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.span.RelationInstance;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.TokenOffsets;
import dev.annotator.student.internal.EncoderGraphs;
import dev.annotator.student.internal.EncoderSession;
import dev.annotator.student.internal.TokenSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs a graph with the encoder's inputs plus the entity masks: tokenizes each instance's text
 * (with character offsets), marks the tokens overlapping each entity, sorts by token count and runs
 * padded batches. Thread-safe; owns the session and the tokenizer.
 */
final class EntityMaskSession implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final String output;
    private final Set<String> outputs;
    private final int batchSize;
    private final int maxLength;
    private final boolean tokenTypes;
    private final String what;

    private EntityMaskSession(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer, String output, int batchSize,
            int maxLength, String what) {
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.output = output;
        this.outputs = Set.of(output);
        this.batchSize = batchSize;
        this.maxLength = maxLength;
        this.what = what;
        Set<String> in = session.getInputNames();
        for (String need : List.of(EncoderGraphs.INPUT_IDS, EncoderGraphs.ATTENTION_MASK, OnnxRelationModel.E1_MASK,
                OnnxRelationModel.E2_MASK)) {
            if (!in.contains(need)) {
                throw new NonRetriableAnnotatorException(what + " must take input '" + need + "'; it takes " + in);
            }
        }
        this.tokenTypes = in.contains(EncoderGraphs.TOKEN_TYPE_IDS);
    }

    /**
     * @param model the graph's ONNX bytes
     * @param tokenizerJson the tokenizer file
     * @param maxLength most tokens per text
     * @param batchSize instances per ONNX Runtime call
     * @param output the output to return, one row per instance
     * @param what what runs, for messages
     */
    static EntityMaskSession open(byte[] model, byte[] tokenizerJson, int maxLength, int batchSize, String output, String what)
            throws IOException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        HuggingFaceTokenizer tok = EncoderSession.tokenizer(tokenizerJson, maxLength);
        OrtSession s;
        try {
            s = EncoderSession.session(env, model, 1);
        } catch (OrtException e) {
            tok.close();
            throw new NonRetriableAnnotatorException("loading " + what + ": " + e.getMessage(), e);
        }
        try {
            return new EntityMaskSession(env, s, tok, output, batchSize, maxLength, what);
        } catch (RuntimeException e) {
            tok.close();
            try {
                s.close();
            } catch (OrtException ignored) {
                // already failing
            }
            throw e;
        }
    }

    /** One instance, tokenized, with its entity masks. */
    private record Encoded(Encoding encoding, float[] e1, float[] e2) {
    }

    private Encoded encode(RelationInstance instance, Encoding e) {
        // Java char offsets (the tokenizer counts code points), special tokens zero-length
        TokenOffsets tokens = TokenSession.offsets(e, instance.text());
        int n = e.getIds().length;
        float[] m1 = new float[n];
        float[] m2 = new float[n];
        for (int t = 0; t < n; t++) {
            m1[t] = tokens.overlaps(t, instance.e1()) ? 1f : 0f;
            m2[t] = tokens.overlaps(t, instance.e2()) ? 1f : 0f;
        }
        check(instance, e, m1, "e1", instance.e1());
        check(instance, e, m2, "e2", instance.e2());
        return new Encoded(e, m1, m2);
    }

    private void check(RelationInstance instance, Encoding e, float[] mask, String name, Span span) {
        for (float v : mask) {
            if (v != 0) {
                return;
            }
        }
        String covered = span.coveredText(instance.text());
        if (covered.isBlank()) {
            throw new RelationInputException(instance.id(), name, "entity " + span + " covers only whitespace");
        }
        throw new RelationInputException(instance.id(), name, "entity " + span + " ('" + covered + "') covers no token"
                + (e.exceedMaxLength() ? "; the text is longer than " + maxLength + " tokens and was truncated before it" : ""));
    }

    /**
     * Runs the instances through the graph.
     *
     * @param instances the instances; none may be null
     * @return one output row per instance, in order
     * @throws RelationInputException when an entity covers no token
     */
    float[][] run(List<RelationInstance> instances) {
        int n = instances.size();
        float[][] out = new float[n][];
        if (n == 0) {
            return out;
        }
        List<String> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            texts.add(Objects.requireNonNull(instances.get(i), () -> "relation instance is null").text());
        }
        Encoding[] enc = tokenizer.batchEncode(texts);
        Encoded[] all = new Encoded[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            all[i] = encode(instances.get(i), enc[i]);
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(enc[a].getIds().length, enc[b].getIds().length));
        for (int from = 0; from < n; from += batchSize) {
            runBatch(all, order, from, Math.min(n, from + batchSize), out);
        }
        return out;
    }

    private void runBatch(Encoded[] all, Integer[] order, int from, int to, float[][] out) {
        int rows = to - from;
        int width = 1;
        for (int k = from; k < to; k++) {
            width = Math.max(width, all[order[k]].encoding().getIds().length);
        }
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * width];
        long[] types = tokenTypes ? new long[rows * width] : null;
        float[] e1 = new float[rows * width];
        float[] e2 = new float[rows * width];
        for (int k = from; k < to; k++) {
            Encoded x = all[order[k]];
            Encoding e = x.encoding();
            int base = (k - from) * width;
            long[] id = e.getIds();
            System.arraycopy(id, 0, ids, base, id.length);
            System.arraycopy(e.getAttentionMask(), 0, mask, base, id.length);
            if (types != null) {
                System.arraycopy(e.getTypeIds(), 0, types, base, id.length);
            }
            System.arraycopy(x.e1(), 0, e1, base, id.length);
            System.arraycopy(x.e2(), 0, e2, base, id.length);
        }
        long[] shape = {rows, width};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try (OnnxTensor ti = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                OnnxTensor tm = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                OnnxTensor tt = types == null ? null : OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
                OnnxTensor t1 = OnnxTensor.createTensor(env, FloatBuffer.wrap(e1), shape);
                OnnxTensor t2 = OnnxTensor.createTensor(env, FloatBuffer.wrap(e2), shape)) {
            inputs.put(EncoderGraphs.INPUT_IDS, ti);
            inputs.put(EncoderGraphs.ATTENTION_MASK, tm);
            if (tt != null) {
                inputs.put(EncoderGraphs.TOKEN_TYPE_IDS, tt);
            }
            inputs.put(OnnxRelationModel.E1_MASK, t1);
            inputs.put(OnnxRelationModel.E2_MASK, t2);
            try (OrtSession.Result r = session.run(inputs, outputs)) {
                FloatBuffer fb = ((OnnxTensor) r.get(output).orElseThrow()).getFloatBuffer();
                int d = fb.remaining() / rows;
                for (int k = from; k < to; k++) {
                    float[] row = new float[d];
                    fb.get(row);
                    out[order[k]] = row;
                }
            }
        } catch (OrtException e) {
            throw new AnnotatorException("running " + what + " on a batch of " + rows + " relation instances of up to " + width
                    + " tokens: " + e.getMessage(), e);
        }
    }

    /** Releases the session and the tokenizer. */
    @Override
    public void close() {
        tokenizer.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new AnnotatorException("closing " + what, e);
        }
    }
}
