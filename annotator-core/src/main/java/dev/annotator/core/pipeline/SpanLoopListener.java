package dev.annotator.core.pipeline;

/** Receives a {@link SpanActiveLoop}'s events on the loop's thread; must not throw. */
@FunctionalInterface
public interface SpanLoopListener {

    /**
     * Called for every event.
     *
     * @param event what happened
     */
    void on(SpanLoopEvent event);
}
