package dev.annotator.core.eval;

import dev.annotator.core.task.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Relation classification micro-F1 over the positive relations, with a negative label (default
 * {@value #NO_RELATION}) that is never a hit, in two clearly different variants. Stateless and
 * thread-safe.
 *
 * <p>Both count a <b>true positive</b> when the prediction equals the gold label and is not the
 * negative. They differ on a <b>wrong positive</b>: gold {@code per:parents}, predicted
 * {@code per:siblings}.
 * <ul>
 *   <li>{@link #standard} (TACRED's scorer, the usual way to report relation extraction): it is a
 *       false positive <em>and</em> a false negative. So precision is hits over positive
 *       predictions and recall is hits over positive gold labels.
 *   <li>{@link #llmaaaVariant} (the scorer in the LLMAAA code, {@code MetricForRe}): it is a false
 *       positive <em>only</em>; a false negative is only a gold positive predicted as the negative.
 *       Precision is the same as standard, recall is higher or equal (its denominator leaves out
 *       gold positives given a wrong positive label), so F1 is higher or equal. Use it only to
 *       compare with numbers reported by LLMAAA.
 * </ul>
 *
 * <p>Worked example, gold {@code [A, A, B, no, no, B]}, predicted {@code [A, B, no, A, no, B]}:
 * standard tp=2, fp=2, fn=2, P=R=F1=0.5; LLMAAA tp=2, fp=2, fn=1, P=0.5, R=2/3, F1=4/7. Accuracy
 * (3/6) is the same in both.
 */
public final class RelationMetrics {
    /** The conventional negative label. */
    public static final String NO_RELATION = "no_relation";

    /** How a wrong positive relation is counted. */
    public enum Variant {
        /** As a false positive and a false negative (TACRED, the standard). */
        STANDARD,
        /** As a false positive only (the LLMAAA code). */
        LLMAAA
    }

    private RelationMetrics() {
    }

    /**
     * Standard relation micro-F1 with {@value #NO_RELATION} as the negative label.
     *
     * @param task a relation (or single-label) task holding {@value #NO_RELATION}
     * @param gold one gold label per instance
     * @param predicted one predicted label per instance, in the same order
     * @return the report
     * @throws IllegalArgumentException on a task of another kind, a negative label not in the task,
     *     lists that differ in size or are empty, or a label not in the task
     */
    public static RelationReport standard(Task task, List<String> gold, List<String> predicted) {
        return standard(task, NO_RELATION, gold, predicted);
    }

    /**
     * Standard relation micro-F1: a wrong positive is a false positive and a false negative.
     *
     * @param task a relation (or single-label) task
     * @param negativeLabel the label of the task that means "no relation", e.g. {@code Other}
     * @param gold one gold label per instance
     * @param predicted one predicted label per instance, in the same order
     * @return the report
     * @throws IllegalArgumentException as {@link #standard(Task, List, List)}
     */
    public static RelationReport standard(Task task, String negativeLabel, List<String> gold, List<String> predicted) {
        return evaluate(Variant.STANDARD, task, negativeLabel, gold, predicted);
    }

    /**
     * LLMAAA's relation micro-F1 with {@value #NO_RELATION} as the negative label: a wrong positive is
     * a false positive only. Not comparable with {@link #standard}.
     *
     * @param task a relation (or single-label) task holding {@value #NO_RELATION}
     * @param gold one gold label per instance
     * @param predicted one predicted label per instance, in the same order
     * @return the report
     * @throws IllegalArgumentException as {@link #standard(Task, List, List)}
     */
    public static RelationReport llmaaaVariant(Task task, List<String> gold, List<String> predicted) {
        return llmaaaVariant(task, NO_RELATION, gold, predicted);
    }

    /**
     * LLMAAA's relation micro-F1: a wrong positive is a false positive only.
     *
     * @param task a relation (or single-label) task
     * @param negativeLabel the label of the task that means "no relation"
     * @param gold one gold label per instance
     * @param predicted one predicted label per instance, in the same order
     * @return the report
     * @throws IllegalArgumentException as {@link #standard(Task, List, List)}
     */
    public static RelationReport llmaaaVariant(Task task, String negativeLabel, List<String> gold, List<String> predicted) {
        return evaluate(Variant.LLMAAA, task, negativeLabel, gold, predicted);
    }

    private static RelationReport evaluate(Variant variant, Task task, String negativeLabel, List<String> gold,
            List<String> predicted) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(negativeLabel, "negativeLabel");
        Objects.requireNonNull(gold, "gold");
        Objects.requireNonNull(predicted, "predicted");
        if (!task.isRelation() && task.kind() != dev.annotator.core.task.TaskKind.SINGLE_LABEL) {
            throw new IllegalArgumentException("relation metrics need a RELATION (or SINGLE_LABEL) task but task '" + task.name()
                    + "' is " + task.kind());
        }
        if (!task.hasLabel(negativeLabel)) {
            throw new IllegalArgumentException("negative label '" + negativeLabel + "' is not a label of task '" + task.name()
                    + "' " + task.labelNames());
        }
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException("gold has " + gold.size() + " labels but predicted has " + predicted.size());
        }
        if (gold.isEmpty()) {
            throw new IllegalArgumentException("nothing to evaluate: no instances");
        }
        int n = task.labelCount();
        int neg = task.requireIndex(negativeLabel);
        long[] classTp = new long[n];
        long[] classFp = new long[n];
        long[] classFn = new long[n];
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long correct = 0;
        for (int i = 0; i < gold.size(); i++) {
            int g = index(task, gold.get(i), "gold", i);
            int p = index(task, predicted.get(i), "predicted", i);
            if (g == p) {
                correct++;
                if (p != neg) {
                    tp++;
                    classTp[p]++;
                }
                continue;
            }
            if (p != neg) {
                fp++;
                classFp[p]++;
            }
            if (g != neg) {
                classFn[g]++;
                if (variant == Variant.STANDARD || p == neg) {
                    fn++;
                }
            }
        }
        Map<String, ClassMetrics> perRelation = new LinkedHashMap<>();
        for (int c = 0; c < n; c++) {
            if (c != neg) {
                perRelation.put(task.labelNames().get(c), ClassMetrics.fromCounts(classTp[c], classFp[c], classFn[c]));
            }
        }
        double precision = ClassMetrics.ratio(tp, tp + fp);
        double recall = ClassMetrics.ratio(tp, tp + fn);
        double f1 = ClassMetrics.ratio(2.0 * tp, 2.0 * tp + fp + fn);
        return new RelationReport(variant, negativeLabel, precision, recall, f1, tp, fp, fn,
                (double) correct / gold.size(), perRelation);
    }

    private static int index(Task task, String label, String side, int i) {
        Objects.requireNonNull(label, () -> side + " label " + i);
        return task.indexOf(label).orElseThrow(() -> new IllegalArgumentException(side + " label '" + label + "' of instance "
                + i + " is not a label of task '" + task.name() + "' " + task.labelNames()));
    }
}
