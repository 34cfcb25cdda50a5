package dev.annotator.core.data;

import java.util.Map;
import java.util.Objects;

/**
 * One text to be labelled.
 *
 * @param id unique within its dataset; non-blank
 * @param text the text; non-blank
 * @param metadata any further columns or fields, copied to an unmodifiable map
 */
public record Example(String id, String text, Map<String, String> metadata) {

    /**
     * Validates and copies.
     *
     * @param id unique within its dataset; non-blank
     * @param text the text; non-blank
     * @param metadata any further columns or fields, copied to an unmodifiable map
     */
    public Example {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(metadata, "metadata");
        if (id.isBlank()) {
            throw new IllegalArgumentException("example id must not be blank");
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("text of example '" + id + "' must not be blank");
        }
        metadata = Map.copyOf(metadata);
    }

    /**
     * An example without metadata.
     *
     * @param id the id
     * @param text the text
     * @return the example
     */
    public static Example of(String id, String text) {
        return new Example(id, text, Map.of());
    }
}
