package dev.annotator.llm.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The messages sent for one request, and the ids of the texts it asks about (in order).
 *
 * @param messages the messages, system first
 * @param textIds the prompt-local ids of the texts, as written in the prompt ({@code "1"}, {@code "2"},
 *     ...); one per text asked about
 */
public record Prompt(List<PromptMessage> messages, List<String> textIds) {

    /**
     * Validates and copies.
     *
     * @param messages the messages
     * @param textIds the prompt-local text ids
     */
    public Prompt {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        textIds = List.copyOf(Objects.requireNonNull(textIds, "textIds"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a prompt needs at least one message");
        }
    }

    /**
     * The same prompt followed by the model's rejected answer and a request to answer again.
     *
     * @param rejectedAnswer what the model answered
     * @param reason why it was rejected
     * @return the longer prompt
     */
    public Prompt reask(String rejectedAnswer, String reason) {
        List<PromptMessage> m = new ArrayList<>(messages);
        m.add(new PromptMessage(PromptMessage.Role.ASSISTANT, rejectedAnswer));
        m.add(new PromptMessage(PromptMessage.Role.USER, "That answer was rejected: " + reason
                + ". Answer again with one JSON object that follows the answer format exactly, using only the labels listed."));
        return new Prompt(m, textIds);
    }

    /** @return every message as readable text, for printing a plan */
    public String render() {
        StringBuilder sb = new StringBuilder();
        for (PromptMessage m : messages) {
            sb.append("--- ").append(m.role().name().toLowerCase(java.util.Locale.ROOT)).append(" ---\n")
                    .append(m.text()).append('\n');
        }
        return sb.toString();
    }
}
