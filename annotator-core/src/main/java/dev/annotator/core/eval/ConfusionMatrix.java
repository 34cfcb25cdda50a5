package dev.annotator.core.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Counts of gold label × predicted label for a single-label task, indexed by label name in task
 * order. Rows are gold labels, columns are predicted labels, as in scikit-learn's
 * {@code confusion_matrix}. Immutable and thread-safe; {@link #toString()} prints an aligned table.
 */
public final class ConfusionMatrix {
    private static final String CORNER = "gold\\pred";
    private final List<String> labels;
    private final Map<String, Integer> index;
    private final int[][] counts;

    private ConfusionMatrix(List<String> labels, int[][] counts) {
        this.labels = List.copyOf(labels);
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < this.labels.size(); i++) {
            idx.put(this.labels.get(i), i);
        }
        this.index = Map.copyOf(idx);
        this.counts = counts;
    }

    /**
     * Builds the matrix from label indices.
     *
     * @param labels the label names, in task order
     * @param gold gold label index per example
     * @param predicted predicted label index per example
     * @return the matrix
     */
    static ConfusionMatrix of(List<String> labels, int[] gold, int[] predicted) {
        int[][] c = new int[labels.size()][labels.size()];
        for (int i = 0; i < gold.length; i++) {
            c[gold[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(labels, c);
    }

    /** @return the label names indexing rows and columns, in task order; unmodifiable */
    public List<String> labels() {
        return labels;
    }

    /**
     * How many examples with this gold label were predicted as that label.
     *
     * @param gold a gold label name
     * @param predicted a predicted label name
     * @return the count
     * @throws IllegalArgumentException when either name is not a label of the task
     */
    public int count(String gold, String predicted) {
        return counts[require(gold)][require(predicted)];
    }

    /**
     * Row total: how many examples have this gold label (its support).
     *
     * @param gold a gold label name
     * @return the count
     * @throws IllegalArgumentException when the name is not a label of the task
     */
    public int goldTotal(String gold) {
        return Arrays.stream(counts[require(gold)]).sum();
    }

    /**
     * Column total: how many examples were predicted as this label.
     *
     * @param predicted a predicted label name
     * @return the count
     * @throws IllegalArgumentException when the name is not a label of the task
     */
    public int predictedTotal(String predicted) {
        int j = require(predicted);
        int sum = 0;
        for (int[] row : counts) {
            sum += row[j];
        }
        return sum;
    }

    /** @return how many examples the matrix counts */
    public int total() {
        int sum = 0;
        for (int[] row : counts) {
            sum += Arrays.stream(row).sum();
        }
        return sum;
    }

    /** @return a copy of the counts, {@code [gold][predicted]} in {@link #labels()} order */
    public int[][] toArray() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    private int require(String label) {
        Objects.requireNonNull(label, "label");
        Integer i = index.get(label);
        if (i == null) {
            throw new IllegalArgumentException("'" + label + "' is not a label of this confusion matrix " + labels);
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix && ((ConfusionMatrix) o).labels.equals(labels)
                && Arrays.deepEquals(((ConfusionMatrix) o).counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * labels.hashCode() + Arrays.deepHashCode(counts);
    }

    /**
     * An aligned table with gold labels down the left and predicted labels across the top, e.g.
     *
     * <pre>
     * gold\pred  pos  neg
     * pos          3    1
     * neg          0    2
     * </pre>
     *
     * <p>Lines are separated by {@code \n}; there is no trailing newline.
     *
     * @return the table
     */
    @Override
    public String toString() {
        int first = CORNER.length();
        for (String l : labels) {
            first = Math.max(first, l.length());
        }
        int[] width = new int[labels.size()];
        for (int j = 0; j < labels.size(); j++) {
            width[j] = labels.get(j).length();
            for (int[] row : counts) {
                width[j] = Math.max(width[j], Integer.toString(row[j]).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        padRight(sb, CORNER, first);
        for (int j = 0; j < labels.size(); j++) {
            sb.append("  ");
            padLeft(sb, labels.get(j), width[j]);
        }
        for (int i = 0; i < labels.size(); i++) {
            sb.append('\n');
            padRight(sb, labels.get(i), first);
            for (int j = 0; j < labels.size(); j++) {
                sb.append("  ");
                padLeft(sb, Integer.toString(counts[i][j]), width[j]);
            }
        }
        return sb.toString();
    }

    private static void padRight(StringBuilder sb, String s, int width) {
        sb.append(s).append(" ".repeat(width - s.length()));
    }

    private static void padLeft(StringBuilder sb, String s, int width) {
        sb.append(" ".repeat(width - s.length())).append(s);
    }
}
