package dev.annotator.student.internal;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.annotator.core.Version;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskJson;
import dev.annotator.student.fast.FeaturizerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a fast student as ONNX. The weight table keeps only rows with a non-zero weight: row 0 is
 * zero (padding and buckets never seen in training) and row {@code r > 0} belongs to bucket
 * {@code bucket_ids[r - 1]} (an int32 initializer no node reads; readers map featurizer
 * buckets to rows with it; it is also a graph output, so that runtimes keep it). Graph: {@code indices} (int32 row ids [batch, features]) and
 * {@code values} (float [batch, features], zero for padding) gather rows of the weight matrix, which
 * a batched MatMul weights and sums; adding the bias gives {@code logits}, then softmax (single-label) or sigmoid
 * (multi-label) gives {@code probabilities}. Not API.
 */
public final class FastStudentOnnxWriter {
    /** Metadata key naming the file format. */
    public static final String FORMAT_KEY = "annotator.format";
    /** Format written. */
    public static final String FORMAT = "annotator-student-v1";
    /** Metadata key naming the student type. */
    public static final String STUDENT_TYPE_KEY = "annotator.studentType";
    /** Metadata key holding the task JSON. */
    public static final String TASK_KEY = "annotator.task";
    /** Input name: feature bucket indices. */
    public static final String INDICES = "indices";
    /** Initializer listing, in increasing order, the bucket behind each non-zero row of W. */
    public static final String BUCKET_IDS = "bucket_ids";
    /** Input name: feature values. */
    public static final String VALUES = "values";
    /** Output name: probabilities. */
    public static final String PROBABILITIES = "probabilities";
    /** Output name: logits. */
    public static final String LOGITS = "logits";

    private FastStudentOnnxWriter() {
    }

    /**
     * @param file destination
     * @param task the task
     * @param featurizer featurizer settings
     * @param weights buckets x classes, row-major
     * @param bias one per class
     * @param provenance training provenance
     * @throws IOException when writing fails
     */
    public static void write(Path file, Task task, FeaturizerConfig featurizer, float[] weights, float[] bias,
            Provenance provenance) throws IOException {
        int c = task.labelCount();
        // keep only buckets with a non-zero weight: row 0 is all zeros (padding, unseen buckets),
        // row r > 0 holds bucket BUCKET_IDS[r - 1]; the table is small enough to stay in cache
        int buckets = featurizer.buckets();
        int used = 0;
        boolean[] keep = new boolean[buckets];
        for (int f = 0; f < buckets; f++) {
            for (int j = 0; j < c; j++) {
                if (weights[f * c + j] != 0f) {
                    keep[f] = true;
                }
            }
            used += keep[f] ? 1 : 0;
        }
        int[] bucketIds = new int[used];
        float[] rows = new float[(used + 1) * c];
        int r = 0;
        for (int f = 0; f < buckets; f++) {
            if (keep[f]) {
                bucketIds[r] = f;
                System.arraycopy(weights, f * c, rows, (r + 1) * c, c);
                r++;
            }
        }
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("annotator_fast_student");
        g.addInput(OnnxGraphs.tensorInfo(INDICES, TensorProto.DataType.INT32, "batch", "features"));
        g.addInput(OnnxGraphs.tensorInfo(VALUES, TensorProto.DataType.FLOAT, "batch", "features"));
        g.addOutput(OnnxGraphs.tensorInfo(PROBABILITIES, TensorProto.DataType.FLOAT, "batch", c));
        g.addOutput(OnnxGraphs.tensorInfo(LOGITS, TensorProto.DataType.FLOAT, "batch", c));
        // an output, so that ONNX Runtime keeps it instead of warning on every load that it removes an unused initializer
        g.addOutput(OnnxGraphs.tensorInfo(BUCKET_IDS, TensorProto.DataType.INT32, used));
        g.addInitializer(OnnxGraphs.floatTensor("W", rows, used + 1, c));
        g.addInitializer(OnnxGraphs.intTensor(BUCKET_IDS, bucketIds, used));
        g.addInitializer(OnnxGraphs.floatTensor("b", bias, c));
        g.addInitializer(OnnxGraphs.longTensor("axis1", new long[] {1}, 1));
        // rows[n, l, :] = W[indices[n, l], :]; logits[n, :] = values[n, :] . rows[n, :, :] + b
        // (a batched MatMul is several times faster in ONNX Runtime than a broadcast Mul + ReduceSum)
        g.addNode(OnnxGraphs.node("Gather", new String[] {"W", INDICES}, "rows", OnnxGraphs.intAttr("axis", 0)));
        g.addNode(OnnxGraphs.node("Unsqueeze", new String[] {VALUES, "axis1"}, "values3"));
        g.addNode(OnnxGraphs.node("MatMul", new String[] {"values3", "rows"}, "summed3"));
        g.addNode(OnnxGraphs.node("Squeeze", new String[] {"summed3", "axis1"}, "summed"));
        g.addNode(OnnxGraphs.node("Add", new String[] {"summed", "b"}, LOGITS));
        if (task.isMultiLabel()) {
            g.addNode(OnnxGraphs.node("Sigmoid", new String[] {LOGITS}, PROBABILITIES));
        } else {
            g.addNode(OnnxGraphs.node("Softmax", new String[] {LOGITS}, PROBABILITIES, OnnxGraphs.intAttr("axis", 1)));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT_KEY, FORMAT);
        meta.put(STUDENT_TYPE_KEY, "fast");
        meta.put(TASK_KEY, TaskJson.write(task));
        meta.putAll(featurizer.toProperties());
        meta.putAll(provenance.toProperties());
        OnnxGraphs.writeModel(file, g.build(), "annotator fast student for task '" + task.name() + "'", Version.get(), meta);
    }
}
