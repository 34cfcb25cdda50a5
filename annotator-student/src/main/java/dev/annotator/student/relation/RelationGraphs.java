package dev.annotator.student.relation;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.task.Task;
import dev.annotator.student.internal.EncoderGraphs;
import dev.annotator.student.internal.EncoderStudentOnnxWriter;
import dev.annotator.student.internal.FastStudentOnnxWriter;
import dev.annotator.student.internal.OnnxGraphs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The relation student's graphs and file layout. */
final class RelationGraphs {
    static final String STUDENT_TYPE = "relation";
    static final String FEATURES = "relation_features";
    static final String SENTENCE_KEY = "annotator.relation.sentenceEmbedding";
    static final String INPUTS_KEY = "annotator.relation.inputs";

    private RelationGraphs() {
    }

    /**
     * The encoder with entity pooling: two more inputs {@value OnnxRelationModel#E1_MASK} and
     * {@value OnnxRelationModel#E2_MASK}, output {@value #FEATURES} = [mean over e1's tokens, mean
     * over e2's tokens(, pooled sentence embedding)].
     */
    static OnnxMl.ModelProto features(OnnxMl.ModelProto pooled, boolean sentence, int dimension) {
        OnnxMl.ModelProto.Builder m = pooled.toBuilder();
        String hidden = EncoderGraphs.pooledHiddenStates(pooled);
        EncoderGraphs.appendMaskedMean(m, hidden, OnnxRelationModel.E1_MASK, "annotator_e1_mean");
        EncoderGraphs.appendMaskedMean(m, hidden, OnnxRelationModel.E2_MASK, "annotator_e2_mean");
        List<String> parts = new ArrayList<>(List.of("annotator_e1_mean", "annotator_e2_mean"));
        if (sentence) {
            parts.add(EncoderGraphs.EMBEDDING);
        }
        OnnxMl.GraphProto.Builder g = m.getGraphBuilder();
        g.setName("annotator_relation_student");
        g.addNode(OnnxGraphs.node("Concat", parts.toArray(new String[0]), FEATURES, OnnxGraphs.intAttr("axis", 1)));
        g.clearOutput();
        g.addOutput(OnnxGraphs.tensorInfo(FEATURES, TensorProto.DataType.FLOAT, "batch", (long) parts.size() * dimension));
        return m.build();
    }

    /** Writes features graph + head as one file, the tokenizer next to it. */
    static void write(Path file, OnnxMl.ModelProto features, byte[] tokenizerJson, Map<String, String> encoderSettings,
            boolean sentence, Task task, float[][] hidden, float[] w, float[] b, Provenance provenance) throws IOException {
        OnnxMl.ModelProto.Builder m = features.toBuilder();
        EncoderGraphs.appendHead(m, FEATURES, hidden, w, b, task.labelCount(), false, FastStudentOnnxWriter.PROBABILITIES,
                FastStudentOnnxWriter.LOGITS);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(SENTENCE_KEY, Boolean.toString(sentence));
        extra.put(INPUTS_KEY, OnnxRelationModel.E1_MASK + "," + OnnxRelationModel.E2_MASK);
        extra.put(EncoderStudentOnnxWriter.HIDDEN_UNITS_KEY, Integer.toString(hidden == null ? 0 : hidden[1].length));
        EncoderStudentOnnxWriter.writeWithTokenizer(file, m, tokenizerJson, encoderSettings, task, STUDENT_TYPE, extra, provenance,
                "annotator relation student for task '" + task.name() + "'");
    }
}
