package dev.annotator.examples.cli;

import dev.annotator.core.pipeline.StudentDeployment;
import dev.annotator.core.student.StudentTrainer;
import dev.annotator.student.onnx.OnnxExportable;
import dev.annotator.student.onnx.OnnxStudentModel;
import java.nio.file.Path;
import java.util.Locale;

/** The students the command line trains, and how it deploys them: export to ONNX, load the file back. */
final class Students {

    /** Student types {@code distill --student} offers. */
    enum Kind {
        /** hashed n-grams into a linear softmax; trains in seconds. */
        fast,
        /** a frozen sentence encoder with a trained head; not in this build yet. */
        encoder
    }

    private Students() {
    }

    static StudentTrainer trainer(Kind kind, FastStudentOptions fast) {
        switch (kind) {
            case fast:
                return fast.trainer();
            case encoder:
                throw new IllegalArgumentException("--student encoder is not available in this build yet (the encoder student"
                        + " is still being merged); use --student fast");
            default:
                throw new IllegalArgumentException("unknown student: " + kind);
        }
    }

    /**
     * Exports the trained student as {@code DIR/student.onnx} (with whatever files it needs beside it)
     * and loads it back through ONNX Runtime, so scores and relabelled files come from the deployable file.
     */
    static StudentDeployment onnx() {
        return (trained, dir) -> {
            if (!(trained instanceof OnnxExportable)) {
                throw new IllegalStateException(String.format(Locale.ROOT, "student '%s' cannot be exported to ONNX",
                        trained.provenance().studentType()));
            }
            Path file = dir.resolve(OnnxStudentModel.DEFAULT_FILE_NAME);
            ((OnnxExportable) trained).exportOnnx(file);
            return OnnxStudentModel.load(file);
        };
    }
}
