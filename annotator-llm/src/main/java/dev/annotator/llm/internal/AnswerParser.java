package dev.annotator.llm.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotator.core.task.Task;
import dev.annotator.llm.prompt.AnswerSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates an answer against the task. Strict about labels (a name that is not exactly a
 * label of the task is a fault, never mapped to the nearest one); lenient only about a Markdown code
 * fence around the JSON and about extra fields.
 */
public final class AnswerParser {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final Pattern FENCE = Pattern.compile("(?s)\\A\\s*```(?:json|JSON)?\\s*\\n?(.*?)\\s*```\\s*\\z");

    private AnswerParser() {
    }

    /**
     * One validly answered text.
     *
     * @param labels the labels given (one for a single-label task)
     * @param rationale the rationale, or empty
     * @param valueOffset offset in the answer text of the first character of the first label value
     *     (inside its quotes), or -1
     */
    public record Item(List<String> labels, String rationale, int valueOffset) {
        /**
         * Copies the labels.
         *
         * @param labels the labels
         * @param rationale the rationale
         * @param valueOffset offset of the label value, or -1
         */
        public Item {
            labels = List.copyOf(labels);
        }
    }

    /**
     * The outcome of parsing one answer.
     *
     * @param items valid answers by prompt-local text id
     * @param faults why each asked-about text has no valid answer, by prompt-local text id
     * @param extraIds ids the answer named that the prompt did not ask about
     */
    public record Parsed(Map<String, Item> items, Map<String, String> faults, List<String> extraIds) {
        /**
         * Copies.
         *
         * @param items valid answers
         * @param faults faults
         * @param extraIds unexpected ids
         */
        public Parsed {
            items = Map.copyOf(items);
            faults = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(faults));
            extraIds = List.copyOf(extraIds);
        }
    }

    /**
     * @param task the task
     * @param text the answer text
     * @param allIds every prompt-local text id in the prompt, in order
     * @param wanted the ids whose answers are still needed (answers for other ids are ignored)
     * @return the valid answers and the faults
     */
    public static Parsed parse(Task task, String text, List<String> allIds, Set<String> wanted) {
        Map<String, Item> items = new LinkedHashMap<>();
        Map<String, String> faults = new LinkedHashMap<>();
        List<String> extra = new ArrayList<>();
        String json = text == null ? "" : text;
        int base = 0;
        Matcher fence = FENCE.matcher(json);
        if (fence.matches()) {
            base = fence.start(1);
            json = fence.group(1);
        }
        if (json.isBlank()) {
            return allFault(wanted, "empty answer", allIds);
        }
        JsonNode root;
        List<Integer> offsets;
        try {
            root = JSON.readTree(json);
            offsets = labelOffsets(json);
        } catch (JsonProcessingException e) {
            return allFault(wanted, "answer is not valid JSON (" + e.getOriginalMessage() + ")", allIds);
        } catch (IOException e) {
            return allFault(wanted, "answer is not valid JSON (" + e.getMessage() + ")", allIds);
        }
        if (root == null || !root.isObject()) {
            return allFault(wanted, "answer is not a JSON object", allIds);
        }
        boolean batch = allIds.size() > 1;
        if (!batch) {
            String id = allIds.get(0);
            Object r = item(task, root, offsets.isEmpty() ? -1 : base + offsets.get(0));
            if (r instanceof Item i) {
                items.put(id, i);
            } else {
                faults.put(id, (String) r);
            }
            return new Parsed(items, faults, extra);
        }
        JsonNode answers = root.get(AnswerSchema.ANSWERS);
        if (answers == null || !answers.isArray()) {
            return allFault(wanted, "answer has no \"answers\" array", allIds);
        }
        Set<String> seen = new HashSet<>();
        Set<String> known = new HashSet<>(allIds);
        int labelIndex = 0;
        for (JsonNode a : answers) {
            int offset = -1;
            boolean hasLabel = a.isObject() && (a.has(AnswerSchema.LABEL) || a.has(AnswerSchema.LABELS));
            if (hasLabel && labelIndex < offsets.size()) {
                offset = base + offsets.get(labelIndex);
            }
            if (hasLabel) {
                labelIndex++;
            }
            JsonNode idNode = a.isObject() ? a.get(AnswerSchema.ID) : null;
            if (idNode == null || !(idNode.isTextual() || idNode.isIntegralNumber())) {
                extra.add(String.valueOf(idNode));
                continue;
            }
            String id = idNode.asText();
            if (!known.contains(id)) {
                extra.add(id);
                continue;
            }
            if (!wanted.contains(id)) {
                continue;
            }
            if (!seen.add(id)) {
                items.remove(id);
                faults.put(id, "text id " + id + " answered more than once");
                continue;
            }
            Object r = item(task, a, offset);
            if (r instanceof Item i) {
                items.put(id, i);
            } else {
                faults.put(id, (String) r);
            }
        }
        for (String id : allIds) {
            if (wanted.contains(id) && !items.containsKey(id) && !faults.containsKey(id)) {
                faults.put(id, "no answer for text id " + id);
            }
        }
        return new Parsed(items, faults, extra);
    }

    private static Parsed allFault(Set<String> wanted, String reason, List<String> allIds) {
        Map<String, String> faults = new LinkedHashMap<>();
        for (String id : allIds) {
            if (wanted.contains(id)) {
                faults.put(id, reason);
            }
        }
        return new Parsed(Map.of(), faults, List.of());
    }

    /** @return an Item, or a String fault */
    private static Object item(Task task, JsonNode node, int offset) {
        String rationale = node.path(AnswerSchema.RATIONALE).isTextual() ? node.get(AnswerSchema.RATIONALE).asText() : "";
        if (task.isMultiLabel()) {
            JsonNode labels = node.get(AnswerSchema.LABELS);
            if (labels == null) {
                return "answer has no \"labels\" field";
            }
            if (!labels.isArray()) {
                return "\"labels\" is not an array: " + ResponseCodec.abbreviate(labels.toString());
            }
            List<String> out = new ArrayList<>();
            for (JsonNode l : labels) {
                if (!l.isTextual()) {
                    return "label " + ResponseCodec.abbreviate(l.toString()) + " is not a string";
                }
                if (!task.hasLabel(l.asText())) {
                    return notALabel(task, l.asText());
                }
                if (out.contains(l.asText())) {
                    return "label '" + l.asText() + "' is given twice";
                }
                out.add(l.asText());
            }
            return new Item(out, rationale, offset);
        }
        JsonNode label = node.get(AnswerSchema.LABEL);
        if (label == null) {
            return "answer has no \"label\" field";
        }
        if (!label.isTextual()) {
            return "label " + ResponseCodec.abbreviate(label.toString()) + " is not a string";
        }
        if (!task.hasLabel(label.asText())) {
            return notALabel(task, label.asText());
        }
        return new Item(List.of(label.asText()), rationale, offset);
    }

    private static String notALabel(Task task, String given) {
        return "'" + ResponseCodec.abbreviate(given) + "' is not a label of task '" + task.name() + "' (labels: "
                + String.join(", ", task.labelNames()) + ")";
    }

    /** Offsets (inside the quotes) of the values of "label" fields and of the first element of "labels" arrays. */
    private static List<Integer> labelOffsets(String json) throws IOException {
        List<Integer> out = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(json)) {
            String field = null;
            boolean inLabels = false;
            boolean first = false;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME) {
                    field = p.currentName();
                    continue;
                }
                if (inLabels) {
                    if (t == JsonToken.END_ARRAY) {
                        if (first) {
                            out.add(-1);
                        }
                        inLabels = false;
                    } else if (first) {
                        out.add(t == JsonToken.VALUE_STRING ? (int) p.currentTokenLocation().getCharOffset() + 1 : -1);
                        first = false;
                    }
                    continue;
                }
                if (AnswerSchema.LABEL.equals(field) && t.isScalarValue()) {
                    out.add(t == JsonToken.VALUE_STRING ? (int) p.currentTokenLocation().getCharOffset() + 1 : -1);
                } else if (AnswerSchema.LABELS.equals(field) && t == JsonToken.START_ARRAY) {
                    inLabels = true;
                    first = true;
                } else if (AnswerSchema.LABEL.equals(field) || AnswerSchema.LABELS.equals(field)) {
                    out.add(-1);
                    p.skipChildren();
                }
                field = null;
            }
        }
        return out;
    }
}
