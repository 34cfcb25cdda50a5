package dev.annotator.core.programs;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a {@link LabelingProgram} said about one text: a label from one of its rules, or an
 * abstention because no rule matched or because a regular expression exhausted its budget on this
 * text. Immutable.
 */
public final class ProgramVote {
    private static final ProgramVote NO_MATCH = new ProgramVote(null, -1, false);
    private static final ProgramVote BUDGET_EXCEEDED = new ProgramVote(null, -1, true);
    private final String label;
    private final int rule;
    private final boolean budgetExceeded;

    private ProgramVote(String label, int rule, boolean budgetExceeded) {
        this.label = label;
        this.rule = rule;
        this.budgetExceeded = budgetExceeded;
    }

    static ProgramVote label(String label, int rule) {
        return new ProgramVote(label, rule, false);
    }

    static ProgramVote noMatch() {
        return NO_MATCH;
    }

    static ProgramVote outOfBudget() {
        return BUDGET_EXCEEDED;
    }

    /** @return the label voted, or empty for an abstention */
    public Optional<String> label() {
        return Optional.ofNullable(label);
    }

    /** @return true when the program gave no label */
    public boolean isAbstention() {
        return label == null;
    }

    /** @return the index of the rule that fired, or empty for an abstention */
    public OptionalInt rule() {
        return rule < 0 ? OptionalInt.empty() : OptionalInt.of(rule);
    }

    /** @return true when the program abstained because a regular expression exhausted its budget */
    public boolean budgetExceeded() {
        return budgetExceeded;
    }

    @Override
    public String toString() {
        return label != null ? label + " (rule " + rule + ")" : budgetExceeded ? "abstain (budget exceeded)" : "abstain";
    }
}
