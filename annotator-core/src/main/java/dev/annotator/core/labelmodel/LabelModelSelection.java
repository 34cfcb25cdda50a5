package dev.annotator.core.labelmodel;

import dev.annotator.core.task.LabelDistribution;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Prunes voters and chooses a label model using a gold <em>dev</em> set only (never test):
 * <ol>
 *   <li>a voter is dropped when it voted on at least {@link Builder#minDevVotes(int) minDevVotes}
 *       dev rows with gold and its accuracy there is below {@link Builder#minAccuracy(double)
 *       minAccuracy}; voters with fewer dev votes are kept, as there is too little evidence;</li>
 *   <li>each candidate (majority vote, weighted majority vote with weights from dev accuracy,
 *       Dawid-Skene) is fitted on the unlabelled training votes of the kept voters and scored by
 *       accuracy on the dev rows it covers; the best wins, ties going to the earlier (simpler)
 *       candidate.</li>
 * </ol>
 * The weighted vote takes its weights from the same dev set it is scored on, which flatters it a
 * little; prefer it only by a clear margin. Single-label tasks. Immutable and thread-safe.
 */
public final class LabelModelSelection {
    private final double minAccuracy;
    private final int minDevVotes;

    private LabelModelSelection(Builder b) {
        this.minAccuracy = b.minAccuracy;
        this.minDevVotes = b.minDevVotes;
    }

    /**
     * Starts a configuration: minimum accuracy 0.5, minimum dev votes 3.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Prunes and selects.
     *
     * @param train the voters' votes on the (unlabelled) training texts
     * @param dev the same voters' votes on the dev texts
     * @param devGold one gold label per dev row (an empty list for a row without gold)
     * @return what was kept, dropped and chosen
     * @throws IllegalArgumentException when the matrices have different tasks or voters, the task is
     *     multi-label, gold does not align, every voter was dropped, or no candidate could be fitted
     */
    public Result select(VoteMatrix train, VoteMatrix dev, List<List<String>> devGold) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(dev, "dev");
        if (!train.task().equals(dev.task()) || !train.voters().equals(dev.voters())) {
            throw new IllegalArgumentException("train and dev votes must have the same task and voters: " + train + " vs " + dev);
        }
        if (train.task().isMultiLabel()) {
            throw new IllegalArgumentException("label model selection supports single-label tasks; task '"
                    + train.task().name() + "' is multi-label");
        }
        int[] gold = dev.goldIndices(devGold);
        VoteAnalysis analysis = VoteAnalysis.of(dev, devGold);
        List<String> kept = new ArrayList<>();
        Map<String, String> dropped = new LinkedHashMap<>();
        for (VoterStats s : analysis.voters()) {
            int n = s.correct() + s.incorrect();
            double acc = s.accuracy().orElse(Double.NaN);
            if (n >= minDevVotes && acc < minAccuracy) {
                dropped.put(s.voter(), String.format(java.util.Locale.ROOT, "dev accuracy %.3f on %d votes is below %.3f", acc, n,
                        minAccuracy));
            } else {
                kept.add(s.voter());
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("every voter was dropped: " + dropped);
        }
        VoteMatrix keptTrain = train.selectVoters(kept);
        VoteMatrix keptDev = dev.selectVoters(kept);
        List<String> candidateNames = List.of("majority-vote", "weighted-majority-vote", "dawid-skene");
        List<LabelModel> candidates = List.of(LabelModel.majorityVote(),
                WeightedMajorityVoteLabelModel.fromDevAccuracy(keptDev, devGold), LabelModel.dawidSkene());
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        FittedLabelModel best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < candidates.size(); c++) {
            FittedLabelModel fitted;
            try {
                fitted = candidates.get(c).fit(keptTrain);
            } catch (IllegalArgumentException e) {
                failed.put(candidateNames.get(c), e.getMessage());
                continue;
            }
            double score = accuracy(fitted.predict(keptDev), gold);
            scores.put(candidateNames.get(c), score);
            if (score > bestScore) {
                bestScore = score;
                best = fitted;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no label model could be fitted on the kept voters: " + failed);
        }
        return new Result(List.copyOf(kept), dropped, scores, failed, best, analysis);
    }

    private static double accuracy(List<Optional<LabelDistribution>> predicted, int[] gold) {
        int right = 0;
        int n = 0;
        for (int i = 0; i < gold.length; i++) {
            if (gold[i] != VoteMatrix.ABSTAIN && predicted.get(i).isPresent()) {
                n++;
                if (predicted.get(i).get().argmax() == gold[i]) {
                    right++;
                }
            }
        }
        return n == 0 ? 0 : (double) right / n;
    }

    /** Settings of {@link LabelModelSelection}; not thread-safe. */
    public static final class Builder {
        private double minAccuracy = 0.5;
        private int minDevVotes = 3;

        private Builder() {
        }

        /**
         * @param minAccuracy a voter with enough dev votes is dropped below this dev accuracy; in [0, 1]
         * @return this builder
         */
        public Builder minAccuracy(double minAccuracy) {
            if (!(minAccuracy >= 0 && minAccuracy <= 1)) {
                throw new IllegalArgumentException("minAccuracy must be in [0, 1]: " + minAccuracy);
            }
            this.minAccuracy = minAccuracy;
            return this;
        }

        /**
         * @param minDevVotes how many dev votes with gold a voter needs before it can be dropped; at
         *     least 1
         * @return this builder
         */
        public Builder minDevVotes(int minDevVotes) {
            if (minDevVotes < 1) {
                throw new IllegalArgumentException("minDevVotes must be at least 1: " + minDevVotes);
            }
            this.minDevVotes = minDevVotes;
            return this;
        }

        /** @return the selection */
        public LabelModelSelection build() {
            return new LabelModelSelection(this);
        }
    }

    /**
     * The outcome of a selection.
     *
     * @param kept the voters kept, in column order
     * @param dropped the voters dropped, each with the reason
     * @param devAccuracy each candidate's accuracy on the dev rows it covers, by name
     * @param failed candidates that could not be fitted on the training votes, with the reason
     * @param chosen the winning label model, fitted on the kept voters' training votes
     * @param devAnalysis the analysis of all voters on dev, before pruning
     */
    public record Result(List<String> kept, Map<String, String> dropped, Map<String, Double> devAccuracy,
            Map<String, String> failed, FittedLabelModel chosen, VoteAnalysis devAnalysis) {

        /**
         * Validates and copies.
         *
         * @param kept the voters kept, in column order
         * @param dropped the voters dropped, each with the reason
         * @param devAccuracy each candidate's accuracy on the dev rows it covers, by name
         * @param failed candidates that could not be fitted on the training votes, with the reason
         * @param chosen the winning label model, fitted on the kept voters' training votes
         * @param devAnalysis the analysis of all voters on dev, before pruning
         */
        public Result {
            kept = List.copyOf(kept);
            dropped = Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
            devAccuracy = Collections.unmodifiableMap(new LinkedHashMap<>(devAccuracy));
            failed = Collections.unmodifiableMap(new LinkedHashMap<>(failed));
            Objects.requireNonNull(chosen, "chosen");
            Objects.requireNonNull(devAnalysis, "devAnalysis");
        }
    }
}
