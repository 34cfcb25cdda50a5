package dev.annotator.core.labelmodel;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.task.Task;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The votes of several voters (labelling programs, annotators) on several texts: row {@code i} is a
 * text, column {@code j} a voter, and each cell a label index of the {@link Task} or
 * {@link #ABSTAIN}. Immutable and thread-safe.
 */
public final class VoteMatrix {
    /** The cell value of a voter that gave no label. */
    public static final int ABSTAIN = -1;

    private final Task task;
    private final List<String> voters;
    private final List<String> exampleIds;
    private final int[][] votes;

    private VoteMatrix(Task task, List<String> voters, List<String> exampleIds, int[][] votes) {
        this.task = task;
        this.voters = voters;
        this.exampleIds = exampleIds;
        this.votes = votes;
    }

    /**
     * Creates a vote matrix.
     *
     * @param task the task whose label indices the cells hold
     * @param voters one distinct, non-blank name per column
     * @param exampleIds one distinct id per row
     * @param votes {@code votes[row][column]}: a label index or {@link #ABSTAIN}; copied
     * @return the matrix
     * @throws IllegalArgumentException when sizes disagree, a name or id repeats, or a cell is neither
     *     a label index of the task nor {@link #ABSTAIN}
     */
    public static VoteMatrix of(Task task, List<String> voters, List<String> exampleIds, int[][] votes) {
        Objects.requireNonNull(task, "task");
        List<String> v = List.copyOf(voters);
        List<String> ids = List.copyOf(exampleIds);
        requireDistinct(v, "voter name");
        requireDistinct(ids, "example id");
        for (String name : v) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("voter names must not be blank");
            }
        }
        if (votes.length != ids.size()) {
            throw new IllegalArgumentException("vote matrix has " + votes.length + " rows but " + ids.size() + " example ids");
        }
        int[][] copy = new int[votes.length][];
        for (int i = 0; i < votes.length; i++) {
            if (votes[i].length != v.size()) {
                throw new IllegalArgumentException("row " + i + " (example '" + ids.get(i) + "') has " + votes[i].length
                        + " votes but there are " + v.size() + " voters");
            }
            for (int j = 0; j < votes[i].length; j++) {
                int c = votes[i][j];
                if (c != ABSTAIN && (c < 0 || c >= task.labelCount())) {
                    throw new IllegalArgumentException("vote of '" + v.get(j) + "' on example '" + ids.get(i) + "' is " + c
                            + ", not a label index of task '" + task.name() + "' (0.." + (task.labelCount() - 1)
                            + ") or ABSTAIN (-1)");
                }
            }
            copy[i] = votes[i].clone();
        }
        return new VoteMatrix(task, v, ids, copy);
    }

    /**
     * Votes from annotations, so that any {@link dev.annotator.core.annotate.Annotator} (an LLM, a
     * k-NN vote, a person) can be a voter beside labelling programs. An abstention, or no annotation
     * for an example, is {@link #ABSTAIN}; a labelled annotation votes its single chosen label.
     *
     * @param task the task of the annotations
     * @param exampleIds the rows, in order
     * @param annotationsByVoter per voter name (in column order), its annotations of any of the rows,
     *     matched by example id
     * @return the matrix
     * @throws IllegalArgumentException when an annotation names an example that is not a row, a
     *     voter annotated an example twice, or an annotation chose other than one label
     * @throws dev.annotator.core.task.UnknownLabelException when a label is not in the task
     */
    public static VoteMatrix fromAnnotations(Task task, List<String> exampleIds,
            Map<String, List<Annotation>> annotationsByVoter) {
        Map<String, Integer> rowOf = new HashMap<>();
        for (int i = 0; i < exampleIds.size(); i++) {
            if (rowOf.put(exampleIds.get(i), i) != null) {
                throw new IllegalArgumentException("example id '" + exampleIds.get(i) + "' repeats");
            }
        }
        List<String> voters = List.copyOf(annotationsByVoter.keySet());
        int[][] votes = new int[exampleIds.size()][voters.size()];
        for (int[] row : votes) {
            Arrays.fill(row, ABSTAIN);
        }
        for (int j = 0; j < voters.size(); j++) {
            boolean[] seen = new boolean[exampleIds.size()];
            for (Annotation a : annotationsByVoter.get(voters.get(j))) {
                Integer i = rowOf.get(a.exampleId());
                if (i == null) {
                    throw new IllegalArgumentException("voter '" + voters.get(j) + "' annotated example '" + a.exampleId()
                            + "', which is not a row");
                }
                if (seen[i]) {
                    throw new IllegalArgumentException("voter '" + voters.get(j) + "' annotated example '" + a.exampleId()
                            + "' twice");
                }
                seen[i] = true;
                if (!a.isAbstention()) {
                    if (a.labels().size() != 1) {
                        throw new IllegalArgumentException("annotation of '" + a.exampleId() + "' by '" + voters.get(j)
                                + "' chose " + a.labels() + "; a vote is exactly one label");
                    }
                    votes[i][j] = task.requireIndex(a.labels().get(0));
                }
            }
        }
        return of(task, voters, exampleIds, votes);
    }

    private static void requireDistinct(List<String> names, String what) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException(what + " '" + n + "' repeats");
            }
        }
    }

    /** @return the task whose label indices the cells hold */
    public Task task() {
        return task;
    }

    /** @return the voter names, one per column */
    public List<String> voters() {
        return voters;
    }

    /** @return the example ids, one per row */
    public List<String> exampleIds() {
        return exampleIds;
    }

    /** @return the number of rows (texts) */
    public int rowCount() {
        return votes.length;
    }

    /** @return the number of columns (voters) */
    public int voterCount() {
        return voters.size();
    }

    /**
     * @param row a row index
     * @param voter a column index
     * @return the label index voted, or {@link #ABSTAIN}
     */
    public int vote(int row, int voter) {
        return votes[row][voter];
    }

    /**
     * @param row a row index
     * @return a copy of the row's votes
     */
    public int[] row(int row) {
        return votes[row].clone();
    }

    /**
     * @param row a row index
     * @return true when at least one voter gave a label
     */
    public boolean isCovered(int row) {
        for (int c : votes[row]) {
            if (c != ABSTAIN) {
                return true;
            }
        }
        return false;
    }

    /**
     * The same rows with only some voters, e.g. after pruning.
     *
     * @param voterNames names of the voters to keep, in the order wanted
     * @return a new matrix
     * @throws IllegalArgumentException when a name is not a voter of this matrix
     */
    public VoteMatrix selectVoters(List<String> voterNames) {
        int[] cols = new int[voterNames.size()];
        for (int k = 0; k < cols.length; k++) {
            int c = voters.indexOf(voterNames.get(k));
            if (c < 0) {
                throw new IllegalArgumentException("'" + voterNames.get(k) + "' is not a voter of this matrix " + voters);
            }
            cols[k] = c;
        }
        int[][] out = new int[votes.length][cols.length];
        for (int i = 0; i < votes.length; i++) {
            for (int k = 0; k < cols.length; k++) {
                out[i][k] = votes[i][cols[k]];
            }
        }
        return new VoteMatrix(task, List.copyOf(voterNames), exampleIds, out);
    }

    /**
     * Gold label indices aligned with the rows, for single-label tasks.
     *
     * @param gold one list per row: empty for a row without gold, else exactly one label name
     * @return one label index per row, {@link #ABSTAIN} where there is no gold
     * @throws IllegalArgumentException when the size differs from {@link #rowCount()} or a row holds
     *     more than one label
     * @throws dev.annotator.core.task.UnknownLabelException when a name is not a label of the task
     */
    int[] goldIndices(List<List<String>> gold) {
        if (gold.size() != rowCount()) {
            throw new IllegalArgumentException("gold has " + gold.size() + " rows but the vote matrix has " + rowCount());
        }
        int[] g = new int[gold.size()];
        for (int i = 0; i < g.length; i++) {
            List<String> labels = gold.get(i);
            if (labels.isEmpty()) {
                g[i] = ABSTAIN;
            } else if (labels.size() == 1) {
                g[i] = task.requireIndex(labels.get(0));
            } else {
                throw new IllegalArgumentException("gold of example '" + exampleIds.get(i) + "' has " + labels.size()
                        + " labels; label models evaluate single-label tasks");
            }
        }
        return g;
    }

    @Override
    public String toString() {
        return "VoteMatrix[" + task.name() + ", rows=" + votes.length + ", voters=" + voters + "]";
    }
}
