package dev.annotator.core.annotate;

import dev.annotator.core.task.LabelDistribution;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One annotator's answer for one example: a label distribution with the chosen label(s) and a
 * confidence, or an abstention with its reason. Either way it records who answered and what it
 * cost. Immutable and thread-safe.
 */
public final class Annotation {
    private final String exampleId;
    private final LabelDistribution distribution;
    private final List<String> labels;
    private final double confidence;
    private final String source;
    private final Cost cost;
    private final String abstentionReason;

    private Annotation(String exampleId, LabelDistribution distribution, List<String> labels, double confidence,
            String source, Cost cost, String abstentionReason) {
        this.exampleId = exampleId;
        this.distribution = distribution;
        this.labels = labels;
        this.confidence = confidence;
        this.source = source;
        this.cost = cost;
        this.abstentionReason = abstentionReason;
    }

    /**
     * A labelled answer whose chosen labels are those the distribution chooses at threshold 0.5.
     *
     * @param exampleId the example answered
     * @param distribution scores over the task's labels
     * @param confidence the annotator's confidence in its choice, in [0, 1]
     * @param source who answered, e.g. {@code gold} or {@code llm:gpt-4o-mini}
     * @param cost what the answer cost
     * @return the annotation
     */
    public static Annotation labelled(String exampleId, LabelDistribution distribution, double confidence, String source,
            Cost cost) {
        return labelled(exampleId, distribution, distribution.chosen(), confidence, source, cost);
    }

    /**
     * A labelled answer with explicitly chosen labels.
     *
     * @param exampleId the example answered
     * @param distribution scores over the task's labels
     * @param labels the chosen labels; each must be a label of the task
     * @param confidence in [0, 1]
     * @param source who answered
     * @param cost what the answer cost
     * @return the annotation
     */
    public static Annotation labelled(String exampleId, LabelDistribution distribution, List<String> labels,
            double confidence, String source, Cost cost) {
        requireId(exampleId);
        Objects.requireNonNull(distribution, "distribution");
        for (String l : labels) {
            distribution.task().requireIndex(l);
        }
        if (!distribution.task().isMultiLabel() && labels.size() != 1) {
            throw new IllegalArgumentException("single-label annotation of '" + exampleId + "' needs exactly one label: " + labels);
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
        }
        return new Annotation(exampleId, distribution, List.copyOf(labels), confidence, requireSource(source),
                Objects.requireNonNull(cost, "cost"), null);
    }

    /**
     * An abstention: the annotator gave no usable label.
     *
     * @param exampleId the example
     * @param reason why, e.g. "answer 'maybe' is not a label"
     * @param source who answered
     * @param cost what the failed attempt cost
     * @return the annotation
     */
    public static Annotation abstained(String exampleId, String reason, String source, Cost cost) {
        requireId(exampleId);
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("abstention reason must not be blank");
        }
        return new Annotation(exampleId, null, List.of(), 0.0, requireSource(source), Objects.requireNonNull(cost, "cost"),
                reason);
    }

    private static void requireId(String exampleId) {
        Objects.requireNonNull(exampleId, "exampleId");
        if (exampleId.isBlank()) {
            throw new IllegalArgumentException("exampleId must not be blank");
        }
    }

    private static String requireSource(String source) {
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("source must not be blank");
        }
        return source;
    }

    /** @return the example this answers */
    public String exampleId() {
        return exampleId;
    }

    /** @return true when the annotator gave no usable label */
    public boolean isAbstention() {
        return abstentionReason != null;
    }

    /** @return the label distribution, or empty for an abstention */
    public Optional<LabelDistribution> distribution() {
        return Optional.ofNullable(distribution);
    }

    /** @return the chosen labels; empty for an abstention */
    public List<String> labels() {
        return labels;
    }

    /** @return the confidence in [0, 1]; 0 for an abstention */
    public double confidence() {
        return confidence;
    }

    /** @return who answered */
    public String source() {
        return source;
    }

    /** @return what the answer cost */
    public Cost cost() {
        return cost;
    }

    /** @return why the annotator abstained, or empty when it answered */
    public Optional<String> abstentionReason() {
        return Optional.ofNullable(abstentionReason);
    }

    @Override
    public String toString() {
        return isAbstention() ? "Annotation[" + exampleId + ", abstained: " + abstentionReason + ", " + source + "]"
                : "Annotation[" + exampleId + ", " + labels + ", confidence=" + confidence + ", " + source + "]";
    }
}
