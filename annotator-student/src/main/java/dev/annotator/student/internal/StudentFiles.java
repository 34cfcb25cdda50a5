package dev.annotator.student.internal;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What every ONNX student runtime shares around its session: finding the model file a user names
 * (a file, or a directory holding {@value #DEFAULT_FILE_NAME} or exactly one {@code .onnx} file),
 * checking and reading its metadata (format, student type, the tokenizer and length settings of an
 * encoder-based student), and turning ONNX Runtime's float probabilities into
 * {@link LabelDistribution}s. Not API.
 */
public final class StudentFiles {
    /** File name used when a student is exported into a directory. */
    public static final String DEFAULT_FILE_NAME = "student.onnx";

    private StudentFiles() {
    }

    /**
     * Resolves a model path.
     *
     * @param path a {@code .onnx} file or a directory holding one
     * @param what what the file should hold, for the error message (e.g. {@code "student model"})
     * @return the model file
     * @throws NoSuchFileException when {@code path} is neither a file nor a directory
     * @throws NonRetriableAnnotatorException when a directory without {@value #DEFAULT_FILE_NAME}
     *     holds no or several {@code .onnx} files
     * @throws IOException when the directory cannot be listed
     */
    public static Path resolve(Path path, String what) throws IOException {
        if (!Files.isDirectory(path)) {
            if (!Files.isRegularFile(path)) {
                throw new NoSuchFileException(path.toString(), null, "no " + what + " file or directory");
            }
            return path;
        }
        Path def = path.resolve(DEFAULT_FILE_NAME);
        if (Files.isRegularFile(def)) {
            return def;
        }
        List<Path> onnx;
        try (Stream<Path> s = Files.list(path)) {
            onnx = s.filter(p -> p.getFileName().toString().endsWith(".onnx")).sorted().collect(Collectors.toList());
        }
        if (onnx.size() != 1) {
            throw new NonRetriableAnnotatorException("directory " + path + " holds " + onnx.size()
                    + " .onnx files; name the model file instead");
        }
        return onnx.get(0);
    }

    /** Field number of {@code metadata_props} in ONNX's {@code ModelProto}. */
    private static final int METADATA_PROPS = 14;

    /**
     * Reads only the {@code metadata_props} of an ONNX file, skipping the graph and its weights
     * unparsed, so that a caller can decide how to load the file without building a session or
     * parsing every initializer.
     *
     * @param file the ONNX file
     * @return its metadata entries, in file order
     * @throws IOException when the file cannot be read
     * @throws NonRetriableAnnotatorException when the file is not an ONNX model
     */
    public static Map<String, String> metadata(Path file) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);
            for (int tag = coded.readTag(); tag != 0; tag = coded.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) == METADATA_PROPS
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    OnnxMl.StringStringEntryProto e = OnnxMl.StringStringEntryProto.parseFrom(coded.readBytes());
                    meta.put(e.getKey(), e.getValue());
                } else if (!coded.skipField(tag)) {
                    break;
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new NonRetriableAnnotatorException(file + " is not an ONNX model: " + e.getMessage(), e);
        }
        return meta;
    }

    /**
     * @param file the model file, for the message
     * @param meta its metadata
     * @return the student type it names
     * @throws NonRetriableAnnotatorException when the file is not in the annotator student format
     */
    public static String studentType(Path file, Map<String, String> meta) {
        String format = meta.get(FastStudentOnnxWriter.FORMAT_KEY);
        if (!FastStudentOnnxWriter.FORMAT.equals(format)) {
            throw new NonRetriableAnnotatorException(file + " is not an annotator student (format '" + format + "')");
        }
        return meta.get(FastStudentOnnxWriter.STUDENT_TYPE_KEY);
    }

    /**
     * @param file the model file, for the message
     * @param meta its metadata
     * @param key the key that must be there
     * @return its value
     * @throws NonRetriableAnnotatorException when the key is missing
     */
    public static String required(Path file, Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null) {
            throw new NonRetriableAnnotatorException(file + " lacks metadata key '" + key + "'");
        }
        return v;
    }

    /**
     * What an encoder-based student file (encoder, span tagger, relation student) names in its
     * metadata to be run: the tokenizer file next to it, the maximum length, and whether it must see
     * one text per call.
     *
     * @param tokenizerJson the tokenizer file's bytes
     * @param maxLength the encoder's maximum length in tokens
     * @param oneTextPerCall whether every ONNX Runtime call must hold exactly one text (a dynamically
     *     quantized encoder left as it is, to be exact)
     */
    public record EncoderSettings(byte[] tokenizerJson, int maxLength, boolean oneTextPerCall) {
    }

    /**
     * Reads the tokenizer next to an encoder-based student file (checked against the SHA-256 in the
     * metadata when there is one) and its length settings.
     *
     * @param file the model file
     * @param meta its metadata
     * @param what what the file holds, for messages (e.g. {@code "span tagger"})
     * @return the settings
     * @throws NoSuchFileException when the tokenizer is not next to the file
     * @throws IOException when the tokenizer cannot be read
     * @throws NonRetriableAnnotatorException when a key is missing, the length is not a number, or the
     *     tokenizer is not the one the file was trained with
     */
    public static EncoderSettings encoderSettings(Path file, Map<String, String> meta, String what) throws IOException {
        Path tokFile = file.resolveSibling(required(file, meta, EncoderStudentOnnxWriter.TOKENIZER_KEY));
        if (!Files.isRegularFile(tokFile)) {
            throw new NoSuchFileException(tokFile.toString(), null, "the " + what + "'s tokenizer must sit next to "
                    + file.getFileName());
        }
        byte[] json = Files.readAllBytes(tokFile);
        String sha = meta.get(EncoderStudentOnnxWriter.TOKENIZER_SHA256_KEY);
        if (sha != null && !sha.equals(EncoderStudentOnnxWriter.sha256(json))) {
            throw new NonRetriableAnnotatorException(tokFile + " is not the tokenizer " + file.getFileName()
                    + " was trained with (SHA-256 differs)");
        }
        String max = required(file, meta, EncoderStudentOnnxWriter.MAX_LENGTH_KEY);
        int maxLength;
        try {
            maxLength = Integer.parseInt(max);
        } catch (NumberFormatException e) {
            throw new NonRetriableAnnotatorException(file + ": metadata '" + EncoderStudentOnnxWriter.MAX_LENGTH_KEY
                    + "' is not a number: '" + max + "'", e);
        }
        return new EncoderSettings(json, maxLength, "true".equals(meta.get(EncoderStudentOnnxWriter.ONE_TEXT_PER_CALL_KEY)));
    }

    /**
     * @param task the task the rows are distributions over
     * @param probabilities one row of label probabilities per text, as ONNX Runtime returns them
     * @return one distribution per row, in order
     */
    public static List<LabelDistribution> distributions(Task task, float[][] probabilities) {
        List<LabelDistribution> out = new ArrayList<>(probabilities.length);
        for (float[] row : probabilities) {
            double[] p = new double[row.length];
            for (int j = 0; j < row.length; j++) {
                p[j] = row[j];
            }
            out.add(LabelDistribution.of(task, p));
        }
        return out;
    }
}
