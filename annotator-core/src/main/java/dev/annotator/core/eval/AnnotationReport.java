package dev.annotator.core.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a set of {@link dev.annotator.core.annotate.Annotation}s scores against gold labels:
 * abstentions are counted separately ({@link #coverage()}), and the metrics are computed over the
 * answered examples only. Obtain one from {@link Evaluator#evaluateAnnotations} or
 * {@link Evaluator#evaluateMultiLabelAnnotations}. Immutable and thread-safe.
 *
 * @param <R> the metrics type: {@link ClassificationReport} or {@link MultiLabelReport}
 */
public final class AnnotationReport<R extends MetricsReport> {
    private final int total;
    private final int abstained;
    private final Optional<R> metrics;

    private AnnotationReport(int total, int abstained, Optional<R> metrics) {
        this.total = total;
        this.abstained = abstained;
        this.metrics = metrics;
    }

    /**
     * Builds a report.
     *
     * @param total number of annotations scored; at least one
     * @param abstained how many of them are abstentions
     * @param metrics metrics over the answered ones; empty exactly when all abstained
     * @param <R> the metrics type
     * @return the report
     */
    static <R extends MetricsReport> AnnotationReport<R> of(int total, int abstained, Optional<R> metrics) {
        Objects.requireNonNull(metrics, "metrics");
        if (total < 1 || abstained < 0 || abstained > total) {
            throw new IllegalArgumentException("need 0 <= abstained <= total and total >= 1: " + abstained + "/" + total);
        }
        if (metrics.isPresent() != (abstained < total) || metrics.map(m -> m.size() != total - abstained).orElse(false)) {
            throw new IllegalArgumentException("metrics must cover exactly the " + (total - abstained) + " answered annotations");
        }
        return new AnnotationReport<>(total, abstained, metrics);
    }

    /** @return how many annotations were scored */
    public int total() {
        return total;
    }

    /** @return how many annotations carry labels */
    public int answered() {
        return total - abstained;
    }

    /** @return how many annotations are abstentions */
    public int abstained() {
        return abstained;
    }

    /** @return fraction of annotations that are not abstentions, in [0, 1] */
    public double coverage() {
        return (double) answered() / total;
    }

    /**
     * Metrics over the answered annotations only.
     *
     * @return the metrics, or empty when every annotation is an abstention
     */
    public Optional<R> metrics() {
        return metrics;
    }

    /**
     * Keys {@code total}, {@code answered}, {@code abstained}, {@code coverage}, followed by the
     * entries of {@link MetricsReport#toMap()} of the metrics when present.
     *
     * @return flat, insertion-ordered, unmodifiable map for JSON output
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", total);
        m.put("answered", answered());
        m.put("abstained", abstained);
        m.put("coverage", coverage());
        metrics.ifPresent(r -> m.putAll(r.toMap()));
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "AnnotationReport[total=%d, abstained=%d, coverage=%.4f, %s]", total, abstained,
                coverage(), metrics.map(Object::toString).orElse("no answers"));
    }
}
