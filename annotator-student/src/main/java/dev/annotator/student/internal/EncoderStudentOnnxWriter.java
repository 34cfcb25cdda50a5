package dev.annotator.student.internal;

import ai.onnx.proto.OnnxMl;
import dev.annotator.core.Version;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes an encoder student: the encoder graph with masked mean pooling, normalisation and the head
 * appended, as one ONNX file taking the encoder's inputs ({@code input_ids}, {@code attention_mask},
 * {@code token_type_ids} when the encoder has it) and returning {@code probabilities} and
 * {@code logits}; the tokenizer goes next to it as {@code <name>-tokenizer.json}. Not API.
 */
public final class EncoderStudentOnnxWriter {
    /** Student type written to {@link FastStudentOnnxWriter#STUDENT_TYPE_KEY}. */
    public static final String STUDENT_TYPE = "encoder";
    /** Metadata key: the width of the head's hidden layer, 0 for a linear head. */
    public static final String HIDDEN_UNITS_KEY = "annotator.head.hiddenUnits";
    /** Metadata key: the tokenizer file's name, next to the model file. */
    public static final String TOKENIZER_KEY = "annotator.encoder.tokenizer";
    /** Metadata key: SHA-256 of the tokenizer file. */
    public static final String TOKENIZER_SHA256_KEY = "annotator.encoder.tokenizerSha256";
    /** Metadata key: most tokens per text. */
    public static final String MAX_LENGTH_KEY = "annotator.encoder.maxLength";
    /**
     * Metadata key: {@code true} when the encoder quantizes activations per tensor, so a host must
     * run one text per call for exact results.
     */
    public static final String ONE_TEXT_PER_CALL_KEY = "annotator.encoder.oneTextPerCall";
    /** Metadata key prefix of the other encoder settings. */
    public static final String ENCODER_PREFIX = "annotator.encoder.";

    private EncoderStudentOnnxWriter() {
    }

    /**
     * @param modelFile the {@code .onnx} file
     * @return the tokenizer file written next to it
     */
    public static Path tokenizerFile(Path modelFile) {
        String n = modelFile.getFileName().toString();
        String stem = n.endsWith(".onnx") ? n.substring(0, n.length() - 5) : n;
        return modelFile.resolveSibling(stem + "-tokenizer.json");
    }

    /**
     * @param file destination {@code .onnx}
     * @param pooled the encoder with pooling, from {@link EncoderGraphs#pooled}
     * @param tokenizerJson the tokenizer file's bytes
     * @param encoderSettings encoder settings (keys without prefix: model, name, maxLength, normalize, ...)
     * @param task the task
     * @param hidden hidden layer {@code {w1, b1}} or null
     * @param w output weights {@code in x labels}
     * @param b output bias
     * @param provenance training provenance
     * @throws IOException when writing fails
     */
    public static void write(Path file, OnnxMl.ModelProto pooled, byte[] tokenizerJson, Map<String, String> encoderSettings,
            Task task, float[][] hidden, float[] w, float[] b, Provenance provenance) throws IOException {
        OnnxMl.ModelProto.Builder m = pooled.toBuilder();
        m.getGraphBuilder().setName("annotator_encoder_student");
        EncoderGraphs.appendHead(m, hidden, w, b, task.labelCount(), task.isMultiLabel(), FastStudentOnnxWriter.PROBABILITIES,
                FastStudentOnnxWriter.LOGITS);
        writeWithTokenizer(file, m, tokenizerJson, encoderSettings, task, STUDENT_TYPE,
                Map.of(HIDDEN_UNITS_KEY, Integer.toString(hidden == null ? 0 : hidden[1].length)), provenance,
                "annotator encoder student for task '" + task.name() + "'");
    }

    /**
     * Writes an encoder-based student (encoder student, span tagger, relation student): the tokenizer
     * next to the file ({@link #tokenizerFile}), then the model with the metadata every such file
     * carries (format, student type, task, encoder settings, tokenizer name and SHA-256, provenance)
     * plus the student's own keys.
     *
     * @param file destination {@code .onnx}
     * @param model the whole graph, head included
     * @param tokenizerJson the tokenizer file's bytes
     * @param encoderSettings encoder settings (keys without prefix)
     * @param task the task
     * @param studentType the {@code annotator.studentType}
     * @param extra the student's own metadata keys
     * @param provenance training provenance
     * @param description the model's doc string
     * @throws IOException when writing fails
     */
    public static void writeWithTokenizer(Path file, OnnxMl.ModelProto.Builder model, byte[] tokenizerJson,
            Map<String, String> encoderSettings, Task task, String studentType, Map<String, String> extra, Provenance provenance,
            String description) throws IOException {
        Path tokenizer = tokenizerFile(file);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FastStudentOnnxWriter.FORMAT_KEY, FastStudentOnnxWriter.FORMAT);
        meta.put(FastStudentOnnxWriter.STUDENT_TYPE_KEY, studentType);
        meta.put(FastStudentOnnxWriter.TASK_KEY, TaskJson.write(task));
        encoderSettings.forEach((k, v) -> meta.put(ENCODER_PREFIX + k, v));
        meta.put(TOKENIZER_KEY, tokenizer.getFileName().toString());
        meta.put(TOKENIZER_SHA256_KEY, sha256(tokenizerJson));
        meta.putAll(extra);
        meta.putAll(provenance.toProperties());
        OnnxGraphs.writeAtomically(tokenizer, tokenizerJson);
        OnnxGraphs.writeModel(file, model, description, Version.get(), meta);
    }

    /**
     * @param bytes data
     * @return its SHA-256, hex
     */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
