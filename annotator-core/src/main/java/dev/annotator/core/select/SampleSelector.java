package dev.annotator.core.select;

import dev.annotator.core.data.Example;
import java.util.List;

/**
 * Picks the next batch of texts to annotate from an unlabelled pool: the "select" step of an active
 * annotation loop.
 *
 * <p>Contract for implementations (checked by {@code SampleSelectorContract} in annotator-testing):
 * <ul>
 *   <li>{@link #select(SelectionContext)} returns at most {@link SelectionContext#batchSize()}
 *       examples, all of them {@linkplain SelectionContext#candidates() candidates}: from the pool, not
 *       already labelled, and without duplicates; when there are fewer candidates than the batch size
 *       a selector that is not budget-limited returns all of them;</li>
 *   <li>the result is ordered by priority (most wanted first), so a caller may truncate it;</li>
 *   <li>the same context (same pool, predictions, embeddings, labelled ids, batch size and seed) gives
 *       the same batch; all randomness comes from {@link SelectionContext#random()};</li>
 *   <li>a selector that needs predictions works at cold start (no student yet) by falling back to a
 *       selector that does not, as configured;</li>
 *   <li>a selector that needs something the context lacks (embeddings) throws
 *       {@link IllegalArgumentException} naming it.</li>
 * </ul>
 *
 * <p>Selectors are immutable and thread-safe; pipelines build one and call it every round with a
 * fresh context.
 */
public interface SampleSelector {

    /**
     * Chooses the next batch.
     *
     * @param context the pool, what is already labelled, predictions, embeddings, batch size and seed
     * @return distinct candidates, most wanted first; at most {@code context.batchSize()} of them
     * @throws IllegalArgumentException when the context lacks something this selector needs
     */
    List<Example> select(SelectionContext context);

    /**
     * @return a short stable description of the strategy and its settings, for logs, learning curves
     *     and provenance, e.g. {@code uncertainty(entropy)} or {@code kmeans}
     */
    String name();

    /**
     * Uniform random sampling without replacement, seeded by the context.
     *
     * @return the selector
     */
    static SampleSelector random() {
        return RandomSelector.INSTANCE;
    }

    /**
     * Least confidence (lowest top probability first); random at cold start.
     *
     * @return the selector
     * @see UncertaintyMeasure#leastConfidence()
     */
    static SampleSelector leastConfidence() {
        return UncertaintySelector.of(UncertaintyMeasure.leastConfidence());
    }

    /**
     * Smallest margin between the two most probable labels first; random at cold start.
     *
     * @return the selector
     * @see UncertaintyMeasure#margin()
     */
    static SampleSelector margin() {
        return UncertaintySelector.of(UncertaintyMeasure.margin());
    }

    /**
     * Highest predictive entropy first; random at cold start.
     *
     * @return the selector
     * @see UncertaintyMeasure#entropy()
     */
    static SampleSelector entropy() {
        return UncertaintySelector.of(UncertaintyMeasure.entropy());
    }

    /**
     * k-means diversity on embeddings with default settings (k = batch size, the text nearest each
     * centroid).
     *
     * @return the selector
     */
    static SampleSelector kMeans() {
        return KMeansDiversitySelector.builder().build();
    }

    /**
     * Greedy k-center coreset on embeddings, relative to the already-labelled texts.
     *
     * @return the selector
     */
    static SampleSelector kCenter() {
        return KCenterGreedySelector.INSTANCE;
    }

    /**
     * Hybrid with default settings: the {@value HybridSelector#DEFAULT_MULTIPLIER}×batch most
     * uncertain candidates by entropy, then k-means diversity among them.
     *
     * @return the selector
     */
    static SampleSelector hybrid() {
        return HybridSelector.builder().build();
    }
}
