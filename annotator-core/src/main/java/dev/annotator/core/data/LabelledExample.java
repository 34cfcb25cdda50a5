package dev.annotator.core.data;

import java.util.List;
import java.util.Objects;

/**
 * A dataset row: an example, its gold labels (empty when unlabelled) and its split.
 *
 * @param example the text
 * @param labels gold label names; empty for an unlabelled row, one for a single-label task
 * @param split the split the row belongs to
 */
public record LabelledExample(Example example, List<String> labels, Split split) {

    /**
     * Validates and copies.
     *
     * @param example the text
     * @param labels gold label names; empty for an unlabelled row, one for a single-label task
     * @param split the split the row belongs to
     */
    public LabelledExample {
        Objects.requireNonNull(example, "example");
        Objects.requireNonNull(split, "split");
        labels = List.copyOf(labels);
    }

    /** @return true when the row has gold labels */
    public boolean isLabelled() {
        return !labels.isEmpty();
    }

    /** @return the example id */
    public String id() {
        return example.id();
    }

    /** @return the example text */
    public String text() {
        return example.text();
    }
}
