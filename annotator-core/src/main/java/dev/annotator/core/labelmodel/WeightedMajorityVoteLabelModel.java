package dev.annotator.core.labelmodel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Weighted majority vote: each non-abstaining voter counts with its own positive weight, and a
 * label's score is its share of the weight of the voters that spoke. Weights usually come from
 * accuracy on a gold dev set ({@link #fromDevAccuracy(VoteMatrix, List)}): the log-odds weight
 * {@code ln((K-1) a / (1 - a))}, which makes the top label the most likely one when voters err
 * independently and uniformly (Nitzan and Paroush 1982). Multi-label tasks are scored one-vs-rest,
 * as {@link LabelModel#majorityVote()}. Immutable and thread-safe.
 */
public final class WeightedMajorityVoteLabelModel implements LabelModel {
    /** Smallest weight a voter gets, so that a voter at or below chance still breaks a silence. */
    public static final double MIN_WEIGHT = 1e-3;
    private final Map<String, Double> weights;

    private WeightedMajorityVoteLabelModel(Map<String, Double> weights) {
        this.weights = weights;
    }

    /**
     * A weighted vote with given weights.
     *
     * @param weights a positive, finite weight per voter name; copied
     * @return the label model
     * @throws IllegalArgumentException when a weight is not positive and finite
     */
    public static WeightedMajorityVoteLabelModel withWeights(Map<String, Double> weights) {
        Map<String, Double> w = new LinkedHashMap<>();
        weights.forEach((name, value) -> {
            Objects.requireNonNull(name, "voter name");
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("weight of voter '" + name + "' must be positive and finite: " + value);
            }
            w.put(name, value);
        });
        return new WeightedMajorityVoteLabelModel(java.util.Collections.unmodifiableMap(w));
    }

    /**
     * Weights from accuracy on a gold dev set with default smoothing: each voter's accuracy is
     * smoothed towards 0.7 with the weight of two pseudo-votes, so a voter that never spoke on dev
     * still counts (as a fair voter) and one lucky vote does not make an oracle.
     *
     * @param dev the voters' votes on the dev texts
     * @param gold one gold label per dev row (an empty list for a row without gold)
     * @return the label model
     * @throws IllegalArgumentException when the task is multi-label or gold does not align
     */
    public static WeightedMajorityVoteLabelModel fromDevAccuracy(VoteMatrix dev, List<List<String>> gold) {
        return fromDevAccuracy(dev, gold, 0.7, 2.0);
    }

    /**
     * Weights from accuracy on a gold dev set: {@code a = (correct + s * prior) / (votes + s)}, clipped
     * to [1e-3, 1 - 1e-3], weight {@code max(MIN_WEIGHT, ln((K-1) a / (1 - a)))} for {@code K} labels.
     *
     * @param dev the voters' votes on the dev texts
     * @param gold one gold label per dev row (an empty list for a row without gold)
     * @param priorAccuracy the accuracy assumed before seeing dev votes, in (0, 1)
     * @param priorStrength how many dev votes the prior is worth; zero or more
     * @return the label model
     * @throws IllegalArgumentException on bad prior settings, a multi-label task, or misaligned gold
     */
    public static WeightedMajorityVoteLabelModel fromDevAccuracy(VoteMatrix dev, List<List<String>> gold, double priorAccuracy,
            double priorStrength) {
        if (!(priorAccuracy > 0 && priorAccuracy < 1)) {
            throw new IllegalArgumentException("priorAccuracy must be in (0, 1): " + priorAccuracy);
        }
        if (!(priorStrength >= 0) || Double.isInfinite(priorStrength)) {
            throw new IllegalArgumentException("priorStrength must be finite and >= 0: " + priorStrength);
        }
        requireSingleLabel(dev);
        int[] g = dev.goldIndices(gold);
        int k = dev.task().labelCount();
        Map<String, Double> w = new LinkedHashMap<>();
        for (int j = 0; j < dev.voterCount(); j++) {
            int correct = 0;
            int voted = 0;
            for (int i = 0; i < g.length; i++) {
                int v = dev.vote(i, j);
                if (v != VoteMatrix.ABSTAIN && g[i] != VoteMatrix.ABSTAIN) {
                    voted++;
                    if (v == g[i]) {
                        correct++;
                    }
                }
            }
            double a = voted + priorStrength == 0 ? priorAccuracy : (correct + priorStrength * priorAccuracy) / (voted + priorStrength);
            a = Math.min(1 - 1e-3, Math.max(1e-3, a));
            w.put(dev.voters().get(j), Math.max(MIN_WEIGHT, Math.log((k - 1) * a / (1 - a))));
        }
        return withWeights(w);
    }

    private static void requireSingleLabel(VoteMatrix votes) {
        if (votes.task().isMultiLabel()) {
            throw new IllegalArgumentException("weights from dev accuracy need a single-label task; task '" + votes.task().name()
                    + "' is multi-label (use withWeights)");
        }
    }

    /** @return the weight per voter name */
    public Map<String, Double> weights() {
        return weights;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when a voter of the matrix has no weight
     */
    @Override
    public FittedLabelModel fit(VoteMatrix votes) {
        double[] w = new double[votes.voterCount()];
        for (int j = 0; j < w.length; j++) {
            Double value = weights.get(votes.voters().get(j));
            if (value == null) {
                throw new IllegalArgumentException("voter '" + votes.voters().get(j) + "' has no weight (weights for "
                        + weights.keySet() + ")");
            }
            w[j] = value;
        }
        return new MajorityVoteLabelModel.WeightedVote("weighted-majority-vote", votes.task(), votes.voters(), w);
    }

    @Override
    public String toString() {
        return "weighted-majority-vote" + weights;
    }
}
