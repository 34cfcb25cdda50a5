package dev.annotator.llm.prompt;

import dev.annotator.core.task.Task;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON schema of an answer, built from the task's label set: a single-label answer is
 * {@code {"label": enum}}, a multi-label one {@code {"labels": [enum, ...]}}, each optionally preceded
 * by a short {@code "rationale"}. A request about several texts wraps one such object per text, with
 * its {@code "id"}, in {@code {"answers": [...]}}.
 */
public final class AnswerSchema {
    /** Field holding a single-label answer. */
    public static final String LABEL = "label";
    /** Field holding a multi-label answer. */
    public static final String LABELS = "labels";
    /** Field holding the optional rationale. */
    public static final String RATIONALE = "rationale";
    /** Field holding the text id in a batched answer. */
    public static final String ID = "id";
    /** Field holding the list of answers of a batched request. */
    public static final String ANSWERS = "answers";

    private AnswerSchema() {
    }

    /**
     * @param task the task
     * @param rationale whether the answer carries a short rationale before its label(s)
     * @param textIds the prompt-local ids of the texts; more than one gives the batched form
     * @return the schema
     */
    public static JsonSchema of(Task task, boolean rationale, List<String> textIds) {
        JsonObjectSchema one = single(task, rationale, textIds.size() > 1 ? textIds : List.of());
        if (textIds.size() <= 1) {
            return JsonSchema.builder().name("annotation").rootElement(one).build();
        }
        JsonObjectSchema root = JsonObjectSchema.builder()
                .addProperty(ANSWERS, JsonArraySchema.builder().items(one).build())
                .required(ANSWERS).additionalProperties(false).build();
        return JsonSchema.builder().name("annotations").rootElement(root).build();
    }

    private static JsonObjectSchema single(Task task, boolean rationale, List<String> ids) {
        JsonObjectSchema.Builder b = JsonObjectSchema.builder();
        List<String> required = new ArrayList<>();
        if (!ids.isEmpty()) {
            b.addProperty(ID, JsonEnumSchema.builder().enumValues(ids).build());
            required.add(ID);
        }
        if (rationale) {
            b.addStringProperty(RATIONALE, "one short sentence explaining the label");
            required.add(RATIONALE);
        }
        JsonSchemaElement labels = JsonEnumSchema.builder().enumValues(task.labelNames()).build();
        if (task.isMultiLabel()) {
            b.addProperty(LABELS, JsonArraySchema.builder().items(labels).build());
            required.add(LABELS);
        } else {
            b.addProperty(LABEL, labels);
            required.add(LABEL);
        }
        return b.required(required).additionalProperties(false).build();
    }
}
