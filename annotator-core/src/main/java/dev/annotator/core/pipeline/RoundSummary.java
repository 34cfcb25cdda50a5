package dev.annotator.core.pipeline;

import dev.annotator.core.annotate.Cost;
import java.util.Objects;
import java.util.Optional;

/**
 * What one round of an {@link ActiveAnnotationLoop} did and how the student it trained scored.
 * Counts marked "so far" are cumulative over rounds 0 to {@code round}.
 *
 * @param round the round, from 0
 * @param selected texts the selector chose this round (the batch may be cut short by the money budget)
 * @param annotated texts of this round the annotator was asked about in this run
 * @param cached texts of this round whose annotation was already in the store (a resumed run)
 * @param abstained annotations of this round that were abstentions
 * @param labels annotations acquired so far, abstentions included (the label budget's unit)
 * @param trainingExamples examples the student of this round trained on (abstentions are left out)
 * @param paidCalls annotations so far that cost something (tokens or money)
 * @param spent cost of every annotation so far, cached ones included
 * @param dev the student's scores on the gold dev set; empty when there is no student yet (every
 *     answer so far abstained)
 * @param test the student's scores on the test set; empty without a test set or a student
 * @param teacher the teacher's scores on the annotated pool texts that have gold labels, so far;
 *     empty when none has
 */
public record RoundSummary(int round, int selected, int annotated, int cached, int abstained, int labels,
        int trainingExamples, long paidCalls, Cost spent, Optional<Scores> dev, Optional<Scores> test,
        Optional<Scores> teacher) {

    /**
     * Validates.
     *
     * @param round the round, from 0
     * @param selected texts chosen this round
     * @param annotated texts of this round sent to the annotator
     * @param cached texts of this round found in the store
     * @param abstained abstentions this round
     * @param labels annotations so far
     * @param trainingExamples examples the student trained on
     * @param paidCalls paid annotations so far
     * @param spent cost so far
     * @param dev student scores on dev
     * @param test student scores on test
     * @param teacher teacher scores on annotated pool texts with gold
     */
    public RoundSummary {
        if (round < 0 || selected < 0 || annotated < 0 || cached < 0 || abstained < 0 || labels < 0 || trainingExamples < 0
                || paidCalls < 0) {
            throw new IllegalArgumentException("round summary counts must be >= 0");
        }
        Objects.requireNonNull(spent, "spent");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(teacher, "teacher");
    }
}
