package dev.annotator.core;

/** A failure that repeating the same operation cannot fix (bad input, auth, unparseable answer). */
public class NonRetriableAnnotatorException extends AnnotatorException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates a non-retriable exception.
     *
     * @param message what went wrong
     */
    public NonRetriableAnnotatorException(String message) {
        super(message);
    }

    /**
     * Creates a non-retriable exception with a cause.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public NonRetriableAnnotatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
