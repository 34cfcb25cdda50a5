package dev.annotator.llm.cost;

/**
 * Totals of what was spent (or is reserved).
 *
 * @param calls model calls made, including failed ones
 * @param inputTokens prompt tokens billed
 * @param outputTokens completion tokens billed
 * @param usd US dollars, from the price table (zero for models it does not list)
 */
public record Spend(long calls, long inputTokens, long outputTokens, double usd) {
    /** Nothing. */
    public static final Spend ZERO = new Spend(0, 0, 0, 0);

    /**
     * Validates the totals.
     *
     * @param calls model calls; zero or more
     * @param inputTokens prompt tokens; zero or more
     * @param outputTokens completion tokens; zero or more
     * @param usd US dollars; zero or more
     */
    public Spend {
        if (calls < 0 || inputTokens < 0 || outputTokens < 0 || !(usd >= 0)) {
            throw new IllegalArgumentException("spend must not be negative: calls=" + calls + ", inputTokens="
                    + inputTokens + ", outputTokens=" + outputTokens + ", usd=" + usd);
        }
    }

    /** @return input plus output tokens */
    public long tokens() {
        return inputTokens + outputTokens;
    }

    /**
     * @param other another total
     * @return the sum
     */
    public Spend plus(Spend other) {
        return new Spend(calls + other.calls, inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                usd + other.usd);
    }

    /**
     * @param other a total not larger than this one
     * @return the difference, floored at zero
     */
    public Spend minus(Spend other) {
        return new Spend(Math.max(0, calls - other.calls), Math.max(0, inputTokens - other.inputTokens),
                Math.max(0, outputTokens - other.outputTokens), Math.max(0, usd - other.usd));
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d calls, %d input + %d output tokens, $%.6f", calls, inputTokens,
                outputTokens, usd);
    }
}
