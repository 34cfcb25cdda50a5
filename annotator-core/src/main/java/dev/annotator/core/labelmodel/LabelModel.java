package dev.annotator.core.labelmodel;

/**
 * Turns the votes of weak voters into soft labels: {@link #fit(VoteMatrix)} learns whatever the
 * technique needs from (unlabelled) votes and returns a {@link FittedLabelModel} that labels rows.
 *
 * <p>Built-in techniques: {@link #majorityVote()}, {@link WeightedMajorityVoteLabelModel} (weights
 * from accuracy on a gold dev set) and {@link DawidSkeneLabelModel} (EM over per-voter confusion
 * matrices). Every technique supports single-label tasks. Multi-label tasks: majority and weighted
 * majority vote score each label one-vs-rest directly; Dawid-Skene (or any single-label model) runs
 * per label through {@link OneVsRestLabelModel}. Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface LabelModel {

    /**
     * Learns from votes.
     *
     * @param votes the votes to learn from, typically on the unlabelled training texts
     * @return the fitted model, which labels rows with the same voters
     * @throws IllegalArgumentException when the technique does not support the task kind or the
     *     votes are unusable (e.g. no voters)
     */
    FittedLabelModel fit(VoteMatrix votes);

    /**
     * Plain majority vote: each non-abstaining voter counts one; ties share the mass.
     *
     * @return the label model
     */
    static LabelModel majorityVote() {
        return MajorityVoteLabelModel.INSTANCE;
    }

    /**
     * Dawid-Skene EM with default settings.
     *
     * @return the label model
     */
    static LabelModel dawidSkene() {
        return DawidSkeneLabelModel.builder().build();
    }
}
