package dev.annotator.core.store;

import dev.annotator.core.NonRetriableAnnotatorException;

/**
 * An {@link AnnotationStore} could not be opened, read or written: the run cannot go on safely,
 * because an answer it paid for might not be kept. The message names the store (its file, for a
 * file-backed store) and what was being done.
 */
public class AnnotationStoreException extends NonRetriableAnnotatorException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what failed, naming the store
     */
    public AnnotationStoreException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what failed, naming the store
     * @param cause the underlying failure
     */
    public AnnotationStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
