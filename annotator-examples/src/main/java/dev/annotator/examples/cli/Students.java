package dev.annotator.examples.cli;

import dev.annotator.core.pipeline.StudentDeployment;
import dev.annotator.core.student.StudentTrainer;
import dev.annotator.student.encoder.EncoderStudentTrainer;
import dev.annotator.student.encoder.OnnxSentenceEncoder;
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
        /** the frozen all-MiniLM-L6-v2 sentence encoder with a trained head. */
        encoder
    }

    private Students() {
    }

    /**
     * The trainer of a student type.
     *
     * @param encoder the open sentence encoder, required for {@link Kind#encoder} (it must stay open
     *     until the student is exported); ignored otherwise
     */
    static StudentTrainer trainer(Kind kind, FastStudentOptions fast, EncoderStudentOptions options, OnnxSentenceEncoder encoder) {
        switch (kind) {
            case fast:
                return fast.trainer();
            case encoder:
                EncoderStudentTrainer.Builder t = EncoderStudentTrainer.builder(encoder).hiddenUnits(options.hidden).seed(fast.seed);
                if (fast.epochs != null) {
                    t.epochs(fast.epochs);
                }
                return t.build();
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
