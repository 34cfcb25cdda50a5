package dev.annotator.core.pipeline;

import java.util.Locale;

/**
 * The most an {@link ActiveAnnotationLoop} may spend: a number of labels, an amount of money, or
 * both. The loop stops before exceeding either.
 *
 * <p>A label is one annotation requested from the annotator; an abstention uses one up, since it was
 * paid for too. Money is the {@link dev.annotator.core.annotate.Cost#usd()} of the annotations. Since
 * an annotation's cost is known only once it has been paid, the loop bounds each request by the most
 * expensive single annotation seen so far (and asks for one text at a time until it has seen one):
 * the budget holds exactly when no annotation costs more than every earlier one did, and can
 * otherwise be overshot by at most the difference on the last request.
 *
 * @param maxLabels labels allowed; {@link Long#MAX_VALUE} for no limit
 * @param maxUsd US dollars allowed; {@link Double#POSITIVE_INFINITY} for no limit
 */
public record Budget(long maxLabels, double maxUsd) {

    /**
     * Validates.
     *
     * @param maxLabels labels allowed; zero or more
     * @param maxUsd dollars allowed; zero or more, or positive infinity
     */
    public Budget {
        if (maxLabels < 0) {
            throw new IllegalArgumentException("label budget must be >= 0: " + maxLabels);
        }
        if (!(maxUsd >= 0)) {
            throw new IllegalArgumentException("money budget must be >= 0: " + maxUsd);
        }
    }

    /** @return no limit: the schedule and the pool decide when the loop ends */
    public static Budget unlimited() {
        return new Budget(Long.MAX_VALUE, Double.POSITIVE_INFINITY);
    }

    /**
     * @param maxLabels labels allowed; zero or more
     * @return a label budget with no money limit
     */
    public static Budget labels(long maxLabels) {
        return new Budget(maxLabels, Double.POSITIVE_INFINITY);
    }

    /**
     * @param maxUsd US dollars allowed; zero or more
     * @return a money budget with no label limit
     */
    public static Budget usd(double maxUsd) {
        return new Budget(Long.MAX_VALUE, maxUsd);
    }

    /**
     * @param maxUsd US dollars allowed; zero or more
     * @return this budget with a money limit as well
     */
    public Budget andUsd(double maxUsd) {
        return new Budget(maxLabels, maxUsd);
    }

    /** @return true when money is limited */
    public boolean limitsMoney() {
        return maxUsd != Double.POSITIVE_INFINITY;
    }

    /** @return true when labels are limited */
    public boolean limitsLabels() {
        return maxLabels != Long.MAX_VALUE;
    }

    @Override
    public String toString() {
        if (!limitsLabels() && !limitsMoney()) {
            return "unlimited";
        }
        String labels = limitsLabels() ? maxLabels + " labels" : "";
        String money = limitsMoney() ? String.format(Locale.ROOT, "$%.4f", maxUsd) : "";
        return labels.isEmpty() ? money : money.isEmpty() ? labels : labels + ", " + money;
    }
}
