package dev.annotator.student.internal;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.task.Task;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a span tagger: the encoder graph with its token hidden states fed to a per-token linear
 * softmax head, as one ONNX file taking the encoder's inputs ({@code input_ids},
 * {@code attention_mask}, {@code token_type_ids} when the encoder has it) and returning
 * {@code probabilities} and {@code logits}, float {@code [batch, tokens, tags]}; the tokenizer goes
 * next to it as {@code <name>-tokenizer.json}. Metadata as the encoder student's, plus the tag names.
 * Not API.
 */
public final class SpanTaggerOnnxWriter {
    /** Student type written to {@link FastStudentOnnxWriter#STUDENT_TYPE_KEY}. */
    public static final String STUDENT_TYPE = "span-tagger";
    /** Metadata key: the tag names in output order, a JSON array ({@code ["O", "B-NAME", "I-NAME"]}). */
    public static final String TAGS_KEY = "annotator.span.tags";
    /** Metadata key: the tagging scheme. */
    public static final String SCHEME_KEY = "annotator.span.scheme";
    /** Metadata key: {@code true} when predicted spans are snapped to whole whitespace-delimited words. */
    public static final String SNAP_TO_WORDS_KEY = "annotator.span.snapToWords";
    /** The only scheme written: BIO as {@code dev.annotator.core.span.BioCodec} defines it. */
    public static final String SCHEME = "BIO";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SpanTaggerOnnxWriter() {
    }

    /**
     * @param file destination {@code .onnx}
     * @param tokenModel the encoder with {@code token_states} as output ({@link EncoderGraphs#tokenStates})
     * @param tokenizerJson the tokenizer file's bytes
     * @param encoderSettings encoder settings (keys without prefix: model, name, maxLength, ...)
     * @param task the span task
     * @param tags the tag names, in output order
     * @param snapToWords whether spans are snapped to whole words after decoding
     * @param w weights {@code dim x tags}
     * @param b bias
     * @param provenance training provenance
     * @throws IOException when writing fails
     */
    public static void write(Path file, OnnxMl.ModelProto tokenModel, byte[] tokenizerJson, Map<String, String> encoderSettings,
            Task task, List<String> tags, boolean snapToWords, float[] w, float[] b, Provenance provenance)
            throws IOException {
        OnnxMl.ModelProto.Builder m = tokenModel.toBuilder();
        m.getGraphBuilder().setName("annotator_span_tagger");
        EncoderGraphs.appendTokenHead(m, w, b, FastStudentOnnxWriter.PROBABILITIES, FastStudentOnnxWriter.LOGITS);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(TAGS_KEY, tagsJson(tags));
        extra.put(SCHEME_KEY, SCHEME);
        extra.put(SNAP_TO_WORDS_KEY, Boolean.toString(snapToWords));
        EncoderStudentOnnxWriter.writeWithTokenizer(file, m, tokenizerJson, encoderSettings, task, STUDENT_TYPE, extra, provenance,
                "annotator span tagger for task '" + task.name() + "'");
    }

    /**
     * @param tags tag names
     * @return them as a JSON array
     */
    public static String tagsJson(List<String> tags) {
        try {
            return JSON.writeValueAsString(tags);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising tag names", e);
        }
    }

    /**
     * @param json a JSON array of strings
     * @param what the file, for the message
     * @return the tag names
     * @throws NonRetriableAnnotatorException when it is not a JSON array of strings
     */
    public static List<String> parseTags(String json, Object what) {
        try {
            String[] tags = JSON.readValue(json, String[].class);
            return List.of(tags);
        } catch (IOException | RuntimeException e) {
            throw new NonRetriableAnnotatorException(what + ": metadata '" + TAGS_KEY + "' is not a JSON array of tag names: '"
                    + json + "'", e);
        }
    }
}
