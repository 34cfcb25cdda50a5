package dev.annotator.core.labelmodel;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one voter did on a set of rows, as in Snorkel's {@code LFAnalysis}.
 *
 * @param voter the voter's name
 * @param polarity the labels it gave at least once, in task order
 * @param votes on how many rows it gave a label
 * @param coverage fraction of rows on which it gave a label
 * @param overlap fraction of rows on which it and at least one other voter gave a label
 * @param conflict fraction of rows on which it and another voter gave different labels
 * @param correct votes that match gold, on rows with gold (0 without gold)
 * @param incorrect votes that do not match gold, on rows with gold (0 without gold)
 */
public record VoterStats(String voter, List<String> polarity, int votes, double coverage, double overlap, double conflict,
        int correct, int incorrect) {

    /**
     * Validates and copies.
     *
     * @param voter the voter's name
     * @param polarity the labels it gave at least once, in task order
     * @param votes on how many rows it gave a label
     * @param coverage fraction of rows on which it gave a label
     * @param overlap fraction of rows on which it and at least one other voter gave a label
     * @param conflict fraction of rows on which it and another voter gave different labels
     * @param correct votes that match gold, on rows with gold (0 without gold)
     * @param incorrect votes that do not match gold, on rows with gold (0 without gold)
     */
    public VoterStats {
        Objects.requireNonNull(voter, "voter");
        polarity = List.copyOf(polarity);
        if (votes < 0 || correct < 0 || incorrect < 0) {
            throw new IllegalArgumentException("counts must be >= 0: votes=" + votes + ", correct=" + correct
                    + ", incorrect=" + incorrect);
        }
    }

    /** @return correct / (correct + incorrect), or empty when it never voted on a row with gold */
    public OptionalDouble accuracy() {
        int n = correct + incorrect;
        return n == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) correct / n);
    }
}
