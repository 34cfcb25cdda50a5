package dev.annotator.core.report;

import dev.annotator.core.task.Task;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a run (an active loop, a distillation, a programs run) did, as a report draws it: the learning
 * curve, the final evaluations of the students and the teacher, where the labels came from, and the
 * run's provenance. Pipelines write it as {@code run.json} in their run directory
 * ({@link RunRecordJson}); {@link HtmlReport} renders it.
 *
 * @param name a title for the run
 * @param task the task
 * @param createdAt when the run finished
 * @param provenance settings and versions that produced the run (annotator, selector, seed, data
 *     fingerprint, library version, ...), in display order
 * @param curve learning-curve points, any number of series
 * @param evaluations final scores against gold labels (students, teacher)
 * @param sources how many labels came from where, e.g. {@code llm}, {@code cached}, {@code abstained}
 */
public record RunRecord(String name, Task task, Instant createdAt, Map<String, String> provenance, List<CurvePoint> curve,
        List<Evaluation> evaluations, Map<String, Long> sources) {

    /**
     * Validates and copies the parts, keeping map order.
     *
     * @param name a title for the run
     * @param task the task
     * @param createdAt when the run finished
     * @param provenance settings and versions, in display order
     * @param curve learning-curve points
     * @param evaluations final scores
     * @param sources label counts by source, each zero or more
     */
    public RunRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(createdAt, "createdAt");
        provenance = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
        curve = List.copyOf(curve);
        evaluations = List.copyOf(evaluations);
        sources.forEach((k, v) -> {
            if (v == null || v < 0) {
                throw new IllegalArgumentException("source count of '" + k + "' must be >= 0: " + v);
            }
        });
        sources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }
}
