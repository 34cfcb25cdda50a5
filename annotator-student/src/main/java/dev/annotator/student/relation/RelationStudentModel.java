package dev.annotator.student.relation;

import ai.onnx.proto.OnnxMl;
import dev.annotator.core.span.RelationInstance;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.student.internal.Activations;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The trained relation student in memory, produced by {@link RelationStudentTrainer}: the
 * encoder-with-entity-pooling graph, run by its own ONNX Runtime session, and a softmax head applied
 * in Java. {@link #exportOnnx(Path)} writes graph and head as one file (inputs {@code input_ids},
 * {@code attention_mask}, {@code token_type_ids} when the encoder has it, {@value OnnxRelationModel#E1_MASK},
 * {@value OnnxRelationModel#E2_MASK}; output {@code probabilities}) with the tokenizer next to it, which
 * {@link OnnxRelationModel} runs.
 *
 * <p>Immutable and thread-safe. Owns a native session: {@link #close()} it when done.
 */
public final class RelationStudentModel implements RelationModel {
    private final Task task;
    private final EntityMaskSession features;
    private final OnnxMl.ModelProto graph;
    private final byte[] tokenizerJson;
    private final Map<String, String> encoderSettings;
    private final boolean sentence;
    private final float[][] hidden; // {w1 (features x units), b1} or null
    private final float[] w; // in x labels
    private final float[] b;
    private final Provenance provenance;
    private volatile boolean closed;

    RelationStudentModel(Task task, EntityMaskSession features, OnnxMl.ModelProto graph, byte[] tokenizerJson,
            Map<String, String> encoderSettings, boolean sentence, float[][] hidden, float[] w, float[] b, Provenance provenance) {
        this.task = Objects.requireNonNull(task, "task");
        this.features = features;
        this.graph = graph;
        this.tokenizerJson = tokenizerJson;
        this.encoderSettings = Map.copyOf(encoderSettings);
        this.sentence = sentence;
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

    /** @return hidden units of the head, 0 for a linear head */
    public int hiddenUnits() {
        return hidden == null ? 0 : hidden[1].length;
    }

    /** @return whether the features include the pooled sentence embedding */
    public boolean sentenceEmbedding() {
        return sentence;
    }

    /**
     * The features the head reads: the mean hidden state over e1's tokens, over e2's tokens, and the
     * pooled sentence embedding when {@link #sentenceEmbedding()}.
     *
     * @param instances the instances
     * @return one feature row per instance
     * @throws RelationInputException when an entity covers no token
     */
    public List<float[]> features(List<RelationInstance> instances) {
        requireOpen();
        return List.of(features.run(instances));
    }

    @Override
    public List<LabelDistribution> predictInstances(List<RelationInstance> instances) {
        requireOpen();
        float[][] x = features.run(instances);
        List<LabelDistribution> out = new ArrayList<>(x.length);
        for (float[] row : x) {
            out.add(LabelDistribution.of(task, Activations.apply(Activations.logits(row, hidden, w, b), false)));
        }
        return out;
    }

    /**
     * Writes encoder, entity pooling and head as one ONNX file, and the tokenizer next to it as
     * {@code <name>-tokenizer.json}; task, encoder settings and provenance go into the file's
     * {@code metadata_props}.
     *
     * @param file the {@code .onnx} file to write
     * @throws IOException when a file cannot be written
     */
    public void exportOnnx(Path file) throws IOException {
        RelationGraphs.write(file, graph, tokenizerJson, encoderSettings, sentence, task, hidden, w, b, provenance);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("relation student '" + task.name() + "' is closed");
        }
    }

    /** Releases the ONNX Runtime session; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        features.close();
    }

    @Override
    public String toString() {
        return "RelationStudentModel[" + task.name() + ", " + encoderSettings.get("name") + ", hidden " + hiddenUnits() + "]";
    }
}
