package dev.annotator.core.student;

import dev.annotator.core.data.Example;
import dev.annotator.core.task.LabelDistribution;
import java.util.Objects;

/**
 * One example a student learns from: its text, a target distribution (one-hot for hard labels,
 * anything in between for soft labels) and a weight.
 *
 * @param example the example
 * @param target the target over the task's labels
 * @param weight how much the example counts in the loss; finite and non-negative
 */
public record TrainingExample(Example example, LabelDistribution target, double weight) {

    /**
     * Validates.
     *
     * @param example the example
     * @param target the target over the task's labels
     * @param weight how much the example counts in the loss; finite and non-negative
     */
    public TrainingExample {
        Objects.requireNonNull(example, "example");
        Objects.requireNonNull(target, "target");
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight of example '" + example.id() + "' must be finite and >= 0: " + weight);
        }
    }

    /**
     * A hard-labelled example with weight one.
     *
     * @param example the example
     * @param target the target
     * @return the training example
     */
    public static TrainingExample of(Example example, LabelDistribution target) {
        return new TrainingExample(example, target, 1.0);
    }
}
