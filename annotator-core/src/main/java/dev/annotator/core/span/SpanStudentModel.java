package dev.annotator.core.span;

import dev.annotator.core.student.Provenance;
import dev.annotator.core.task.Task;
import java.util.List;

/**
 * A trained span tagger (named-entity recogniser) for a {@link dev.annotator.core.task.TaskKind#SPAN}
 * task: maps texts to spans with per-token tag probabilities.
 *
 * <p>Trained models are immutable. Implementations holding native resources release them in
 * {@link #close()} and say in their Javadoc whether they are thread-safe.
 */
public interface SpanStudentModel extends AutoCloseable {

    /** @return the span task this model labels */
    Task task();

    /** @return where the model came from */
    Provenance provenance();

    /**
     * Predicts a batch of texts.
     *
     * @param texts the texts; none may be null
     * @return one prediction per text, in order
     */
    List<SpanPrediction> predictBatch(List<String> texts);

    /**
     * Predicts one text.
     *
     * @param text the text
     * @return its prediction
     */
    default SpanPrediction predict(String text) {
        return predictBatch(List.of(text)).get(0);
    }

    /** Releases any native resources; idempotent. */
    @Override
    void close();
}
