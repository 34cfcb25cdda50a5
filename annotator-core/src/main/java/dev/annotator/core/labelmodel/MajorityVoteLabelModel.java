package dev.annotator.core.labelmodel;

import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.List;
import java.util.Optional;

/**
 * Majority vote: the score of a label is the fraction of non-abstaining voters that gave it, so ties
 * share the mass equally (and {@link LabelDistribution#argmax()} then picks the label that comes
 * first in the task). For a multi-label task the same fraction is the label's independent score
 * (one-vs-rest: a vote for another label counts against). Nothing is learnt.
 */
final class MajorityVoteLabelModel implements LabelModel {
    static final MajorityVoteLabelModel INSTANCE = new MajorityVoteLabelModel();

    private MajorityVoteLabelModel() {
    }

    @Override
    public FittedLabelModel fit(VoteMatrix votes) {
        double[] weights = new double[votes.voterCount()];
        java.util.Arrays.fill(weights, 1.0);
        return new WeightedVote("majority-vote", votes.task(), votes.voters(), weights);
    }

    @Override
    public String toString() {
        return "majority-vote";
    }

    /** Votes weighted per voter, normalised into fractions. */
    static final class WeightedVote implements FittedLabelModel {
        private final String name;
        private final Task task;
        private final List<String> voters;
        private final double[] weights;

        WeightedVote(String name, Task task, List<String> voters, double[] weights) {
            this.name = name;
            this.task = task;
            this.voters = List.copyOf(voters);
            this.weights = weights.clone();
        }

        @Override
        public String name() {
            return name;
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
            if (votes.length != weights.length) {
                throw new IllegalArgumentException("row has " + votes.length + " votes but the model has " + weights.length
                        + " voters");
            }
            double[] score = new double[task.labelCount()];
            double total = 0;
            for (int j = 0; j < votes.length; j++) {
                if (votes[j] != VoteMatrix.ABSTAIN) {
                    score[votes[j]] += weights[j];
                    total += weights[j];
                }
            }
            if (total <= 0) {
                return Optional.empty();
            }
            for (int k = 0; k < score.length; k++) {
                score[k] = Math.min(1.0, score[k] / total);
            }
            return Optional.of(LabelDistribution.of(task, score));
        }

        @Override
        public String toString() {
            return name + voters;
        }
    }
}
