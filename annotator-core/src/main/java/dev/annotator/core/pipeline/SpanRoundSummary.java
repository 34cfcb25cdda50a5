package dev.annotator.core.pipeline;

import dev.annotator.core.annotate.Cost;
import dev.annotator.core.eval.SpanReport;
import java.util.Objects;
import java.util.Optional;

/**
 * One round of a {@link SpanActiveLoop}.
 *
 * @param round the round, from 0
 * @param selected texts selected this round
 * @param annotated texts the annotator answered this round (abstentions included)
 * @param cached of those, answers the annotator took from its store
 * @param abstained of those, abstentions
 * @param labels texts annotated so far, all rounds (abstentions included)
 * @param trainingTexts texts the student was trained on (the labelled ones so far)
 * @param spent money and tokens spent so far
 * @param dev the student's span scores on the gold dev texts; empty when no student could be trained
 * @param test the student's span scores on the gold test texts; empty without test texts or student
 * @param teacher the annotator's span scores on the annotated pool texts that have gold spans
 */
public record SpanRoundSummary(int round, int selected, int annotated, int cached, int abstained, int labels, int trainingTexts,
        Cost spent, Optional<SpanReport> dev, Optional<SpanReport> test, Optional<SpanReport> teacher) {

    /**
     * Validates.
     *
     * @param round the round
     * @param selected texts selected
     * @param annotated texts answered
     * @param cached answers from the store
     * @param abstained abstentions
     * @param labels texts annotated so far
     * @param trainingTexts texts trained on
     * @param spent spent so far
     * @param dev student on dev
     * @param test student on test
     * @param teacher annotator on gold pool texts
     */
    public SpanRoundSummary {
        Objects.requireNonNull(spent, "spent");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(teacher, "teacher");
    }
}
