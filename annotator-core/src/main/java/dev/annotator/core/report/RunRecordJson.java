package dev.annotator.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.task.TaskJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes a {@link RunRecord} as JSON ({@code run.json} in a run directory). The format is
 * plain JSON a person or a notebook can read: {@code name}, {@code task} (the task JSON of
 * {@link TaskJson}), {@code createdAt} (ISO-8601), {@code provenance}, {@code curve},
 * {@code evaluations}, {@code sources}. Unknown fields are ignored when reading.
 */
public final class RunRecordJson {
    /** File name of the record inside a run directory. */
    public static final String FILE_NAME = "run.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private RunRecordJson() {
    }

    /**
     * @param record a run record
     * @return its JSON text
     */
    public static String write(RunRecord record) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", record.name());
        try {
            root.set("task", MAPPER.readTree(TaskJson.write(record.task())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("task JSON did not parse", e);
        }
        root.put("createdAt", record.createdAt().toString());
        root.set("provenance", MAPPER.valueToTree(record.provenance()));
        root.set("curve", MAPPER.valueToTree(record.curve()));
        var evals = root.putArray("evaluations");
        for (Evaluation e : record.evaluations()) {
            ObjectNode n = evals.addObject();
            n.put("name", e.name());
            n.put("split", e.split());
            n.put("examples", e.examples());
            n.put("accuracy", e.accuracy());
            n.put("macroF1", e.macroF1());
            n.set("labels", MAPPER.valueToTree(e.labels()));
            n.set("confusion", MAPPER.valueToTree(e.confusion()));
            n.set("perClass", MAPPER.valueToTree(e.perClass()));
            var bins = n.putArray("calibration");
            e.calibration().forEach(b -> bins.addObject().put("lower", b.lower()).put("upper", b.upper())
                    .put("count", b.count()).put("meanConfidence", b.meanConfidence()).put("accuracy", b.accuracy()));
            n.put("expectedCalibrationError", e.expectedCalibrationError());
        }
        root.set("sources", MAPPER.valueToTree(record.sources()));
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run record did not serialise", e);
        }
    }

    /**
     * Parses a run record.
     *
     * @param json the JSON text
     * @return the record
     * @throws NonRetriableAnnotatorException when the text is not a valid run record, naming the problem
     */
    public static RunRecord read(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            List<CurvePoint> curve = MAPPER.convertValue(root.path("curve"), new TypeReference<List<CurvePoint>>() { });
            List<Evaluation> evaluations = new java.util.ArrayList<>();
            for (JsonNode n : root.path("evaluations")) {
                evaluations.add(new Evaluation(text(n, "name"), text(n, "split"), n.path("examples").asInt(),
                        n.path("accuracy").asDouble(), n.path("macroF1").asDouble(),
                        MAPPER.convertValue(n.path("labels"), new TypeReference<List<String>>() { }),
                        MAPPER.convertValue(n.path("confusion"), int[][].class),
                        MAPPER.convertValue(n.path("perClass"),
                                new TypeReference<LinkedHashMap<String, dev.annotator.core.eval.ClassMetrics>>() { }),
                        MAPPER.convertValue(n.path("calibration"),
                                new TypeReference<List<dev.annotator.core.eval.CalibrationBin>>() { }),
                        n.path("expectedCalibrationError").asDouble()));
            }
            Map<String, String> provenance = root.has("provenance")
                    ? MAPPER.convertValue(root.get("provenance"), new TypeReference<LinkedHashMap<String, String>>() { })
                    : Map.of();
            Map<String, Long> sources = root.has("sources")
                    ? MAPPER.convertValue(root.get("sources"), new TypeReference<LinkedHashMap<String, Long>>() { })
                    : Map.of();
            return new RunRecord(text(root, "name"), TaskJson.read(MAPPER.writeValueAsString(root.path("task"))),
                    Instant.parse(text(root, "createdAt")), provenance, curve == null ? List.of() : curve, evaluations,
                    sources);
        } catch (IOException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new NonRetriableAnnotatorException("not a valid run record: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code run.json} into a run directory, creating it if needed.
     *
     * @param dir the run directory
     * @param record the record
     * @return the file written
     * @throws UncheckedIOException when writing fails
     */
    public static Path writeTo(Path dir, RunRecord record) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(FILE_NAME);
            Files.writeString(file, write(record));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE_NAME), e);
        }
    }

    /**
     * Reads {@code run.json} from a run directory (or the file itself).
     *
     * @param dirOrFile a run directory or its {@code run.json}
     * @return the record
     * @throws NonRetriableAnnotatorException when there is no record or it is invalid, naming the file
     */
    public static RunRecord readFrom(Path dirOrFile) {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE_NAME) : dirOrFile;
        try {
            return read(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new NonRetriableAnnotatorException("no run record at " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NonRetriableAnnotatorException e) {
            throw new NonRetriableAnnotatorException(file + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing text field '" + field + "'");
        }
        return v.asText();
    }
}
