package dev.annotator.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes an {@link Annotation} as one JSON object, with scores keyed by label name so the
 * text stays readable and survives a reordering of the task's labels:
 *
 * <pre>{@code
 * {"exampleId":"r7","source":"knn:...","labels":["positive"],"confidence":0.83,
 *  "distribution":{"negative":0.17,"positive":0.83},
 *  "cost":{"inputTokens":0,"outputTokens":0,"usd":0.0}}
 * {"exampleId":"r8","source":"llm:gpt-4o-mini","abstained":"answer 'maybe' is not a label",
 *  "cost":{"inputTokens":212,"outputTokens":9,"usd":3.7E-5}}
 * }</pre>
 *
 * <p>Doubles are written in their shortest exact form, so a write followed by a read gives back the
 * same scores, confidence and cost bit for bit. Used by the annotation stores. Thread-safe.
 */
public final class AnnotationJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AnnotationJson() {
    }

    /**
     * @param annotation the annotation
     * @return its JSON text, on one line
     */
    public static String write(Annotation annotation) {
        Objects.requireNonNull(annotation, "annotation");
        ObjectNode root = MAPPER.createObjectNode();
        root.put("exampleId", annotation.exampleId());
        root.put("source", annotation.source());
        if (annotation.isAbstention()) {
            root.put("abstained", annotation.abstentionReason().orElseThrow());
        } else {
            LabelDistribution d = annotation.distribution().orElseThrow();
            root.putArray("labels").addAll(annotation.labels().stream().map(root::textNode).toList());
            root.put("confidence", annotation.confidence());
            ObjectNode dist = root.putObject("distribution");
            for (int i = 0; i < d.size(); i++) {
                dist.put(d.task().labelNames().get(i), d.get(i));
            }
        }
        Cost c = annotation.cost();
        root.putObject("cost").put("inputTokens", c.inputTokens()).put("outputTokens", c.outputTokens()).put("usd", c.usd());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising annotation of '" + annotation.exampleId() + "'", e);
        }
    }

    /**
     * Reads an annotation of a task. Scores of labels missing from {@code distribution} are zero (a
     * label added to the task later); a name that is not a label of the task is an error.
     *
     * @param task the task whose labels the scores name
     * @param json the JSON text written by {@link #write(Annotation)}
     * @return the annotation
     * @throws NonRetriableAnnotatorException when the text is not JSON, lacks a field, names a label
     *     outside the task, or holds values an {@link Annotation} rejects
     */
    public static Annotation read(Task task, String json) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new NonRetriableAnnotatorException("annotation JSON is malformed: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new NonRetriableAnnotatorException("annotation JSON is not an object: " + abbreviate(json));
        }
        String id = text(root, "exampleId");
        try {
            String source = text(root, "source");
            Cost cost = cost(root.get("cost"), id);
            JsonNode abstained = root.get("abstained");
            if (abstained != null && !abstained.isNull()) {
                if (!abstained.isTextual()) {
                    throw new NonRetriableAnnotatorException("annotation of '" + id + "': 'abstained' must be text");
                }
                return Annotation.abstained(id, abstained.asText(), source, cost);
            }
            JsonNode dist = root.get("distribution");
            if (dist == null || !dist.isObject()) {
                throw new NonRetriableAnnotatorException("annotation of '" + id + "' lacks a 'distribution' object");
            }
            double[] p = new double[task.labelCount()];
            for (Map.Entry<String, JsonNode> e : dist.properties()) {
                if (!e.getValue().isNumber()) {
                    throw new NonRetriableAnnotatorException("annotation of '" + id + "': score of '" + e.getKey() + "' is not a number");
                }
                p[task.requireIndex(e.getKey())] = e.getValue().asDouble();
            }
            JsonNode labelsNode = root.get("labels");
            if (labelsNode == null || !labelsNode.isArray()) {
                throw new NonRetriableAnnotatorException("annotation of '" + id + "' lacks a 'labels' array");
            }
            List<String> labels = new ArrayList<>();
            for (JsonNode l : labelsNode) {
                labels.add(l.asText());
            }
            JsonNode conf = root.get("confidence");
            if (conf == null || !conf.isNumber()) {
                throw new NonRetriableAnnotatorException("annotation of '" + id + "' lacks a numeric 'confidence'");
            }
            return Annotation.labelled(id, LabelDistribution.of(task, p), labels, conf.asDouble(), source, cost);
        } catch (IllegalArgumentException e) {
            throw new NonRetriableAnnotatorException("annotation of '" + id + "' is not valid for task '" + task.name() + "': "
                    + e.getMessage(), e);
        }
    }

    private static Cost cost(JsonNode node, String id) {
        if (node == null || node.isNull()) {
            return Cost.FREE;
        }
        if (!node.isObject()) {
            throw new NonRetriableAnnotatorException("annotation of '" + id + "': 'cost' must be an object");
        }
        return new Cost(node.path("inputTokens").asLong(0), node.path("outputTokens").asLong(0), node.path("usd").asDouble(0));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new NonRetriableAnnotatorException("annotation JSON lacks text field '" + field + "'");
        }
        return v.asText();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
