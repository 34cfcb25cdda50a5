package dev.annotator.student.relation;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.span.RelationInstance;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.TokenOffsets;
import dev.annotator.student.internal.EncoderSession;
import dev.annotator.student.internal.TokenSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs a graph with the encoder's inputs plus the entity masks: tokenizes each instance's text
 * (with character offsets), marks the tokens overlapping each entity, and runs it through an
 * {@link EncoderSession} with the masks as extra per-token inputs (sorted by token count, padded
 * batches). Thread-safe; owns the session and the tokenizer.
 */
final class EntityMaskSession implements AutoCloseable {
    private final EncoderSession session;
    private final int maxLength;

    private EntityMaskSession(EncoderSession session, int maxLength) {
        this.session = session;
        this.maxLength = maxLength;
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
            Set<String> in = s.getInputNames();
            for (String need : List.of(OnnxRelationModel.E1_MASK, OnnxRelationModel.E2_MASK)) {
                if (!in.contains(need)) {
                    throw new NonRetriableAnnotatorException(what + " must take input '" + need + "'; it takes " + in);
                }
            }
            return new EntityMaskSession(new EncoderSession(env, s, tok, output, batchSize, 1, what), maxLength);
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

    /** The entity masks of one instance, one value per token of its encoding. */
    private float[][] masks(RelationInstance instance, Encoding e) {
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
        return new float[][] {m1, m2};
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
        List<String> texts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            texts.add(Objects.requireNonNull(instances.get(i), () -> "relation instance is null").text());
        }
        Encoding[] enc = session.encode(texts);
        float[][] e1 = new float[n][];
        float[][] e2 = new float[n][];
        for (int i = 0; i < n; i++) {
            float[][] m = masks(instances.get(i), enc[i]);
            e1[i] = m[0];
            e2[i] = m[1];
        }
        return session.run(enc, Map.of(OnnxRelationModel.E1_MASK, e1, OnnxRelationModel.E2_MASK, e2));
    }

    /** Releases the session and the tokenizer. */
    @Override
    public void close() {
        session.close();
    }
}
