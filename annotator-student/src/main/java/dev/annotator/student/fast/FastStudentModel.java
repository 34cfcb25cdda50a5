package dev.annotator.student.fast;

import dev.annotator.core.student.Provenance;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.student.internal.Activations;
import dev.annotator.student.onnx.OnnxExportable;
import dev.annotator.student.internal.FastStudentOnnxWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The trained fast student in memory: hashed n-gram features into a linear softmax (single-label)
 * or independent sigmoids (multi-label). Produced by {@link FastStudentTrainer}; export it with
 * {@link #exportOnnx(Path)} and run the file with {@code OnnxStudentModel}.
 *
 * <p>Immutable and thread-safe; {@link #close()} does nothing.
 */
public final class FastStudentModel implements StudentModel, OnnxExportable {
    private final Task task;
    private final HashingFeaturizer featurizer;
    private final float[] weights; // buckets x classes, row-major
    private final float[] bias;
    private final Provenance provenance;

    FastStudentModel(Task task, HashingFeaturizer featurizer, float[] weights, float[] bias, Provenance provenance) {
        this.task = Objects.requireNonNull(task, "task");
        this.featurizer = Objects.requireNonNull(featurizer, "featurizer");
        this.weights = weights;
        this.bias = bias;
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        if (weights.length != (long) featurizer.config().buckets() * task.labelCount() || bias.length != task.labelCount()) {
            throw new IllegalArgumentException("weights do not match " + featurizer.config().buckets() + " buckets x "
                    + task.labelCount() + " labels");
        }
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    /** @return the featurizer this model reads text with */
    public HashingFeaturizer featurizer() {
        return featurizer;
    }

    /**
     * Raw scores (before softmax or sigmoid) of one feature vector.
     *
     * @param x features from {@link #featurizer()}
     * @return one logit per label
     */
    public float[] logits(SparseFeatures x) {
        int c = bias.length;
        float[] z = bias.clone();
        for (int k = 0; k < x.size(); k++) {
            int row = x.index(k) * c;
            float v = x.value(k);
            for (int j = 0; j < c; j++) {
                z[j] += weights[row + j] * v;
            }
        }
        return z;
    }

    @Override
    public List<LabelDistribution> predictBatch(List<String> texts) {
        List<LabelDistribution> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(LabelDistribution.of(task, Activations.apply(logits(featurizer.featurize(t)), task.isMultiLabel())));
        }
        return out;
    }

    @Override
    public void exportOnnx(Path file) throws IOException {
        FastStudentOnnxWriter.write(file, task, featurizer.config(), weights, bias, provenance);
    }

    /** Nothing to release. */
    @Override
    public void close() {
        // holds no native resources
    }

    @Override
    public String toString() {
        return "FastStudentModel[" + task.name() + ", " + featurizer.config().buckets() + " buckets]";
    }
}
