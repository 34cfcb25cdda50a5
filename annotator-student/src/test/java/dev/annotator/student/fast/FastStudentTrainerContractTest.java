package dev.annotator.student.fast;

import dev.annotator.core.student.StudentTrainer;
import dev.annotator.testing.StudentTrainerContract;

/** Runs the {@link StudentTrainer} contract against the fast student. */
class FastStudentTrainerContractTest extends StudentTrainerContract {
    @Override
    protected StudentTrainer trainer(long seed) {
        return FastStudentTrainer.builder().featurizer(FeaturizerConfig.builder().buckets(1 << 14).build()).seed(seed).build();
    }
}
