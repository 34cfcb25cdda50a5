package dev.annotator.core.labelmodel;

import dev.annotator.core.task.Label;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a single-label label model once per label of a multi-label task, on binary votes: for label
 * {@code L}, a vote for {@code L} is a vote for "applies", a vote for any other label a vote for
 * "does not apply" (the one-vs-rest assumption: a voter that names another label is taken to say
 * that {@code L} does not apply), and an abstention stays one. A label's score is the binary
 * model's probability of "applies". A row on which every voter abstained gets no label. This makes
 * {@link DawidSkeneLabelModel} usable on multi-label tasks. Immutable and thread-safe.
 */
public final class OneVsRestLabelModel implements LabelModel {
    private final LabelModel binary;

    private OneVsRestLabelModel(LabelModel binary) {
        this.binary = binary;
    }

    /**
     * @param binary the single-label model fitted per label on two-class votes
     * @return the one-vs-rest label model
     */
    public static OneVsRestLabelModel of(LabelModel binary) {
        return new OneVsRestLabelModel(Objects.requireNonNull(binary, "binary"));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the task is single-label, or the binary model cannot be
     *     fitted for some label
     */
    @Override
    public FittedLabelModel fit(VoteMatrix votes) {
        Task task = votes.task();
        if (!task.isMultiLabel()) {
            throw new IllegalArgumentException("one-vs-rest is for multi-label tasks; task '" + task.name()
                    + "' is single-label (use the label model directly)");
        }
        List<FittedLabelModel> perLabel = new ArrayList<>();
        for (int k = 0; k < task.labelCount(); k++) {
            perLabel.add(binary.fit(binaryVotes(votes, k)));
        }
        return new Fitted(task, votes.voters(), perLabel);
    }

    static Task binaryTask(Task task, int label) {
        Label l = task.labels().get(label);
        return Task.builder().name(task.name() + "/" + l.name()).label("not " + l.name(), "")
                .label(l.name(), l.description()).build();
    }

    static int[] binaryRow(int[] row, int label) {
        int[] out = new int[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = row[j] == VoteMatrix.ABSTAIN ? VoteMatrix.ABSTAIN : row[j] == label ? 1 : 0;
        }
        return out;
    }

    private static VoteMatrix binaryVotes(VoteMatrix votes, int label) {
        int[][] rows = new int[votes.rowCount()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = binaryRow(votes.row(i), label);
        }
        return VoteMatrix.of(binaryTask(votes.task(), label), votes.voters(), votes.exampleIds(), rows);
    }

    @Override
    public String toString() {
        return "one-vs-rest(" + binary + ")";
    }

    private static final class Fitted implements FittedLabelModel {
        private final Task task;
        private final List<String> voters;
        private final List<FittedLabelModel> perLabel;

        Fitted(Task task, List<String> voters, List<FittedLabelModel> perLabel) {
            this.task = task;
            this.voters = List.copyOf(voters);
            this.perLabel = List.copyOf(perLabel);
        }

        @Override
        public String name() {
            return "one-vs-rest-" + perLabel.get(0).name();
        }

        @Override
        public Task task() {
            return task;
        }

        @Override
        public List<String> voters() {
            return voters;
        }

        @Override
        public Optional<LabelDistribution> predict(int[] votes) {
            if (votes.length != voters.size()) {
                throw new IllegalArgumentException("row has " + votes.length + " votes but the model has " + voters.size()
                        + " voters");
            }
            double[] p = new double[task.labelCount()];
            for (int k = 0; k < p.length; k++) {
                Optional<LabelDistribution> d = perLabel.get(k).predict(binaryRow(votes, k));
                if (d.isEmpty()) {
                    return Optional.empty();
                }
                p[k] = d.get().get(1);
            }
            return Optional.of(LabelDistribution.of(task, p));
        }
    }
}
