package dev.annotator.student.relation;

import java.util.Objects;

/**
 * A relation instance a relation student cannot read: an entity that covers no token of the
 * encoder's tokenization, because it holds only whitespace or lies past the encoder's maximum
 * length. The message names the instance and the entity.
 */
public class RelationInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String instanceId;
    private final String entity;

    /**
     * @param instanceId the instance's id
     * @param entity {@code e1} or {@code e2}
     * @param message what is wrong
     */
    public RelationInputException(String instanceId, String entity, String message) {
        super("relation instance '" + instanceId + "', " + entity + ": " + message);
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.entity = Objects.requireNonNull(entity, "entity");
    }

    /** @return the id of the instance that could not be read */
    public String instanceId() {
        return instanceId;
    }

    /** @return {@code e1} or {@code e2} */
    public String entity() {
        return entity;
    }
}
