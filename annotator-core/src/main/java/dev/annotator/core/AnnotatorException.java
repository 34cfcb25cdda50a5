package dev.annotator.core;

/**
 * Root of the library's unchecked exception hierarchy.
 *
 * <p>Every failure the library raises on purpose is an {@code AnnotatorException}. Subclasses say
 * whether retrying the same operation can succeed: {@link RetriableAnnotatorException} (rate limits,
 * timeouts, server errors) or {@link NonRetriableAnnotatorException} (bad input, authentication,
 * unparseable answers).
 */
public class AnnotatorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, naming the thing that was being done
     */
    public AnnotatorException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong, naming the thing that was being done
     * @param cause the underlying failure
     */
    public AnnotatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
