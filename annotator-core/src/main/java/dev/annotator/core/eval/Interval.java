package dev.annotator.core.eval;

/**
 * A confidence interval for a proportion such as accuracy.
 *
 * @param lower lower bound, in [0, 1]
 * @param upper upper bound, in [lower, 1]
 * @param confidenceLevel the level the interval was computed at, in (0, 1), e.g. 0.95
 */
public record Interval(double lower, double upper, double confidenceLevel) {

    /**
     * Validates the bounds and the level.
     *
     * @param lower lower bound, in [0, 1]
     * @param upper upper bound, in [lower, 1]
     * @param confidenceLevel the level the interval was computed at, in (0, 1), e.g. 0.95
     */
    public Interval {
        if (!(lower >= 0 && lower <= upper && upper <= 1)) {
            throw new IllegalArgumentException("interval must satisfy 0 <= lower <= upper <= 1: [" + lower + ", " + upper + "]");
        }
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidenceLevel must be in (0, 1): " + confidenceLevel);
        }
    }

    /**
     * @param value a value
     * @return true when {@code lower <= value <= upper}
     */
    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }
}
