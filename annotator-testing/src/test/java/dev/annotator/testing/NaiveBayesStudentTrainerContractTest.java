package dev.annotator.testing;

import dev.annotator.core.student.StudentTrainer;

/** The test kit's own student passes {@link StudentTrainerContract}. */
class NaiveBayesStudentTrainerContractTest extends StudentTrainerContract {
    @Override
    protected StudentTrainer trainer(long seed) {
        return new NaiveBayesStudentTrainer(seed);
    }
}
