package dev.annotator.core.span;

import dev.annotator.core.data.Split;
import java.util.Objects;

/**
 * A relation instance with its gold (or annotated) relation label and its split.
 *
 * @param instance the text and its two entities
 * @param relation the relation label, a label of the relation task (possibly the negative, e.g.
 *     {@code no_relation}); non-blank
 * @param split the split
 */
public record RelationExample(RelationInstance instance, String relation, Split split) {

    /**
     * Validates.
     *
     * @param instance the text and its two entities
     * @param relation the relation label; non-blank
     * @param split the split
     */
    public RelationExample {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(split, "split");
        if (relation.isBlank()) {
            throw new IllegalArgumentException("relation of '" + instance.id() + "' must not be blank");
        }
    }

    /** @return the instance id */
    public String id() {
        return instance.id();
    }
}
