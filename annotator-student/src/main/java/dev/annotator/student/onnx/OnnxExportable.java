package dev.annotator.student.onnx;

import java.io.IOException;
import java.nio.file.Path;

/** A student that can write itself as an ONNX file readable by {@link OnnxStudentModel}. */
@FunctionalInterface
public interface OnnxExportable {

    /**
     * Writes the model, its label names, featurizer settings and provenance to an ONNX file.
     *
     * @param file the file to write; parent directories are created; an existing file is replaced
     * @throws IOException when the file cannot be written
     */
    void exportOnnx(Path file) throws IOException;
}
