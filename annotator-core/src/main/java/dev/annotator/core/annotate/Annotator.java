package dev.annotator.core.annotate;

import dev.annotator.core.data.Example;
import dev.annotator.core.task.Task;
import java.util.List;

/**
 * Labels examples of one {@link Task}: an LLM, a k-NN vote over gold examples, a labelling program, a
 * human. Pipelines call it with batches of examples they chose; it answers each with an
 * {@link Annotation} (a label distribution, or an abstention with its reason).
 *
 * <p>Contract for implementations (checked by {@code AnnotatorContract} in annotator-testing):
 * <ul>
 *   <li>{@link #annotate(List)} returns exactly one annotation per example, in the same order, each
 *       with the example's id;</li>
 *   <li>a fault confined to one example (an unparseable answer, a label outside the task, retries
 *       exhausted) becomes an abstention naming the reason, never an exception and never a coerced
 *       label;</li>
 *   <li>a fault that stops the whole run (budget exhausted, bad credentials, the store failing) is
 *       thrown as an {@link dev.annotator.core.AnnotatorException}; whatever was paid for before it is
 *       kept by the implementation's store, so a rerun does not pay again;</li>
 *   <li>implementations that hold connections, threads or native memory release them in
 *       {@link #close()}.</li>
 * </ul>
 */
public interface Annotator extends AutoCloseable {

    /** @return the task whose labels this annotator gives */
    Task task();

    /**
     * @return a short stable identifier of this annotator and its configuration, used as the
     *     {@link Annotation#source()} of its answers, e.g. {@code llm:gpt-4o-mini} or {@code knn:k=5}
     */
    String name();

    /**
     * Annotates a batch.
     *
     * @param examples the examples to label; ids must be distinct
     * @return one annotation per example, in the same order
     * @throws dev.annotator.core.AnnotatorException when the run cannot go on (already-paid answers stay
     *     stored)
     */
    List<Annotation> annotate(List<Example> examples);

    /**
     * Annotates one example.
     *
     * @param example the example to label
     * @return its annotation
     */
    default Annotation annotate(Example example) {
        return annotate(List.of(example)).get(0);
    }

    /** Releases what the annotator holds; the default holds nothing. */
    @Override
    default void close() {
    }
}
