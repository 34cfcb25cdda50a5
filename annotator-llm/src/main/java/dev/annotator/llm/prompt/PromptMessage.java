package dev.annotator.llm.prompt;

import java.util.Objects;

/**
 * One message of a prompt.
 *
 * @param role who speaks
 * @param text what is said
 */
public record PromptMessage(Role role, String text) {

    /** Who speaks a message. */
    public enum Role {
        /** Standing instructions. */
        SYSTEM,
        /** The request. */
        USER,
        /** An earlier answer of the model (when re-asking). */
        ASSISTANT
    }

    /**
     * Validates the message.
     *
     * @param role who speaks
     * @param text what is said
     */
    public PromptMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
    }
}
