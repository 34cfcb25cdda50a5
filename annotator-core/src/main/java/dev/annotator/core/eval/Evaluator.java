package dev.annotator.core.eval;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Entry point of the metrics: scores predictions ({@link LabelDistribution}s) or
 * {@link Annotation}s against gold labels.
 *
 * <p>Gold labels are given either as one list of label names per example (exactly one name for a
 * single-label task; any set, possibly empty, for a multi-label task) or as a {@link Dataset}
 * whose rows are the examples. Predictions and annotations are matched to gold positionally, except
 * for {@link #evaluateAnnotations(Dataset, List)} and
 * {@link #evaluateMultiLabelAnnotations(Dataset, List)}, which match by example id. Every method
 * validates its whole input first and throws {@link IllegalArgumentException} naming the problem
 * (mismatched sizes, an unknown or missing label, a prediction over another task, a task of the
 * wrong kind, nothing to evaluate), and {@link NullPointerException} for null arguments or
 * elements. Stateless and thread-safe.
 */
public final class Evaluator {
    /** Default multi-label decision threshold: a label is predicted when its score is at least this. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    private Evaluator() {
    }

    /**
     * Scores single-label predictions: the predicted label is each distribution's top label
     * ({@link LabelDistribution#argmax()}), its confidence the maximum probability.
     *
     * @param task a single-label task
     * @param gold one list holding exactly one label name per example
     * @param predicted one distribution over {@code task} per example, in the same order
     * @return the report
     * @throws IllegalArgumentException when the task is multi-label, the lists are empty or differ in
     *     size, a gold row does not hold exactly one label of the task, or a prediction is over
     *     another task
     */
    public static ClassificationReport evaluate(Task task, List<List<String>> gold, List<LabelDistribution> predicted) {
        requireKind(task, false);
        int[] g = singleLabelGold(task, gold);
        requireSameSize(gold, predicted, "predicted");
        int n = g.length;
        int[] p = new int[n];
        double[] confidence = new double[n];
        double[][] scores = new double[n][];
        for (int i = 0; i < n; i++) {
            LabelDistribution d = requirePrediction(task, predicted.get(i), i);
            p[i] = d.argmax();
            confidence[i] = d.max();
            scores[i] = d.toArray();
        }
        return ClassificationReport.of(task, g, p, confidence, scores);
    }

    /**
     * Scores single-label predictions against the rows of a dataset; see
     * {@link #evaluate(Task, List, List)}.
     *
     * @param gold a dataset of a single-label task; every row must be labelled
     * @param predicted one distribution per row, in {@link Dataset#rows()} order
     * @return the report
     * @throws IllegalArgumentException as {@link #evaluate(Task, List, List)}, or when a row is
     *     unlabelled
     */
    public static ClassificationReport evaluate(Dataset gold, List<LabelDistribution> predicted) {
        Objects.requireNonNull(gold, "gold");
        return evaluate(gold.task(), goldOf(gold), predicted);
    }

    /**
     * Scores multi-label predictions at the {@linkplain #DEFAULT_THRESHOLD default threshold}.
     *
     * @param task a multi-label task
     * @param gold one list of distinct label names per example; may be empty (no label applies)
     * @param predicted one distribution over {@code task} per example, in the same order
     * @return the report
     * @throws IllegalArgumentException see {@link #evaluateMultiLabel(Task, List, List, double)}
     */
    public static MultiLabelReport evaluateMultiLabel(Task task, List<List<String>> gold, List<LabelDistribution> predicted) {
        return evaluateMultiLabel(task, gold, predicted, DEFAULT_THRESHOLD);
    }

    /**
     * Scores multi-label predictions: a label is predicted when its score is at least
     * {@code threshold} (as {@link LabelDistribution#chosen(double)}).
     *
     * @param task a multi-label task
     * @param gold one list of distinct label names per example; may be empty (no label applies)
     * @param predicted one distribution over {@code task} per example, in the same order
     * @param threshold decision threshold, in [0, 1]
     * @return the report
     * @throws IllegalArgumentException when the task is single-label, the threshold is outside
     *     [0, 1], the lists are empty or differ in size, a gold row holds an unknown or repeated
     *     label, or a prediction is over another task
     */
    public static MultiLabelReport evaluateMultiLabel(Task task, List<List<String>> gold, List<LabelDistribution> predicted,
            double threshold) {
        requireKind(task, true);
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1]: " + threshold);
        }
        boolean[][] g = multiLabelGold(task, gold);
        requireSameSize(gold, predicted, "predicted");
        boolean[][] p = new boolean[g.length][task.labelCount()];
        for (int i = 0; i < g.length; i++) {
            LabelDistribution d = requirePrediction(task, predicted.get(i), i);
            for (int k = 0; k < d.size(); k++) {
                p[i][k] = d.get(k) >= threshold;
            }
        }
        return MultiLabelReport.of(task, g, p, OptionalDouble.of(threshold));
    }

    /**
     * Scores multi-label predictions against the rows of a dataset at the default threshold; a row
     * without labels counts as "no label applies".
     *
     * @param gold a dataset of a multi-label task
     * @param predicted one distribution per row, in {@link Dataset#rows()} order
     * @return the report
     * @throws IllegalArgumentException as {@link #evaluateMultiLabel(Task, List, List, double)}
     */
    public static MultiLabelReport evaluateMultiLabel(Dataset gold, List<LabelDistribution> predicted) {
        Objects.requireNonNull(gold, "gold");
        return evaluateMultiLabel(gold.task(), goldOf(gold), predicted, DEFAULT_THRESHOLD);
    }

    /**
     * Scores single-label annotations positionally against gold. Abstentions only count towards
     * {@link AnnotationReport#coverage()}; the metrics cover the answered annotations, whose
     * predicted label is the annotation's chosen label, whose confidence (for calibration) is
     * {@link Annotation#confidence()} and whose distribution feeds log-loss and Brier score.
     *
     * @param task a single-label task
     * @param gold one list holding exactly one label name per example
     * @param annotations one annotation per example, in the same order
     * @return the report; its metrics are empty when every annotation abstained
     * @throws IllegalArgumentException when the task is multi-label, the lists are empty or differ in
     *     size, a gold row does not hold exactly one label of the task, or an annotation is over
     *     another task
     */
    public static AnnotationReport<ClassificationReport> evaluateAnnotations(Task task, List<List<String>> gold,
            List<Annotation> annotations) {
        requireKind(task, false);
        int[] g = singleLabelGold(task, gold);
        requireSameSize(gold, annotations, "annotations");
        int n = g.length;
        int[] goldAnswered = new int[n];
        int[] p = new int[n];
        double[] confidence = new double[n];
        double[][] scores = new double[n][];
        int m = 0;
        for (int i = 0; i < n; i++) {
            Annotation a = Objects.requireNonNull(annotations.get(i), "annotation " + i);
            Optional<LabelDistribution> d = a.distribution();
            if (d.isEmpty()) {
                continue;
            }
            requireAnnotationTask(task, d.get(), a, i);
            goldAnswered[m] = g[i];
            p[m] = task.requireIndex(a.labels().get(0));
            confidence[m] = a.confidence();
            scores[m] = d.get().toArray();
            m++;
        }
        Optional<ClassificationReport> metrics = m == 0 ? Optional.empty()
                : Optional.of(ClassificationReport.of(task, Arrays.copyOf(goldAnswered, m), Arrays.copyOf(p, m),
                        Arrays.copyOf(confidence, m), Arrays.copyOf(scores, m)));
        return AnnotationReport.of(n, n - m, metrics);
    }

    /**
     * Scores single-label annotations against a dataset, matching each annotation to the row with
     * its example id; see {@link #evaluateAnnotations(Task, List, List)}.
     *
     * @param gold a dataset of a single-label task; every row must be labelled
     * @param annotations exactly one annotation per row, in any order
     * @return the report
     * @throws IllegalArgumentException as {@link #evaluateAnnotations(Task, List, List)}, or when a
     *     row is unlabelled or has no annotation, or an annotation's id is unknown or repeated
     */
    public static AnnotationReport<ClassificationReport> evaluateAnnotations(Dataset gold, List<Annotation> annotations) {
        Objects.requireNonNull(gold, "gold");
        return evaluateAnnotations(gold.task(), goldOf(gold), alignById(gold, annotations));
    }

    /**
     * Scores multi-label annotations positionally against gold. Abstentions only count towards
     * {@link AnnotationReport#coverage()}; the metrics cover the answered annotations, whose
     * predicted label set is the annotation's chosen labels (no threshold is applied).
     *
     * @param task a multi-label task
     * @param gold one list of distinct label names per example; may be empty (no label applies)
     * @param annotations one annotation per example, in the same order
     * @return the report; its metrics are empty when every annotation abstained
     * @throws IllegalArgumentException when the task is single-label, the lists are empty or differ
     *     in size, a gold row holds an unknown or repeated label, or an annotation is over another
     *     task
     */
    public static AnnotationReport<MultiLabelReport> evaluateMultiLabelAnnotations(Task task, List<List<String>> gold,
            List<Annotation> annotations) {
        requireKind(task, true);
        boolean[][] g = multiLabelGold(task, gold);
        requireSameSize(gold, annotations, "annotations");
        int n = g.length;
        List<boolean[]> goldAnswered = new ArrayList<>();
        List<boolean[]> p = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Annotation a = Objects.requireNonNull(annotations.get(i), "annotation " + i);
            Optional<LabelDistribution> d = a.distribution();
            if (d.isEmpty()) {
                continue;
            }
            requireAnnotationTask(task, d.get(), a, i);
            boolean[] row = new boolean[task.labelCount()];
            for (String l : a.labels()) {
                row[task.requireIndex(l)] = true;
            }
            goldAnswered.add(g[i]);
            p.add(row);
        }
        int m = p.size();
        Optional<MultiLabelReport> metrics = m == 0 ? Optional.empty()
                : Optional.of(MultiLabelReport.of(task, goldAnswered.toArray(new boolean[0][]), p.toArray(new boolean[0][]),
                        OptionalDouble.empty()));
        return AnnotationReport.of(n, n - m, metrics);
    }

    /**
     * Scores multi-label annotations against a dataset, matching each annotation to the row with its
     * example id; a row without labels counts as "no label applies". See
     * {@link #evaluateMultiLabelAnnotations(Task, List, List)}.
     *
     * @param gold a dataset of a multi-label task
     * @param annotations exactly one annotation per row, in any order
     * @return the report
     * @throws IllegalArgumentException as {@link #evaluateMultiLabelAnnotations(Task, List, List)},
     *     or when a row has no annotation, or an annotation's id is unknown or repeated
     */
    public static AnnotationReport<MultiLabelReport> evaluateMultiLabelAnnotations(Dataset gold, List<Annotation> annotations) {
        Objects.requireNonNull(gold, "gold");
        return evaluateMultiLabelAnnotations(gold.task(), goldOf(gold), alignById(gold, annotations));
    }

    /**
     * The gold label lists of dataset rows, e.g. of one split:
     * {@code goldLabels(dataset.split(Split.TEST))}.
     *
     * @param rows the rows
     * @return unmodifiable list of each row's labels, in row order
     */
    public static List<List<String>> goldLabels(List<LabelledExample> rows) {
        Objects.requireNonNull(rows, "rows");
        List<List<String>> out = new ArrayList<>(rows.size());
        for (LabelledExample r : rows) {
            out.add(Objects.requireNonNull(r, "row").labels());
        }
        return List.copyOf(out);
    }

    private static List<List<String>> goldOf(Dataset gold) {
        if (!gold.task().isMultiLabel()) {
            for (LabelledExample r : gold.rows()) {
                if (!r.isLabelled()) {
                    throw new IllegalArgumentException("example '" + r.id() + "' has no gold label");
                }
            }
        }
        return goldLabels(gold.rows());
    }

    private static List<Annotation> alignById(Dataset gold, List<Annotation> annotations) {
        Objects.requireNonNull(annotations, "annotations");
        Map<String, Annotation> byId = new HashMap<>();
        for (int i = 0; i < annotations.size(); i++) {
            Annotation a = Objects.requireNonNull(annotations.get(i), "annotation " + i);
            if (byId.put(a.exampleId(), a) != null) {
                throw new IllegalArgumentException("more than one annotation for example '" + a.exampleId() + "'");
            }
        }
        List<Annotation> aligned = new ArrayList<>(gold.size());
        for (LabelledExample r : gold.rows()) {
            Annotation a = byId.remove(r.id());
            if (a == null) {
                throw new IllegalArgumentException("no annotation for example '" + r.id() + "'");
            }
            aligned.add(a);
        }
        if (!byId.isEmpty()) {
            throw new IllegalArgumentException("annotations for examples not in the dataset: " + byId.keySet().stream().sorted().toList());
        }
        return aligned;
    }

    private static void requireKind(Task task, boolean multiLabel) {
        Objects.requireNonNull(task, "task");
        if (task.isMultiLabel() != multiLabel) {
            throw new IllegalArgumentException(multiLabel
                    ? "task '" + task.name() + "' is single-label: use evaluate / evaluateAnnotations"
                    : "task '" + task.name() + "' is multi-label: use evaluateMultiLabel / evaluateMultiLabelAnnotations");
        }
    }

    private static void requireSameSize(List<List<String>> gold, List<?> other, String otherName) {
        Objects.requireNonNull(other, otherName);
        if (gold.size() != other.size()) {
            throw new IllegalArgumentException("gold has " + gold.size() + " rows but " + otherName + " has " + other.size());
        }
    }

    private static void requireNonEmpty(List<List<String>> gold) {
        Objects.requireNonNull(gold, "gold");
        if (gold.isEmpty()) {
            throw new IllegalArgumentException("nothing to evaluate: gold is empty");
        }
    }

    private static int requireLabel(Task task, String label, int row) {
        Optional<Integer> k = task.indexOf(label);
        if (k.isEmpty()) {
            throw new IllegalArgumentException("gold row " + row + " has label '" + label + "' which is not a label of task '"
                    + task.name() + "' " + task.labelNames());
        }
        return k.get();
    }

    private static int[] singleLabelGold(Task task, List<List<String>> gold) {
        requireNonEmpty(gold);
        int[] g = new int[gold.size()];
        for (int i = 0; i < g.length; i++) {
            List<String> row = Objects.requireNonNull(gold.get(i), "gold row " + i);
            if (row.size() != 1) {
                throw new IllegalArgumentException("gold row " + i + " has " + row.size() + " labels " + row + " but task '"
                        + task.name() + "' is single-label and needs exactly one");
            }
            g[i] = requireLabel(task, row.get(0), i);
        }
        return g;
    }

    private static boolean[][] multiLabelGold(Task task, List<List<String>> gold) {
        requireNonEmpty(gold);
        boolean[][] g = new boolean[gold.size()][task.labelCount()];
        for (int i = 0; i < g.length; i++) {
            for (String l : Objects.requireNonNull(gold.get(i), "gold row " + i)) {
                int k = requireLabel(task, l, i);
                if (g[i][k]) {
                    throw new IllegalArgumentException("gold row " + i + " repeats label '" + l + "'");
                }
                g[i][k] = true;
            }
        }
        return g;
    }

    private static LabelDistribution requirePrediction(Task task, LabelDistribution d, int i) {
        Objects.requireNonNull(d, "prediction " + i);
        if (!d.task().equals(task)) {
            throw new IllegalArgumentException("prediction " + i + " is over " + d.task() + ", not " + task);
        }
        return d;
    }

    private static void requireAnnotationTask(Task task, LabelDistribution d, Annotation a, int i) {
        if (!d.task().equals(task)) {
            throw new IllegalArgumentException("annotation " + i + " (example '" + a.exampleId() + "') is over " + d.task()
                    + ", not " + task);
        }
    }
}
