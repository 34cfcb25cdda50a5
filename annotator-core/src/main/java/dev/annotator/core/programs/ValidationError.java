package dev.annotator.core.programs;

import java.util.Objects;

/**
 * One reason a labelling program is invalid.
 *
 * @param path where in the program JSON, e.g. {@code $.rules[2].when.all[0].regex.pattern}
 * @param reason what is wrong there
 */
public record ValidationError(String path, String reason) {

    /**
     * Checks for null.
     *
     * @param path where in the program JSON
     * @param reason what is wrong there
     */
    public ValidationError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
