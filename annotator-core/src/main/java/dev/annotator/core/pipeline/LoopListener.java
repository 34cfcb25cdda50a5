package dev.annotator.core.pipeline;

/**
 * Hears an {@link ActiveAnnotationLoop}'s progress: a progress bar, a log, a live chart. Called on the
 * thread running the loop, in the order {@link LoopEvent} describes; an exception thrown here stops the
 * loop (what was annotated stays stored, so the run can be resumed).
 */
@FunctionalInterface
public interface LoopListener {

    /**
     * @param event what just happened
     */
    void on(LoopEvent event);
}
