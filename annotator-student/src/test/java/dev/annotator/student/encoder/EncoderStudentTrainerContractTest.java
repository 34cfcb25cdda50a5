package dev.annotator.student.encoder;

import dev.annotator.core.student.StudentTrainer;
import dev.annotator.testing.StudentTrainerContract;

/** Runs the {@link StudentTrainer} contract against the encoder student. */
class EncoderStudentTrainerContractTest extends StudentTrainerContract {
    @Override
    protected StudentTrainer trainer(long seed) {
        return EncoderStudentTrainer.builder(TestEncoders.shared()).epochs(100).seed(seed).build();
    }
}
