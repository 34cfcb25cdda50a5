package dev.annotator.student.encoder;

import dev.annotator.core.student.Provenance;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.student.internal.Activations;
import dev.annotator.student.internal.EncoderStudentOnnxWriter;
import dev.annotator.student.onnx.OnnxExportable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The trained encoder student in memory: a frozen {@link OnnxSentenceEncoder} and a head (linear, or
 * one hidden ReLU layer) with softmax (single-label) or sigmoids (multi-label). Produced by
 * {@link EncoderStudentTrainer}. {@link #exportOnnx(Path)} writes encoder, pooling and head as one
 * ONNX file plus the tokenizer next to it; {@code OnnxStudentModel} runs that file.
 *
 * <p>Immutable and thread-safe. It uses the encoder it was trained with but does not own it:
 * {@link #close()} does nothing, and the encoder must stay open while the model is used.
 */
public final class EncoderStudentModel implements StudentModel, OnnxExportable {
    private final Task task;
    private final OnnxSentenceEncoder encoder;
    private final float[][] hidden; // {w1 (dim x units), b1} or null
    private final float[] w; // in x labels, row-major
    private final float[] b;
    private final Provenance provenance;

    EncoderStudentModel(Task task, OnnxSentenceEncoder encoder, float[][] hidden, float[] w, float[] b, Provenance provenance) {
        this.task = Objects.requireNonNull(task, "task");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.hidden = hidden;
        this.w = w;
        this.b = b;
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

    /** @return the encoder the head reads */
    public OnnxSentenceEncoder encoder() {
        return encoder;
    }

    /** @return hidden units of the head, 0 for a linear head */
    public int hiddenUnits() {
        return hidden == null ? 0 : hidden[1].length;
    }

    /**
     * Raw scores (before softmax or sigmoid) of one embedding.
     *
     * @param embedding a vector from {@link #encoder()}
     * @return one logit per label
     */
    public float[] logits(float[] embedding) {
        if (embedding.length != encoder.dimension()) {
            throw new IllegalArgumentException("embedding has " + embedding.length + " dimensions, the encoder "
                    + encoder.dimension());
        }
        return Activations.logits(embedding, hidden, w, b);
    }

    @Override
    public List<LabelDistribution> predictBatch(List<String> texts) {
        List<float[]> emb = encoder.embedAll(texts);
        List<LabelDistribution> out = new ArrayList<>(texts.size());
        for (float[] e : emb) {
            out.add(LabelDistribution.of(task, Activations.apply(logits(e), task.isMultiLabel())));
        }
        return out;
    }

    /**
     * Writes encoder, pooling and head as one ONNX file, and the tokenizer next to it as
     * {@code <name>-tokenizer.json} (e.g. {@code student.onnx} and {@code student-tokenizer.json}).
     *
     * @param file the {@code .onnx} file to write
     * @throws IOException when a file cannot be written
     */
    @Override
    public void exportOnnx(Path file) throws IOException {
        EncoderStudentOnnxWriter.write(file, encoder.pooledModel(), encoder.tokenizerJson(), encoder.settings(), task, hidden, w, b,
                provenance);
    }

    /** Nothing to release: the encoder belongs to whoever built it. */
    @Override
    public void close() {
        // the encoder is not owned
    }

    @Override
    public String toString() {
        return "EncoderStudentModel[" + task.name() + ", " + encoder.name() + ", hidden " + hiddenUnits() + "]";
    }
}
