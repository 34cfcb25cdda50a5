package dev.annotator.core.pipeline;

import dev.annotator.core.student.StudentModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns a freshly trained student into the one a {@link DistillationPipeline} evaluates and relabels
 * with: typically exports it (to ONNX) into the run directory and loads the exported file, so the
 * scores and the relabelled corpus come from the file a host will deploy. Core knows no file format;
 * annotator-student supplies the export, e.g.
 * {@code (s, dir) -> { ((FastStudentModel) s).exportOnnx(dir.resolve("student.onnx")); return OnnxStudentModel.load(dir); }}.
 */
@FunctionalInterface
public interface StudentDeployment {
    /**
     * Deploys a student.
     *
     * @param trained the trained student; the pipeline closes it after this returns, unless it is
     *     returned
     * @param runDirectory the run directory, existing
     * @return the student to evaluate and relabel with (may be {@code trained} itself); thread-safe
     * @throws IOException when writing or loading a file fails
     */
    StudentModel deploy(StudentModel trained, Path runDirectory) throws IOException;

    /** @return the deployment that keeps the in-memory student and writes nothing */
    static StudentDeployment inMemory() {
        return (trained, dir) -> trained;
    }
}
