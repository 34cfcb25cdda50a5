package dev.annotator.llm.cost;

/**
 * Hard limits on what a run may spend. A call is refused before it is made when its worst-case cost
 * (see {@link CostLedger}) could take any total past its limit.
 *
 * @param maxCalls most model calls; {@code Long.MAX_VALUE} for no limit
 * @param maxTokens most input plus output tokens; {@code Long.MAX_VALUE} for no limit
 * @param maxUsd most US dollars; {@code Double.POSITIVE_INFINITY} for no limit
 */
public record Budget(long maxCalls, long maxTokens, double maxUsd) {
    /** No limit on anything. */
    public static final Budget UNLIMITED = new Budget(Long.MAX_VALUE, Long.MAX_VALUE, Double.POSITIVE_INFINITY);

    /**
     * Validates the limits.
     *
     * @param maxCalls most model calls; positive
     * @param maxTokens most tokens; positive
     * @param maxUsd most US dollars; positive (may be infinite)
     */
    public Budget {
        if (maxCalls <= 0) {
            throw new IllegalArgumentException("budget maxCalls must be positive: " + maxCalls);
        }
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("budget maxTokens must be positive: " + maxTokens);
        }
        if (!(maxUsd > 0)) {
            throw new IllegalArgumentException("budget maxUsd must be positive: " + maxUsd);
        }
    }

    /**
     * @param calls most model calls; positive
     * @return this budget with that call limit
     */
    public Budget withMaxCalls(long calls) {
        return new Budget(calls, maxTokens, maxUsd);
    }

    /**
     * @param tokens most input plus output tokens; positive
     * @return this budget with that token limit
     */
    public Budget withMaxTokens(long tokens) {
        return new Budget(maxCalls, tokens, maxUsd);
    }

    /**
     * @param usd most US dollars; positive
     * @return this budget with that money limit
     */
    public Budget withMaxUsd(double usd) {
        return new Budget(maxCalls, maxTokens, usd);
    }

    /** @return true when a money limit is set */
    public boolean limitsUsd() {
        return maxUsd != Double.POSITIVE_INFINITY;
    }
}
