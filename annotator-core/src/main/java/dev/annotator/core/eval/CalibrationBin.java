package dev.annotator.core.eval;

/**
 * One bin of a reliability diagram: the predictions whose top-label confidence lies in
 * {@code (lower, upper]} (the first bin also takes a confidence of exactly 0).
 *
 * @param lower lower edge of the bin, exclusive
 * @param upper upper edge of the bin, inclusive
 * @param count how many predictions fall into the bin
 * @param meanConfidence mean top-label confidence of those predictions; 0 for an empty bin
 * @param accuracy fraction of those predictions that are correct; 0 for an empty bin
 */
public record CalibrationBin(double lower, double upper, int count, double meanConfidence, double accuracy) {

    /**
     * Validates the edges and the count.
     *
     * @param lower lower edge of the bin, exclusive
     * @param upper upper edge of the bin, inclusive
     * @param count how many predictions fall into the bin
     * @param meanConfidence mean top-label confidence of those predictions; 0 for an empty bin
     * @param accuracy fraction of those predictions that are correct; 0 for an empty bin
     */
    public CalibrationBin {
        if (!(lower >= 0 && lower < upper && upper <= 1)) {
            throw new IllegalArgumentException("bin edges must satisfy 0 <= lower < upper <= 1: (" + lower + ", " + upper + "]");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
    }

    /** @return true when no prediction falls into this bin */
    public boolean isEmpty() {
        return count == 0;
    }

    /** @return {@code |accuracy - meanConfidence|}, the bin's calibration gap; 0 for an empty bin */
    public double gap() {
        return Math.abs(accuracy - meanConfidence);
    }
}
