package dev.annotator.llm.incubate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotator.core.task.Label;
import dev.annotator.core.task.Task;
import dev.annotator.llm.prompt.Prompt;
import dev.annotator.llm.prompt.PromptMessage;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prompts, schemas and answer parsing of the incubator. Instructions are data the user wrote. */
final class IncubatorPrompts {
    static final String LABELS = "labels";
    static final String NAME = "name";
    static final String DESCRIPTION = "description";

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern FENCE = Pattern.compile("(?s)\\A\\s*```(?:json|JSON)?\\s*\\n?(.*?)\\s*```\\s*\\z");

    private static final String GENERATE_SYSTEM = "You write realistic, varied example texts for training a text "
            + "classifier. Follow the task instruction and the label definitions. Answer with one JSON object only, "
            + "without commentary.";
    private static final String PROPOSE_SYSTEM = "You design label sets for text classification tasks. Answer with "
            + "one JSON object only, without commentary.";

    private IncubatorPrompts() {
    }

    /** A generation request for known labels: one example for every label, side by side. */
    static Prompt generate(Task task, long seed, int nonce) {
        StringBuilder u = new StringBuilder();
        u.append("Task instruction:\n").append(task.instruction().isBlank() ? "(none: use the labels)" : task.instruction())
                .append("\n\nLabels:\n");
        for (Label l : task.labels()) {
            u.append("- \"").append(l.name()).append('"');
            if (!l.description().isBlank()) {
                u.append(": ").append(l.description());
            }
            u.append('\n');
        }
        u.append("\nWrite one new example text for EACH label above. Answer with one JSON object whose keys are "
                + "exactly the label names and whose values are the example texts:\n{");
        for (int i = 0; i < task.labelCount(); i++) {
            u.append(i > 0 ? ", " : "").append('"').append(task.labelNames().get(i)).append("\": \"...\"");
        }
        u.append("}\n");
        u.append(variation(seed, nonce));
        return new Prompt(List.of(new PromptMessage(PromptMessage.Role.SYSTEM, GENERATE_SYSTEM),
                new PromptMessage(PromptMessage.Role.USER, u.toString())), List.of());
    }

    /** A generation request without labels: the model decides the keys from the instruction. */
    static Prompt generateFree(String instruction, long seed, int nonce) {
        String u = "Task instruction:\n" + instruction + "\n\n"
                + "Decide which labels (classes) this instruction asks to tell apart, each with a short lowercase name. "
                + "Then write one new example text for EACH label. Answer with one JSON object whose keys are the label "
                + "names and whose values are the example texts, e.g. {\"<label 1>\": \"...\", \"<label 2>\": \"...\"}.\n"
                + variation(seed, nonce);
        return new Prompt(List.of(new PromptMessage(PromptMessage.Role.SYSTEM, GENERATE_SYSTEM),
                new PromptMessage(PromptMessage.Role.USER, u)), List.of());
    }

    private static String variation(long seed, int nonce) {
        return "Each text must clearly belong to its own label and to no other. Make the texts natural and specific, "
                + "and vary topic, length, tone and wording from one request to the next.\n"
                + "Request " + seed + "-" + nonce + ": write something different from the most typical example.";
    }

    /** A label proposal request. */
    static Prompt propose(String instruction) {
        String u = "Task instruction:\n" + instruction + "\n\n"
                + "Propose the labels this instruction asks to tell apart: 2 to 12 labels, each with a short lowercase "
                + "name (letters, digits, underscores) and a one-sentence description saying which texts get it. "
                + "Include an \"other\" label only if the instruction implies one. Answer as "
                + "{\"labels\": [{\"name\": \"...\", \"description\": \"...\"}, ...]}";
        return new Prompt(List.of(new PromptMessage(PromptMessage.Role.SYSTEM, PROPOSE_SYSTEM),
                new PromptMessage(PromptMessage.Role.USER, u)), List.of());
    }

    /** Schema of a generation answer: every label a required string property, nothing else. */
    static JsonSchema generateSchema(Task task) {
        JsonObjectSchema.Builder b = JsonObjectSchema.builder();
        for (Label l : task.labels()) {
            b.addStringProperty(l.name(), "an example text for label '" + l.name() + "'");
        }
        return JsonSchema.builder().name("examples").rootElement(b.required(task.labelNames())
                .additionalProperties(false).build()).build();
    }

    /** Schema of a label proposal. */
    static JsonSchema proposeSchema() {
        JsonObjectSchema label = JsonObjectSchema.builder().addStringProperty(NAME).addStringProperty(DESCRIPTION)
                .required(NAME, DESCRIPTION).additionalProperties(false).build();
        JsonObjectSchema root = JsonObjectSchema.builder().addProperty(LABELS, JsonArraySchema.builder().items(label).build())
                .required(LABELS).additionalProperties(false).build();
        return JsonSchema.builder().name("label_proposal").rootElement(root).build();
    }

    /** A parsed answer object, or why there is none. */
    record Parsed(JsonNode root, String fault) {
        boolean ok() {
            return fault.isEmpty();
        }
    }

    static Parsed parseObject(String text) {
        String json = text == null ? "" : text;
        Matcher fence = FENCE.matcher(json);
        if (fence.matches()) {
            json = fence.group(1);
        }
        if (json.isBlank()) {
            return new Parsed(null, "empty answer");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return new Parsed(null, "not valid JSON");
        }
        if (root == null || !root.isObject()) {
            return new Parsed(null, "not a JSON object");
        }
        return new Parsed(root, "");
    }

    /**
     * The {label: text} pairs of a generation answer, in answer order.
     *
     * @return the pairs, or a reason: every value must be a non-blank string
     */
    static Object examples(JsonNode root) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                return "a value is not a non-empty string";
            }
            out.put(e.getKey().strip(), e.getValue().asText().strip());
        }
        if (out.size() != root.size()) {
            return "a key repeats after trimming";
        }
        return out;
    }

    /**
     * The labels of a proposal.
     *
     * @return the labels, or a reason they are unusable
     */
    static Object proposedLabels(JsonNode root) {
        JsonNode arr = root.get(LABELS);
        if (arr == null || !arr.isArray()) {
            return "answer has no \"labels\" array";
        }
        List<Label> labels = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode n : arr) {
            String name = labelName(n.path(NAME).asText(""));
            if (name.isEmpty()) {
                return "a label has no usable name: " + n;
            }
            if (names.contains(name)) {
                return "label '" + name + "' is proposed twice";
            }
            names.add(name);
            labels.add(Label.of(name, n.path(DESCRIPTION).asText("").strip()));
        }
        if (labels.size() < 2) {
            return "fewer than two labels proposed: " + names;
        }
        return labels;
    }

    /** Lowercase, runs of anything but letters, digits, '_' and '-' turned into '_'. */
    static String labelName(String raw) {
        String s = raw.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_-]+", "_");
        return s.replaceAll("^_+|_+$", "");
    }
}
