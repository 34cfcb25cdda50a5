package dev.annotator.student.span;

import dev.annotator.core.span.BioCodec;
import dev.annotator.core.span.SpanPrediction;
import dev.annotator.core.span.SpanStudentModel;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.task.Task;
import dev.annotator.student.encoder.OnnxTokenEncoder;
import dev.annotator.student.encoder.TokenEmbeddings;
import dev.annotator.student.internal.Activations;
import dev.annotator.student.internal.SpanTaggerOnnxWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The trained span tagger in memory: a frozen {@link OnnxTokenEncoder} and a linear softmax head
 * over the BIO tags of its task ({@link BioCodec#tags()}), applied to every token's hidden state;
 * spans are decoded with {@link BioCodec#decode(float[][], dev.annotator.core.span.TokenOffsets)}.
 * Produced by {@link SpanTaggerTrainer}. {@link #exportOnnx(Path)} writes encoder and head as one
 * ONNX file (plus the tokenizer next to it) that {@link OnnxSpanTagger} runs.
 *
 * <p>Texts longer than the encoder's maximum length are truncated: characters after the last
 * encoded token get no span, and {@link OnnxTokenEncoder#truncatedTexts()} counts such texts.
 *
 * <p>Immutable and thread-safe. It uses the encoder it was trained with but does not own it:
 * {@link #close()} does nothing, and the encoder must stay open while the model is used.
 */
public final class SpanTaggerModel implements SpanStudentModel {
    private final Task task;
    private final BioCodec codec;
    private final OnnxTokenEncoder encoder;
    private final float[] w; // dim x tags, row-major
    private final float[] b;
    private final boolean snapToWords;
    private final Provenance provenance;

    SpanTaggerModel(Task task, OnnxTokenEncoder encoder, float[] w, float[] b, boolean snapToWords, Provenance provenance) {
        this.task = Objects.requireNonNull(task, "task");
        this.codec = BioCodec.of(task);
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.w = w;
        this.b = b;
        this.snapToWords = snapToWords;
        this.provenance = Objects.requireNonNull(provenance, "provenance");
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    /** @return the tag set, in the order of the probability rows */
    public List<String> tags() {
        return codec.tags();
    }

    /** @return whether predicted spans are snapped to whole whitespace-delimited words ({@link WordSpans}) */
    public boolean snapToWords() {
        return snapToWords;
    }

    /** @return the encoder the head reads */
    public OnnxTokenEncoder encoder() {
        return encoder;
    }

    /**
     * The tag distribution of one token vector.
     *
     * @param vector a token vector from {@link #encoder()}
     * @return one probability per tag
     * @throws IllegalArgumentException when the vector has the wrong dimension
     */
    public float[] tagProbabilities(float[] vector) {
        if (vector.length != encoder.dimension()) {
            throw new IllegalArgumentException("token vector has " + vector.length + " dimensions, the encoder "
                    + encoder.dimension());
        }
        int c = b.length;
        double[] p = Activations.apply(Activations.affine(vector, w, b), false);
        float[] out = new float[c];
        for (int j = 0; j < c; j++) {
            out[j] = (float) p[j];
        }
        return out;
    }

    /**
     * Tags already-encoded texts.
     *
     * @param texts the texts
     * @param embeddings their token embeddings from {@link #encoder()}, in the same order
     * @return one prediction per text
     */
    public List<SpanPrediction> predictEmbedded(List<String> texts, List<TokenEmbeddings> embeddings) {
        if (texts.size() != embeddings.size()) {
            throw new IllegalArgumentException(texts.size() + " texts but " + embeddings.size() + " embeddings");
        }
        List<SpanPrediction> out = new ArrayList<>(embeddings.size());
        for (int i = 0; i < texts.size(); i++) {
            TokenEmbeddings e = embeddings.get(i);
            float[][] probs = new float[e.size()][];
            for (int t = 0; t < probs.length; t++) {
                probs[t] = tagProbabilities(e.vectors()[t]);
            }
            List<dev.annotator.core.span.Span> spans = codec.decode(probs, e.tokens());
            if (snapToWords) {
                spans = WordSpans.snapToWhitespaceWords(spans, texts.get(i));
            }
            out.add(new SpanPrediction(spans, e.tokens(), probs));
        }
        return out;
    }

    @Override
    public List<SpanPrediction> predictBatch(List<String> texts) {
        return predictEmbedded(texts, encoder.embedAll(texts));
    }

    /**
     * Writes encoder and head as one ONNX file, and the tokenizer next to it as
     * {@code <name>-tokenizer.json} (e.g. {@code student.onnx} and {@code student-tokenizer.json}).
     * Inputs {@code input_ids}, {@code attention_mask} (and {@code token_type_ids} when the encoder
     * takes it); output {@code probabilities}, float {@code [batch, tokens, tags]}. The metadata
     * holds the task, the tag names, whether spans snap to words, the encoder settings and the provenance.
     *
     * @param file the {@code .onnx} file to write; parent directories are created
     * @throws IOException when a file cannot be written
     */
    public void exportOnnx(Path file) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("model", encoder.modelName());
        settings.put("name", encoder.name());
        settings.put("maxLength", Integer.toString(encoder.maxLength()));
        settings.put("pooling", "none");
        settings.put("dimension", Integer.toString(encoder.dimension()));
        settings.put("inputs", String.join(",", encoder.inputs()));
        settings.put("oneTextPerCall", Boolean.toString(encoder.oneTextPerCall()));
        SpanTaggerOnnxWriter.write(file, ai.onnx.proto.OnnxMl.ModelProto.parseFrom(encoder.tokenModel()), encoder.tokenizerJson(),
                settings, task, codec.tags(), snapToWords, w, b, provenance);
    }

    /** Nothing to release: the encoder belongs to whoever built it. */
    @Override
    public void close() {
        // the encoder is not owned
    }

    @Override
    public String toString() {
        return "SpanTaggerModel[" + task.name() + ", " + encoder.name() + ", tags " + codec.tags() + "]";
    }
}
