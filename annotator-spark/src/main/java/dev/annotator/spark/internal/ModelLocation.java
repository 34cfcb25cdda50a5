package dev.annotator.spark.internal;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.spark.SparkInputException;
import dev.annotator.student.internal.StudentFiles;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.spark.SparkFiles;

/**
 * Where a student file is, as seen from any JVM of the job: a path every node can read, or the name
 * of a file shipped with {@code SparkContext.addFile} / {@code spark-submit --files}.
 *
 * @param value the path or file name
 * @param sparkFile true when {@code value} names a shipped file
 */
public record ModelLocation(String value, boolean sparkFile) implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The file a directory is searched for first, as {@code OnnxStudentModel} does. */
    public static final String DEFAULT_FILE_NAME = StudentFiles.DEFAULT_FILE_NAME;

    /**
     * Validates.
     *
     * @param value the path or file name
     * @param sparkFile true when {@code value} names a shipped file
     */
    public ModelLocation {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException((sparkFile ? "sparkFile" : "modelPath") + " must not be blank");
        }
    }

    /**
     * Finds the student file in this JVM: {@code SparkFiles.get(name)} for a shipped file (falling back
     * to the working directory, where YARN puts {@code --files}), the path itself otherwise; in a
     * directory, {@value #DEFAULT_FILE_NAME} or else its only {@code .onnx} file.
     *
     * @return the student file
     * @throws SparkInputException when no such file exists here, naming where it looked
     */
    public Path resolve() {
        Path path;
        if (sparkFile) {
            Path shipped;
            try {
                shipped = Path.of(SparkFiles.get(value));
            } catch (RuntimeException e) {
                // no SparkEnv in this JVM: only the working directory is left to look in
                shipped = null;
            }
            Path local = Path.of(value);
            if (shipped != null && Files.exists(shipped)) {
                path = shipped;
            } else if (Files.exists(local)) {
                path = local;
            } else {
                throw new SparkInputException("student file '" + value + "' was not shipped to this JVM: not found at "
                        + (shipped == null ? "" : shipped + " (SparkFiles) nor at ") + local.toAbsolutePath()
                        + " (working directory); add it with SparkContext.addFile or spark-submit --files");
            }
        } else {
            path = Path.of(value);
            if (!Files.exists(path)) {
                throw new SparkInputException("student model not found: " + path.toAbsolutePath()
                        + " (modelPath must be readable on the driver and every executor; use sparkFile(...) to ship it)");
            }
        }
        try {
            return StudentFiles.resolve(path, "student model");
        } catch (IOException | NonRetriableAnnotatorException e) {
            throw new SparkInputException("student " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return sparkFile ? "spark file '" + value + "'" : value;
    }
}
