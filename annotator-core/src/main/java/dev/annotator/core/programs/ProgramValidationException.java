package dev.annotator.core.programs;

import dev.annotator.core.NonRetriableAnnotatorException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A labelling program (or a directory of them) failed validation. Holds every error found, each
 * with its JSON path, not just the first.
 */
public class ProgramValidationException extends NonRetriableAnnotatorException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final transient List<ValidationError> errors;

    /**
     * @param source what was being validated, e.g. a file name or {@code program 'spam-links'}
     * @param errors every error found; non-empty
     */
    public ProgramValidationException(String source, List<ValidationError> errors) {
        super(message(source, errors));
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    private static String message(String source, List<ValidationError> errors) {
        return "invalid labelling program " + source + " (" + errors.size() + (errors.size() == 1 ? " error" : " errors") + "):\n  "
                + errors.stream().map(ValidationError::toString).collect(Collectors.joining("\n  "));
    }

    /** @return what was being validated */
    public String source() {
        return source;
    }

    /** @return every error found, in document order */
    public List<ValidationError> errors() {
        return errors;
    }
}
