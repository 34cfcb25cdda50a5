package dev.annotator.student.internal;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What every ONNX student runtime shares around its session: finding the model file a user names
 * (a file, or a directory holding {@value #DEFAULT_FILE_NAME} or exactly one {@code .onnx} file), and
 * turning ONNX Runtime's float probabilities into {@link LabelDistribution}s. Not API.
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
