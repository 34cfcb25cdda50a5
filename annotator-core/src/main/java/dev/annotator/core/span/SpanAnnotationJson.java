package dev.annotator.core.span;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.data.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes a {@link SpanAnnotation} as one JSON object (the text itself is not written; it
 * is given back on reading), so a span annotation can be kept in an
 * {@link dev.annotator.core.store.AnnotationStore}:
 *
 * <pre>{@code
 * {"exampleId":"n-3","source":"llm:gpt-4o-mini","spans":[{"start":0,"end":4,"type":"PER"}],
 *  "dropped":[{"span":"Atlantis","type":"LOC","reason":"NOT_FOUND"}],"calls":1,
 *  "cost":{"inputTokens":212,"outputTokens":9,"usd":3.7E-5}}
 * {"exampleId":"n-4","source":"llm:gpt-4o-mini","abstained":"no usable answer","calls":3,"cost":{...}}
 * }</pre>
 *
 * Doubles are written in their shortest exact form, so costs survive a round trip bit for bit.
 * Thread-safe.
 */
public final class SpanAnnotationJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SpanAnnotationJson() {
    }

    /**
     * @param annotation the annotation
     * @return its JSON text, on one line
     */
    public static String write(SpanAnnotation annotation) {
        Objects.requireNonNull(annotation, "annotation");
        ObjectNode root = MAPPER.createObjectNode();
        root.put("exampleId", annotation.exampleId());
        root.put("source", annotation.source());
        if (annotation.isAbstention()) {
            root.put("abstained", annotation.abstentionReason().orElseThrow());
        } else {
            SpanAlignment a = annotation.alignment().orElseThrow();
            ArrayNode spans = root.putArray("spans");
            for (Span s : a.spans()) {
                spans.addObject().put("start", s.start()).put("end", s.end()).put("type", s.type());
            }
            ArrayNode dropped = root.putArray("dropped");
            for (SpanAlignment.Dropped d : a.dropped()) {
                dropped.addObject().put("span", d.answer().span()).put("type", d.answer().type()).put("reason", d.reason().name());
            }
        }
        root.put("calls", annotation.calls());
        Cost c = annotation.cost();
        root.putObject("cost").put("inputTokens", c.inputTokens()).put("outputTokens", c.outputTokens()).put("usd", c.usd());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising span annotation of '" + annotation.exampleId() + "'", e);
        }
    }

    /**
     * Reads an annotation of a text.
     *
     * @param example the text the annotation belongs to; its id must be the one written
     * @param json the JSON text written by {@link #write(SpanAnnotation)}
     * @param cached the {@link SpanAnnotation#cached()} flag of the result
     * @return the annotation
     * @throws NonRetriableAnnotatorException when the text is not such JSON, is about another example,
     *     or holds a span outside the text
     */
    public static SpanAnnotation read(Example example, String json, boolean cached) {
        Objects.requireNonNull(example, "example");
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new NonRetriableAnnotatorException("span annotation JSON is malformed: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new NonRetriableAnnotatorException("span annotation JSON is not an object");
        }
        try {
            String id = text(root, "exampleId");
            if (!id.equals(example.id())) {
                throw new NonRetriableAnnotatorException("span annotation JSON is about '" + id + "', not '" + example.id() + "'");
            }
            String source = text(root, "source");
            JsonNode costNode = root.path("cost");
            Cost cost = new Cost(costNode.path("inputTokens").asLong(), costNode.path("outputTokens").asLong(),
                    costNode.path("usd").asDouble());
            int calls = root.path("calls").asInt();
            if (root.has("abstained")) {
                return new SpanAnnotation(example, Optional.empty(), Optional.of(text(root, "abstained")), source, cost, calls,
                        cached);
            }
            List<Span> spans = new ArrayList<>();
            for (JsonNode s : root.path("spans")) {
                spans.add(Span.of(s.path("start").asInt(), s.path("end").asInt(), text(s, "type")).requireWithin(example.text()));
            }
            List<SpanAlignment.Dropped> dropped = new ArrayList<>();
            for (JsonNode d : root.path("dropped")) {
                dropped.add(new SpanAlignment.Dropped(SpanAnswer.of(text(d, "span"), text(d, "type")),
                        SpanAlignment.Reason.valueOf(text(d, "reason"))));
            }
            return new SpanAnnotation(example, Optional.of(new SpanAlignment(spans, dropped)), Optional.empty(), source, cost, calls,
                    cached);
        } catch (IllegalArgumentException e) {
            throw new NonRetriableAnnotatorException("span annotation JSON of '" + example.id() + "' is invalid: " + e.getMessage(),
                    e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new NonRetriableAnnotatorException("span annotation JSON lacks text field '" + field + "'");
        }
        return v.asText();
    }
}
