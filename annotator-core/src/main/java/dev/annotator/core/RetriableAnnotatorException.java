package dev.annotator.core;

/** A failure that may succeed when the same operation is tried again (rate limit, timeout, 5xx). */
public class RetriableAnnotatorException extends AnnotatorException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates a retriable exception.
     *
     * @param message what went wrong
     */
    public RetriableAnnotatorException(String message) {
        super(message);
    }

    /**
     * Creates a retriable exception with a cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public RetriableAnnotatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
