package dev.annotator.core.store;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.task.Task;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Durable memory of everything an annotation run paid for, so that a rerun of the same work makes no
 * call it already made and a crash loses at most the calls in flight.
 *
 * <p>It keeps two things:
 * <ul>
 *   <li><b>responses</b>: raw answers keyed by a request key, a hash of everything that determines the
 *       answer (model, prompt, sampling parameters, sample index). An annotator looks a key up before
 *       calling and {@linkplain #putResponse stores} the answer before using it;</li>
 *   <li><b>annotations</b>: the {@link Annotation} each annotator derived for each example of a task,
 *       one per (task name, example id, source); a later put for the same triple replaces the earlier
 *       one.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe; a put has returned only once its data is durable (for a
 * file-backed store: committed). Implementations holding files or connections release them in
 * {@link #close()}.
 */
public interface AnnotationStore extends AutoCloseable {

    /**
     * @param key a request key
     * @return the stored response for it, or empty when this request was never answered
     */
    Optional<StoredResponse> findResponse(String key);

    /**
     * Stores a response durably. Storing a key that is already present keeps the first response (two
     * racing calls for one request are both paid, but only one answer is ever used).
     *
     * @param response the response to keep
     * @return the response now stored under its key: {@code response} itself, or the earlier one
     */
    StoredResponse putResponse(StoredResponse response);

    /**
     * Stores an annotation of an example of a task, replacing any earlier one from the same source.
     *
     * @param task the task it labels
     * @param annotation the annotation
     */
    void putAnnotation(Task task, Annotation annotation);

    /**
     * Stores several annotations of a task, each replacing any earlier one from the same source. A
     * file-backed store writes them in one transaction (all or none, one flush to disk), which is much
     * faster than one {@link #putAnnotation} per annotation; the default puts them one by one.
     *
     * @param task the task they label
     * @param annotations the annotations; a later one for the same (example id, source) wins
     */
    default void putAnnotations(Task task, Collection<Annotation> annotations) {
        for (Annotation a : annotations) {
            putAnnotation(task, a);
        }
    }

    /**
     * @param task a task
     * @return every stored annotation of that task (matched by task name), ordered by example id then
     *     source
     */
    List<Annotation> annotations(Task task);

    /** @return how many responses are stored */
    long responseCount();

    /** Releases what the store holds. */
    @Override
    void close();
}
