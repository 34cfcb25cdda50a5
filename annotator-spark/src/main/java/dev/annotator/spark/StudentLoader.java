package dev.annotator.spark;

import dev.annotator.core.student.StudentModel;
import dev.annotator.student.onnx.OnnxStudentModel;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Opens a student file on an executor. Shipped to every executor with the job, so it must be
 * {@link Serializable} (a method reference or a lambda assigned to this type is).
 *
 * <p>The model it returns is cached and shared by every task of the executor JVM, so it must be
 * thread-safe ({@link OnnxStudentModel} is).
 */
@FunctionalInterface
public interface StudentLoader extends Serializable {

    /**
     * Opens a student.
     *
     * @param file the student file, resolved on the executor
     * @return the model; the cache owns it from then on
     * @throws IOException when the file cannot be read
     */
    StudentModel load(Path file) throws IOException;

    /**
     * The loader of {@code annotator-student}: {@link OnnxStudentModel#load(Path)}. It reads the
     * student type from the file's metadata, so every type that method learns to run (the fast
     * student today; the encoder student, whose tokenizer file sits next to the model, when it lands)
     * works here without change. Use a loader of your own for a student type of your own.
     *
     * @return the default loader
     */
    static StudentLoader onnx() {
        return OnnxStudentModel::load;
    }
}
