package dev.annotator.core.programs;

import java.util.Objects;

/**
 * One rule of a {@link LabelingProgram}: when the condition holds, the program votes the label.
 *
 * @param when the condition
 * @param label the label voted; a label of the program's task
 * @param description why the rule holds, for people reading the program; may be empty
 */
public record Rule(Condition when, String label, String description) {

    /**
     * Checks for null.
     *
     * @param when the condition
     * @param label the label voted; a label of the program's task
     * @param description why the rule holds, for people reading the program; may be empty
     */
    public Rule {
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(description, "description");
    }

    /**
     * A rule without description.
     *
     * @param when the condition
     * @param label the label voted
     * @return the rule
     */
    public static Rule of(Condition when, String label) {
        return new Rule(when, label, "");
    }
}
