package dev.annotator.llm.cost;

/**
 * What one model charges, in US dollars per million tokens.
 *
 * @param usdPerMillionInput price of one million prompt tokens; zero or more
 * @param usdPerMillionOutput price of one million completion tokens; zero or more
 */
public record Price(double usdPerMillionInput, double usdPerMillionOutput) {
    /** A model that costs nothing (a local server). */
    public static final Price FREE = new Price(0, 0);

    /**
     * Validates the prices.
     *
     * @param usdPerMillionInput price of one million prompt tokens; zero or more
     * @param usdPerMillionOutput price of one million completion tokens; zero or more
     */
    public Price {
        if (!(usdPerMillionInput >= 0) || Double.isInfinite(usdPerMillionInput)) {
            throw new IllegalArgumentException("usdPerMillionInput must be finite and >= 0: " + usdPerMillionInput);
        }
        if (!(usdPerMillionOutput >= 0) || Double.isInfinite(usdPerMillionOutput)) {
            throw new IllegalArgumentException("usdPerMillionOutput must be finite and >= 0: " + usdPerMillionOutput);
        }
    }

    /**
     * @param inputTokens prompt tokens
     * @param outputTokens completion tokens
     * @return what they cost, in US dollars
     */
    public double usd(long inputTokens, long outputTokens) {
        return (inputTokens * usdPerMillionInput + outputTokens * usdPerMillionOutput) / 1_000_000d;
    }
}
