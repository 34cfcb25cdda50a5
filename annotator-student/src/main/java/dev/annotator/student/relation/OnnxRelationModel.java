package dev.annotator.student.relation;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.span.RelationInstance;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskJson;
import dev.annotator.student.internal.StudentFiles;
import dev.annotator.student.internal.FastStudentOnnxWriter;
import dev.annotator.student.onnx.OnnxStudentModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A relation student exported by {@link RelationStudentModel#exportOnnx(Path)}, run by ONNX Runtime.
 * The file holds the encoder, the entity pooling and the head; the tokenizer sits next to it
 * ({@code <name>-tokenizer.json}, checked against the SHA-256 in the file). For each
 * {@link RelationInstance} the text is tokenized with character offsets, every token overlapping
 * {@code e1} (resp. {@code e2}) is marked 1 in the {@value #E1_MASK} (resp. {@value #E2_MASK}) input,
 * a float {@code [batch, tokens]} tensor, and the graph returns the relation probabilities.
 *
 * <p>A host outside the JVM feeds the same inputs: the encoder's {@code input_ids},
 * {@code attention_mask} (and {@code token_type_ids}) plus the two masks; task, labels, encoder
 * settings and provenance are in the file's {@code metadata_props}.
 *
 * <p>Thread-safe: {@link #predictBatch(List)} may be called from many threads at once. Holds a native
 * session and tokenizer: {@link #close()} it when done.
 */
public final class OnnxRelationModel implements RelationModel {
    /** Graph input marking the first entity's tokens, float {@code [batch, tokens]}. */
    public static final String E1_MASK = "e1_mask";
    /** Graph input marking the second entity's tokens, float {@code [batch, tokens]}. */
    public static final String E2_MASK = "e2_mask";
    /** Most instances per ONNX Runtime call. */
    private static final int CALL = 32;

    private final Path file;
    private final Task task;
    private final Provenance provenance;
    private final Map<String, String> metadata;
    private final EntityMaskSession session;
    private volatile boolean closed;

    private OnnxRelationModel(Path file, Task task, Map<String, String> metadata, EntityMaskSession session) {
        this.file = file;
        this.task = task;
        this.metadata = Map.copyOf(metadata);
        this.provenance = Provenance.fromProperties(metadata);
        this.session = session;
    }

    /**
     * Loads a relation student file, or the one in a directory ({@value OnnxStudentModel#DEFAULT_FILE_NAME},
     * else the only {@code .onnx} file there), as the other student loaders do.
     *
     * @param path a {@code .onnx} file or a directory holding one
     * @return the model; close it when done
     * @throws IOException when the file or its tokenizer cannot be read
     * @throws NonRetriableAnnotatorException when the file is not an annotator relation student, or the
     *     tokenizer next to it is not the one it was trained with
     */
    public static OnnxRelationModel load(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        Path file = StudentFiles.resolve(path, "relation student");
        byte[] bytes = Files.readAllBytes(file);
        // the metadata decides the tokenizer, so read it (only it) before opening a session
        Map<String, String> meta = StudentFiles.metadata(file);
        String type = StudentFiles.studentType(file, meta);
        if (!RelationGraphs.STUDENT_TYPE.equals(type)) {
            throw new NonRetriableAnnotatorException(file + " holds a '" + type + "' student, not a relation student;"
                    + " load it with OnnxStudentModel");
        }
        Task task = TaskJson.read(StudentFiles.required(file, meta, FastStudentOnnxWriter.TASK_KEY));
        StudentFiles.EncoderSettings encoder = StudentFiles.encoderSettings(file, meta, "relation student");
        // a dynamically quantized encoder left as it is must see one text per call to be exact
        int call = encoder.oneTextPerCall() ? 1 : CALL;
        EntityMaskSession session = EntityMaskSession.open(bytes, encoder.tokenizerJson(), encoder.maxLength(), call, FastStudentOnnxWriter.PROBABILITIES,
                "relation student '" + task.name() + "' from " + file);
        return new OnnxRelationModel(file, task, meta, session);
    }

    /** @return the file the model was loaded from */
    public Path file() {
        return file;
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    /** @return every metadata entry stored in the file */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public List<LabelDistribution> predictInstances(List<RelationInstance> instances) {
        if (closed) {
            throw new IllegalStateException("relation student '" + task.name() + "' from " + file + " is closed");
        }
        return StudentFiles.distributions(task, session.run(instances));
    }

    /** Releases the ONNX Runtime session and the tokenizer; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        session.close();
    }

    @Override
    public String toString() {
        return "OnnxRelationModel[" + task.name() + ", " + file + "]";
    }
}
