package dev.annotator.core.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annotator.core.NonRetriableAnnotatorException;

/**
 * Reads and writes a {@link Task} as JSON:
 * {@code {"name", "instruction", "kind", "labels": [{"name", "description", "verbalizer"}]}}, where
 * {@code kind} is a {@link TaskKind} name and {@code verbalizer} is written only for labels that have
 * one. Used to store the
 * task inside model files and annotation stores. Thread-safe.
 */
public final class TaskJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TaskJson() {
    }

    /**
     * @param task the task
     * @return its JSON text
     */
    public static String write(Task task) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", task.name());
        root.put("instruction", task.instruction());
        root.put("kind", task.kind().name());
        ArrayNode labels = root.putArray("labels");
        for (Label l : task.labels()) {
            ObjectNode label = labels.addObject().put("name", l.name()).put("description", l.description());
            if (l.hasVerbalizer()) {
                label.put("verbalizer", l.verbalizer());
            }
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising task '" + task.name() + "'", e);
        }
    }

    /**
     * @param json JSON text as written by {@link #write(Task)}
     * @return the task
     * @throws NonRetriableAnnotatorException when the JSON is malformed or not a valid task
     */
    public static Task read(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            String kind = text(root, "kind");
            TaskKind taskKind;
            try {
                taskKind = TaskKind.valueOf(kind);
            } catch (IllegalArgumentException e) {
                throw new NonRetriableAnnotatorException("task JSON has unknown kind '" + kind + "' (kinds: "
                        + java.util.Arrays.toString(TaskKind.values()) + ")", e);
            }
            Task.Builder b = Task.builder().name(text(root, "name")).instruction(root.path("instruction").asText(""))
                    .kind(taskKind);
            JsonNode labels = root.get("labels");
            if (labels == null || !labels.isArray()) {
                throw new NonRetriableAnnotatorException("task JSON lacks a 'labels' array");
            }
            for (JsonNode l : labels) {
                b.label(new Label(text(l, "name"), l.path("description").asText(""), l.path("verbalizer").asText("")));
            }
            return b.build();
        } catch (JsonProcessingException e) {
            throw new NonRetriableAnnotatorException("task JSON is malformed: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new NonRetriableAnnotatorException("task JSON is not a valid task: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new NonRetriableAnnotatorException("task JSON lacks text field '" + field + "'");
        }
        return v.asText();
    }
}
