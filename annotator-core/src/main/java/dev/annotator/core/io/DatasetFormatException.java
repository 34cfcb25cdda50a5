package dev.annotator.core.io;

import dev.annotator.core.NonRetriableAnnotatorException;
import java.util.Objects;

/**
 * A dataset file that cannot be read as asked: a missing column, a blank text, an unknown split or
 * label, a duplicate id, or text that is not well-formed CSV or JSON. The message has the form
 * {@code <source> line <line>: <problem>}, e.g.
 * {@code uci.csv line 17: label 'neutral' is not a label of task 'sentiment' [negative, positive]}.
 */
public class DatasetFormatException extends NonRetriableAnnotatorException {
    private static final long serialVersionUID = 1L;
    /** The file path or name. */
    private final String source;
    /** The 1-based line. */
    private final long line;
    /** What is wrong. */
    private final String problem;

    /**
     * Creates the exception.
     *
     * @param source the file path or name the data came from
     * @param line the 1-based physical line number the problem is on
     * @param problem what is wrong, without the source and line
     * @throws IllegalArgumentException when {@code line} is less than one
     */
    public DatasetFormatException(String source, long line, String problem) {
        this(source, line, problem, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param source the file path or name the data came from
     * @param line the 1-based physical line number the problem is on
     * @param problem what is wrong, without the source and line
     * @param cause the underlying parse failure; may be null
     * @throws IllegalArgumentException when {@code line} is less than one
     */
    public DatasetFormatException(String source, long line, String problem, Throwable cause) {
        super(Objects.requireNonNull(source, "source") + " line " + requirePositive(line) + ": "
                + Objects.requireNonNull(problem, "problem"), cause);
        this.source = source;
        this.line = line;
        this.problem = problem;
    }

    private static long requirePositive(long line) {
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1: " + line);
        }
        return line;
    }

    /** @return the file path or name the data came from */
    public String source() {
        return source;
    }

    /**
     * The 1-based physical line of the problem. For CSV it is where the offending row starts (a
     * quoted cell may span several lines), or where the parser stopped for malformed CSV; line 1 for
     * header problems. For JSONL it is the line of the offending object.
     *
     * @return the line number, 1 or more
     */
    public long line() {
        return line;
    }

    /** @return what is wrong, without the source and line */
    public String problem() {
        return problem;
    }
}
