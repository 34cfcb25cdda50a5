package dev.annotator.core.span;

import dev.annotator.core.task.Task;
import java.util.List;

/**
 * Trains a {@link SpanStudentModel} from span-annotated texts, with one weight per text (the span
 * counterpart of {@link dev.annotator.core.student.StudentTrainer}; weights come from a
 * {@link dev.annotator.core.weigh.LabelWeigher}-style step and scale the text's token losses).
 */
public interface SpanStudentTrainer {

    /**
     * Trains with per-text weights.
     *
     * @param task the span task; its labels are the span types
     * @param train the training texts with their spans; not empty
     * @param weights one non-negative weight per element of {@code train}
     * @param dev validation texts for early stopping; may be empty (no early stopping)
     * @return the trained model
     * @throws IllegalArgumentException when {@code train} is empty, the lengths differ, a weight is
     *     negative or not finite, or a span's type is not a label of {@code task}
     */
    SpanStudentModel train(Task task, List<SpanExample> train, double[] weights, List<SpanExample> dev);

    /**
     * Trains with every text weighted 1.
     *
     * @param task the span task
     * @param train the training texts; not empty
     * @param dev validation texts; may be empty
     * @return the trained model
     */
    default SpanStudentModel train(Task task, List<SpanExample> train, List<SpanExample> dev) {
        double[] ones = new double[train.size()];
        java.util.Arrays.fill(ones, 1.0);
        return train(task, train, ones, dev);
    }
}
