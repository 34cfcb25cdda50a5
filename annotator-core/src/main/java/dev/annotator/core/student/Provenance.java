package dev.annotator.core.student;

import dev.annotator.core.NonRetriableAnnotatorException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a trained student came from. Written into exported model files and read back on load.
 *
 * @param taskName the task's name
 * @param studentType the kind of student, e.g. {@code fast}
 * @param trainingConfig the trainer's settings, as strings
 * @param seed the random seed training used
 * @param dataFingerprint fingerprint of the training data ({@link TrainingSet#fingerprint()})
 * @param teacher who labelled the training data, e.g. {@code gold} or an LLM model name
 * @param libraryVersion the annotator version that trained the model
 * @param createdAt ISO-8601 instant of training
 */
public record Provenance(String taskName, String studentType, Map<String, String> trainingConfig, long seed,
        String dataFingerprint, String teacher, String libraryVersion, String createdAt) {

    private static final String PREFIX = "annotator.provenance.";
    private static final String CONFIG = PREFIX + "config.";

    /**
     * Validates and copies.
     *
     * @param taskName the task's name
     * @param studentType the kind of student, e.g. {@code fast}
     * @param trainingConfig the trainer's settings, as strings
     * @param seed the random seed training used
     * @param dataFingerprint fingerprint of the training data ({@link TrainingSet#fingerprint()})
     * @param teacher who labelled the training data, e.g. {@code gold} or an LLM model name
     * @param libraryVersion the annotator version that trained the model
     * @param createdAt ISO-8601 instant of training
     */
    public Provenance {
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(studentType, "studentType");
        trainingConfig = Map.copyOf(trainingConfig);
        Objects.requireNonNull(dataFingerprint, "dataFingerprint");
        Objects.requireNonNull(teacher, "teacher");
        Objects.requireNonNull(libraryVersion, "libraryVersion");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * Flattens to string properties (as stored in ONNX {@code metadata_props}).
     *
     * @return properties with keys under {@code annotator.provenance.}
     */
    public Map<String, String> toProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PREFIX + "task", taskName);
        m.put(PREFIX + "studentType", studentType);
        m.put(PREFIX + "seed", Long.toString(seed));
        m.put(PREFIX + "dataFingerprint", dataFingerprint);
        m.put(PREFIX + "teacher", teacher);
        m.put(PREFIX + "libraryVersion", libraryVersion);
        m.put(PREFIX + "createdAt", createdAt);
        new TreeMap<>(trainingConfig).forEach((k, v) -> m.put(CONFIG + k, v));
        return m;
    }

    /**
     * Reads back what {@link #toProperties()} wrote; other keys are ignored.
     *
     * @param props the properties
     * @return the provenance
     * @throws NonRetriableAnnotatorException when a required key is missing or malformed
     */
    public static Provenance fromProperties(Map<String, String> props) {
        Map<String, String> config = new TreeMap<>();
        props.forEach((k, v) -> {
            if (k.startsWith(CONFIG)) {
                config.put(k.substring(CONFIG.length()), v);
            }
        });
        String seed = require(props, "seed");
        long s;
        try {
            s = Long.parseLong(seed);
        } catch (NumberFormatException e) {
            throw new NonRetriableAnnotatorException("provenance seed is not a number: '" + seed + "'", e);
        }
        return new Provenance(require(props, "task"), require(props, "studentType"), config, s,
                require(props, "dataFingerprint"), require(props, "teacher"), require(props, "libraryVersion"),
                require(props, "createdAt"));
    }

    private static String require(Map<String, String> props, String key) {
        String v = props.get(PREFIX + key);
        if (v == null) {
            throw new NonRetriableAnnotatorException("model metadata lacks provenance key '" + PREFIX + key + "'");
        }
        return v;
    }
}
