package dev.annotator.core.programs;

import dev.annotator.core.labelmodel.VoteMatrix;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The votes of several programs on several examples, ready for a
 * {@link dev.annotator.core.labelmodel.LabelModel}, with how often each program abstained because a
 * regular expression exhausted its budget.
 *
 * @param votes one column per program (named after it), one row per example
 * @param budgetExceeded per program name, the number of texts on which it ran out of regex budget
 */
public record ProgramVotes(VoteMatrix votes, Map<String, Integer> budgetExceeded) {

    /**
     * Validates and copies.
     *
     * @param votes one column per program (named after it), one row per example
     * @param budgetExceeded per program name, the number of texts on which it ran out of regex budget
     */
    public ProgramVotes {
        Objects.requireNonNull(votes, "votes");
        budgetExceeded = Collections.unmodifiableMap(new LinkedHashMap<>(budgetExceeded));
    }

    /** @return the number of (program, text) pairs abstained on for lack of regex budget */
    public int totalBudgetExceeded() {
        return budgetExceeded.values().stream().mapToInt(Integer::intValue).sum();
    }
}
