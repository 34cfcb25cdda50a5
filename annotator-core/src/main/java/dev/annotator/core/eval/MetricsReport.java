package dev.annotator.core.eval;

import dev.annotator.core.task.Task;
import java.util.Map;

/**
 * What every metrics report has in common: the task, the number of examples scored and a flat map
 * for JSON output. Implemented by {@link ClassificationReport} (single-label) and
 * {@link MultiLabelReport} (multi-label).
 */
public sealed interface MetricsReport permits ClassificationReport, MultiLabelReport {

    /** @return the task that was evaluated */
    Task task();

    /** @return how many examples were scored; at least one */
    int size();

    /**
     * Every metric as a flat, insertion-ordered, unmodifiable map from a snake_case key (per-class
     * entries as {@code class.<label>.<metric>} or {@code label.<label>.<metric>}) to an
     * {@link Integer} or a {@link Double}, ready for JSON output.
     *
     * @return the metrics
     */
    Map<String, Object> toMap();
}
