package dev.annotator.student.fast;

import dev.annotator.core.student.StudentModel;
import dev.annotator.core.student.StudentTrainer;
import dev.annotator.student.onnx.OnnxExportable;
import dev.annotator.student.onnx.OnnxStudentModel;
import dev.annotator.testing.StudentTrainerContract;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Runs the {@link StudentTrainer} contract against the fast student, ONNX round trip included. */
class FastStudentTrainerContractTest extends StudentTrainerContract {
    @Override
    protected StudentTrainer trainer(long seed) {
        return FastStudentTrainer.builder().featurizer(FeaturizerConfig.builder().buckets(1 << 14).build()).seed(seed).build();
    }

    @Override
    protected Optional<StudentModel> roundTrip(StudentModel trained, Path directory) throws IOException {
        Path file = directory.resolve("student.onnx");
        ((OnnxExportable) trained).exportOnnx(file);
        return Optional.of(OnnxStudentModel.load(file));
    }
}
