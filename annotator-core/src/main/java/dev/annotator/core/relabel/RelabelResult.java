package dev.annotator.core.relabel;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What one relabelling run did.
 *
 * @param output the file written
 * @param texts how many texts were labelled
 * @param seconds wall time of the run, reading and writing included
 * @param threads worker threads used
 */
public record RelabelResult(Path output, long texts, double seconds, int threads) {
    /**
     * Validates the result.
     *
     * @param output the file written
     * @param texts texts labelled, zero or more
     * @param seconds wall time, zero or more
     * @param threads worker threads, at least one
     */
    public RelabelResult {
        Objects.requireNonNull(output, "output");
        if (texts < 0 || !(seconds >= 0) || threads < 1) {
            throw new IllegalArgumentException("texts and seconds must be >= 0 and threads >= 1: " + texts + ", " + seconds
                    + ", " + threads);
        }
    }

    /** @return texts labelled per second of wall time; 0 when nothing was labelled */
    public double textsPerSecond() {
        return texts == 0 || seconds == 0 ? 0 : texts / seconds;
    }
}
