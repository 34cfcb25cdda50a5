package dev.annotator.student.span;

import dev.annotator.core.span.SpanStudentTrainer;
import dev.annotator.testing.SpanStudentTrainerContract;

/** Runs the {@link SpanStudentTrainer} contract against the span tagger. */
class SpanTaggerTrainerContractTest extends SpanStudentTrainerContract {
    @Override
    protected SpanStudentTrainer trainer(long seed) {
        return SpanTaggerTrainer.builder(SpanFixtures.encoder()).seed(seed).build();
    }
}
