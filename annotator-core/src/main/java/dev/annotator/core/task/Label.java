package dev.annotator.core.task;

import java.util.Objects;

/**
 * One class a text can be given, with the description that tells an annotator what it means.
 *
 * @param name the label as it appears in data and answers; non-blank, no surrounding whitespace
 * @param description what the label means (the "verbalizer" shown to annotators); may be empty
 */
public record Label(String name, String description) {

    /**
     * Validates the label.
     *
     * @param name the label as it appears in data and answers; non-blank, no surrounding whitespace
     * @param description what the label means (the "verbalizer" shown to annotators); may be empty
     */
    public Label {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (name.isBlank()) {
            throw new IllegalArgumentException("label name must not be blank");
        }
        if (!name.strip().equals(name)) {
            throw new IllegalArgumentException("label name must not start or end with whitespace: '" + name + "'");
        }
    }

    /**
     * A label without a description.
     *
     * @param name the label name
     * @return the label
     */
    public static Label of(String name) {
        return new Label(name, "");
    }

    /**
     * A label with a description.
     *
     * @param name the label name
     * @param description what the label means
     * @return the label
     */
    public static Label of(String name, String description) {
        return new Label(name, description);
    }
}
