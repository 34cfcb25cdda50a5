package dev.annotator.core.annotate;

/**
 * What producing an annotation cost.
 *
 * @param inputTokens prompt tokens billed; zero or more
 * @param outputTokens completion tokens billed; zero or more
 * @param usd money spent, in US dollars; zero or more
 */
public record Cost(long inputTokens, long outputTokens, double usd) {
    /** Nothing was spent (gold labels, local programs, cache hits). */
    public static final Cost FREE = new Cost(0, 0, 0);

    /**
     * Validates the amounts.
     *
     * @param inputTokens prompt tokens billed; zero or more
     * @param outputTokens completion tokens billed; zero or more
     * @param usd money spent, in US dollars; zero or more
     */
    public Cost {
        if (inputTokens < 0) {
            throw new IllegalArgumentException("inputTokens must be >= 0: " + inputTokens);
        }
        if (outputTokens < 0) {
            throw new IllegalArgumentException("outputTokens must be >= 0: " + outputTokens);
        }
        if (!(usd >= 0) || Double.isInfinite(usd)) {
            throw new IllegalArgumentException("usd must be finite and >= 0: " + usd);
        }
    }

    /**
     * @param other another cost
     * @return the sum of both
     */
    public Cost plus(Cost other) {
        return new Cost(inputTokens + other.inputTokens, outputTokens + other.outputTokens, usd + other.usd);
    }
}
