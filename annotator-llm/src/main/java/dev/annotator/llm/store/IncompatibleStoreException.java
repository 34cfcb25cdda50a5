package dev.annotator.llm.store;

import dev.annotator.core.store.AnnotationStoreException;
import java.nio.file.Path;

/**
 * A file cannot be used as an annotation store: it is not a SQLite database, belongs to another
 * application, or was written by a newer version of the library (a newer schema). Nothing in the file
 * was changed. The message names the file and the problem.
 */
public class IncompatibleStoreException extends AnnotationStoreException {
    private static final long serialVersionUID = 1L;

    /** The offending file, kept as a string so the exception stays serializable. */
    private final String file;

    /**
     * Creates the exception.
     *
     * @param file the file that was opened
     * @param problem what is wrong with it, e.g. "is not a SQLite database"
     * @param cause the underlying failure, or null
     */
    public IncompatibleStoreException(Path file, String problem, Throwable cause) {
        super("annotation store " + file + " " + problem, cause);
        this.file = file.toString();
    }

    /** @return the file that could not be used */
    public Path file() {
        return Path.of(file);
    }
}
