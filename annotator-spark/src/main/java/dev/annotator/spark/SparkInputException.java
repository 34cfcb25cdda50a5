package dev.annotator.spark;

import dev.annotator.core.NonRetriableAnnotatorException;

/**
 * A DataFrame or setting that a Spark transformer cannot work with: a column that is missing or has
 * the wrong type, an output column that already exists, a student file that cannot be found or read.
 * The message names the column, file or setting and what was expected.
 */
public class SparkInputException extends NonRetriableAnnotatorException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong, naming the column, file or setting
     */
    public SparkInputException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong, naming the column, file or setting
     * @param cause the underlying failure
     */
    public SparkInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
