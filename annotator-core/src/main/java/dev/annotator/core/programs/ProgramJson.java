package dev.annotator.core.programs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annotator.core.task.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes {@link LabelingProgram}s as JSON, the format described by
 * {@link #schema() program.schema.json}. Reading validates everything (structure, labels against the
 * task, regular expressions, size limits) and reports every problem at once. Thread-safe.
 */
public final class ProgramJson {
    /** Class-path location of the JSON Schema of the rule language. */
    public static final String SCHEMA_RESOURCE = "/dev/annotator/core/programs/program.schema.json";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ProgramJson() {
    }

    /**
     * Parses and validates a program with the default limits.
     *
     * @param json the program's JSON text
     * @param task the task it must be for
     * @return the program
     * @throws ProgramValidationException listing every problem, with JSON paths
     */
    public static LabelingProgram read(String json, Task task) {
        return read(json, task, ProgramLimits.DEFAULTS, "(inline)");
    }

    /**
     * Parses and validates a program.
     *
     * @param json the program's JSON text
     * @param task the task it must be for
     * @param limits the limits to validate against and apply with
     * @param source where the text came from, for error messages (e.g. a file name)
     * @return the program
     * @throws ProgramValidationException listing every problem, with JSON paths
     */
    public static LabelingProgram read(String json, Task task, ProgramLimits limits, String source) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(limits, "limits");
        if (json.length() > limits.maxProgramChars()) {
            throw new ProgramValidationException(source, List.of(new ValidationError("$", "program is " + json.length()
                    + " characters long; at most " + limits.maxProgramChars() + " are allowed")));
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new ProgramValidationException(source, List.of(new ValidationError("$", "not valid JSON" + where + ": "
                    + e.getOriginalMessage())));
        }
        if (root == null || root.isMissingNode()) {
            throw new ProgramValidationException(source, List.of(new ValidationError("$", "empty document")));
        }
        return fromTree(root, task, limits, source);
    }

    static LabelingProgram fromTree(JsonNode root, Task task, ProgramLimits limits, String source) {
        ProgramParser parser = new ProgramParser(task, limits);
        return parser.parse(root).orElseThrow(() -> new ProgramValidationException(source, parser.errors()));
    }

    /**
     * Writes a program as indented JSON that {@link #read(String, Task)} reads back to an equal
     * program. Defaults are written out, so the file shows every setting.
     *
     * @param program the program
     * @return its JSON text
     */
    public static String write(LabelingProgram program) {
        ObjectNode root = toTree(program.name(), program.task().name(), program.description(), program.rules());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising program '" + program.name() + "'", e);
        }
    }

    /**
     * The JSON Schema (draft 2020-12) of the rule language, for people and for LLMs asked to write
     * programs. It describes the structure; {@link #read(String, Task)} also checks what a schema
     * cannot (labels against the task, regular expression syntax, size limits).
     *
     * @return the schema text
     */
    public static String schema() {
        try (InputStream in = ProgramJson.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + SCHEMA_RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + SCHEMA_RESOURCE, e);
        }
    }

    static ObjectNode toTree(String name, String taskName, String description, List<Rule> rules) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", name);
        root.put("task", taskName);
        if (!description.isEmpty()) {
            root.put("description", description);
        }
        ArrayNode rs = root.putArray("rules");
        for (Rule r : rules) {
            ObjectNode rn = rs.addObject();
            if (!r.description().isEmpty()) {
                rn.put("description", r.description());
            }
            rn.set("when", condition(r.when()));
            rn.put("label", r.label());
        }
        return root;
    }

    private static ObjectNode condition(Condition c) {
        ObjectNode n = MAPPER.createObjectNode();
        if (c instanceof Condition.Keywords) {
            Condition.Keywords k = (Condition.Keywords) c;
            ObjectNode b = n.putObject("keywords");
            terms(b.putArray("terms"), k.terms());
            b.put("caseSensitive", k.caseSensitive());
            b.put("wholeWord", k.wholeWord());
        } else if (c instanceof Condition.Lexicon) {
            Condition.Lexicon l = (Condition.Lexicon) c;
            ObjectNode b = n.putObject("lexicon");
            terms(b.putArray("terms"), l.terms());
            b.put("min", l.min());
            if (l.max() != Integer.MAX_VALUE) {
                b.put("max", l.max());
            }
            b.put("distinct", l.distinct());
            b.put("caseSensitive", l.caseSensitive());
            b.put("wholeWord", l.wholeWord());
        } else if (c instanceof Condition.MoreThan) {
            Condition.MoreThan t = (Condition.MoreThan) c;
            ObjectNode b = n.putObject("moreThan");
            terms(b.putArray("terms"), t.terms());
            terms(b.putArray("than"), t.than());
            b.put("margin", t.margin());
            b.put("caseSensitive", t.caseSensitive());
            b.put("wholeWord", t.wholeWord());
        } else if (c instanceof Condition.Regex) {
            Condition.Regex r = (Condition.Regex) c;
            n.putObject("regex").put("pattern", r.pattern()).put("caseSensitive", r.caseSensitive());
        } else if (c instanceof Condition.Feature) {
            Condition.Feature f = (Condition.Feature) c;
            ObjectNode b = n.putObject("feature");
            b.put("name", f.feature().jsonName());
            if (f.min() != Double.NEGATIVE_INFINITY) {
                number(b, "min", f.min());
            }
            if (f.max() != Double.POSITIVE_INFINITY) {
                number(b, "max", f.max());
            }
        } else if (c instanceof Condition.All) {
            ArrayNode a = n.putArray("all");
            ((Condition.All) c).conditions().forEach(x -> a.add(condition(x)));
        } else if (c instanceof Condition.Any) {
            ArrayNode a = n.putArray("any");
            ((Condition.Any) c).conditions().forEach(x -> a.add(condition(x)));
        } else if (c instanceof Condition.Not) {
            n.set("not", condition(((Condition.Not) c).condition()));
        } else {
            throw new IllegalStateException("unknown condition " + c.getClass());
        }
        return n;
    }

    private static void number(ObjectNode b, String key, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            b.put(key, (long) v);
        } else {
            b.put(key, v);
        }
    }

    private static void terms(ArrayNode a, List<String> terms) {
        terms.forEach(a::add);
    }
}
