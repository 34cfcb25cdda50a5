package dev.annotator.core.student;

import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.List;

/**
 * A trained classifier that maps texts to label distributions for its {@link #task()}.
 *
 * <p>Trained models are immutable. Implementations that hold native resources (an ONNX Runtime
 * session) release them in {@link #close()}; implementations say in their Javadoc whether they are
 * thread-safe.
 */
public interface StudentModel extends AutoCloseable {

    /** @return the task this model labels */
    Task task();

    /** @return where the model came from: task, training config, seed, data, library version */
    Provenance provenance();

    /**
     * Predicts a batch of texts.
     *
     * @param texts the texts; none may be null
     * @return one distribution per text, in order
     */
    List<LabelDistribution> predictBatch(List<String> texts);

    /**
     * Predicts one text.
     *
     * @param text the text
     * @return its distribution over the task's labels
     */
    default LabelDistribution predict(String text) {
        return predictBatch(List.of(text)).get(0);
    }

    /** Releases any native resources; idempotent. Does not throw checked exceptions. */
    @Override
    void close();
}
