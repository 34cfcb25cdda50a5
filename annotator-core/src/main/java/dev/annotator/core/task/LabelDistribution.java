package dev.annotator.core.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Scores over a task's labels, indexed in {@link Task#labels()} order.
 *
 * <p>For a single-label task the scores are a probability distribution (they sum to one). For a
 * multi-label task each score is the independent probability that the label applies. Immutable and
 * thread-safe.
 */
public final class LabelDistribution {
    private static final double SUM_TOLERANCE = 1e-3;
    private final Task task;
    private final double[] p;

    private LabelDistribution(Task task, double[] p) {
        this.task = task;
        this.p = p;
    }

    /**
     * Wraps scores, validating them against the task.
     *
     * @param task the task the scores belong to
     * @param scores one score in [0, 1] per label; copied
     * @return the distribution
     * @throws IllegalArgumentException when the task is a span task, the length is wrong, a score is
     *     outside [0, 1] or not finite, or single-label (or relation) scores do not sum to one
     */
    public static LabelDistribution of(Task task, double[] scores) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(scores, "scores");
        task.requireClassification("a LabelDistribution");
        if (scores.length != task.labelCount()) {
            throw new IllegalArgumentException("distribution has " + scores.length + " scores but task '" + task.name()
                    + "' has " + task.labelCount() + " labels");
        }
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i];
            if (!(s >= 0 && s <= 1)) {
                throw new IllegalArgumentException("score for label '" + task.labels().get(i).name() + "' must be in [0, 1]: " + s);
            }
            sum += s;
        }
        if (!task.isMultiLabel() && Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw new IllegalArgumentException("single-label scores must sum to 1: " + sum);
        }
        return new LabelDistribution(task, scores.clone());
    }

    /**
     * All mass on the given labels: one-hot for a single-label task, a 0/1 vector for multi-label.
     *
     * @param task the task
     * @param labels the label names; exactly one for a single-label task
     * @return the distribution
     * @throws UnknownLabelException when a name is not a label of the task
     * @throws IllegalArgumentException when a single-label or relation task gets other than one
     *     label, or the task is a span task
     */
    public static LabelDistribution ofLabels(Task task, Set<String> labels) {
        task.requireClassification("a LabelDistribution");
        if (!task.isMultiLabel() && labels.size() != 1) {
            throw new IllegalArgumentException("single-label task '" + task.name() + "' needs exactly one label, got " + labels);
        }
        double[] p = new double[task.labelCount()];
        for (String l : labels) {
            p[task.requireIndex(l)] = 1.0;
        }
        return new LabelDistribution(task, p);
    }

    /**
     * One-hot on a single label.
     *
     * @param task the task
     * @param label the label name
     * @return the distribution
     */
    public static LabelDistribution oneHot(Task task, String label) {
        return ofLabels(task, Set.of(label));
    }

    /** @return the task these scores index */
    public Task task() {
        return task;
    }

    /** @return the number of scores */
    public int size() {
        return p.length;
    }

    /**
     * @param index a label index
     * @return its score
     */
    public double get(int index) {
        return p[index];
    }

    /**
     * @param label a label name
     * @return its score
     * @throws UnknownLabelException when the name is not a label of the task
     */
    public double get(String label) {
        return p[task.requireIndex(label)];
    }

    /** @return a copy of the scores */
    public double[] toArray() {
        return p.clone();
    }

    /** @return index of the highest score (lowest index on ties) */
    public int argmax() {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /** @return the highest score */
    public double max() {
        return p[argmax()];
    }

    /** @return name of the label with the highest score */
    public String top() {
        return task.labels().get(argmax()).name();
    }

    /**
     * The labels this distribution chooses: the top label for a single-label task, every label whose
     * score is at least {@code threshold} for a multi-label task.
     *
     * @param threshold decision threshold for multi-label tasks, in [0, 1]
     * @return the chosen label names, in task order
     */
    public List<String> chosen(double threshold) {
        if (!task.isMultiLabel()) {
            return List.of(top());
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            if (p[i] >= threshold) {
                out.add(task.labels().get(i).name());
            }
        }
        return List.copyOf(out);
    }

    /** @return {@link #chosen(double)} at threshold 0.5 */
    public List<String> chosen() {
        return chosen(0.5);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelDistribution && ((LabelDistribution) o).task.equals(task)
                && Arrays.equals(((LabelDistribution) o).p, p);
    }

    @Override
    public int hashCode() {
        return 31 * task.hashCode() + Arrays.hashCode(p);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < p.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(task.labels().get(i).name()).append('=').append(String.format(java.util.Locale.ROOT, "%.4f", p[i]));
        }
        return sb.append('}').toString();
    }
}
