package dev.annotator.core.relabel;

/**
 * Told how far a {@link StreamingRelabeller} has got, after every block of texts it writes (a few
 * thousand texts), on the thread that called {@code relabel}.
 */
@FunctionalInterface
public interface RelabelProgress {
    /**
     * Reports progress.
     *
     * @param texts texts labelled and written so far
     * @param seconds seconds since the run started
     */
    void update(long texts, double seconds);

    /** @return a listener that ignores every update */
    static RelabelProgress none() {
        return (texts, seconds) -> { };
    }
}
