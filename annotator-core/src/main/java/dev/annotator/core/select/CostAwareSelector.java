package dev.annotator.core.select;

import dev.annotator.core.data.Example;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Spends a cost budget where the expected gain per unit cost is highest: each candidate's gain (its
 * uncertainty under the current student) is divided by its {@link TextCost} (estimated tokens by
 * default), candidates are ranked by that ratio (ties: cheaper first, then a seeded random order),
 * and taken greedily while they fit in the budget and the batch is not full. A candidate that does
 * not fit is skipped and cheaper ones after it are still considered, so the batch may be smaller
 * than the batch size, and its total cost never exceeds the budget.
 *
 * <p>The budget is per call. A pipeline with a total budget builds this selector each round with what
 * is left ({@code CostAwareSelector.builder()...budget(remaining)}); selectors are cheap to build.
 *
 * <p>Cold start (no predictions): every candidate has the same gain, so the ratio alone would favour
 * the shortest texts; instead candidates are taken in seeded random order while they fit, i.e. random
 * sampling under the budget. Immutable and thread-safe.
 */
public final class CostAwareSelector implements SampleSelector {
    private final UncertaintyMeasure gain;
    private final TextCost cost;
    private final double budget;

    private CostAwareSelector(Builder b) {
        this.gain = b.gain;
        this.cost = b.cost;
        this.budget = b.budget;
    }

    /**
     * Starts a selector.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the expected gain of labelling a text */
    public UncertaintyMeasure gain() {
        return gain;
    }

    /** @return the cost function */
    public TextCost cost() {
        return cost;
    }

    /** @return the most one selection may cost */
    public double budget() {
        return budget;
    }

    @Override
    public List<Example> select(SelectionContext context) {
        List<Example> candidates = context.candidates();
        int n = candidates.size();
        double[] costs = new double[n];
        for (int i = 0; i < n; i++) {
            double c = cost.cost(candidates.get(i));
            if (!(c > 0) || Double.isInfinite(c)) {
                throw new IllegalArgumentException("cost function '" + cost + "' gave " + c + " for example '"
                        + candidates.get(i).id() + "'; it must be finite and positive");
            }
            costs[i] = c;
        }
        int[] tie = Ranking.tieBreakers(context, n);
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        if (context.hasPredictions()) {
            double[] gains = Ranking.uncertainties(context, candidates, gain);
            order.sort(Comparator.<Integer>comparingDouble(i -> -gains[i] / costs[i])
                    .thenComparingDouble(i -> costs[i]).thenComparingInt(i -> tie[i]));
        } else {
            order.sort(Comparator.comparingInt(i -> tie[i]));
        }
        List<Example> out = new ArrayList<>();
        double spent = 0;
        for (int i : order) {
            if (out.size() == context.batchSize()) {
                break;
            }
            if (spent + costs[i] <= budget) {
                spent += costs[i];
                out.add(candidates.get(i));
            }
        }
        return out;
    }

    /**
     * Total cost of a batch under this selector's cost function.
     *
     * @param batch examples
     * @return the sum of their costs
     */
    public double costOf(List<Example> batch) {
        double sum = 0;
        for (Example e : batch) {
            sum += cost.cost(e);
        }
        return sum;
    }

    @Override
    public String name() {
        return "cost-aware(" + gain + "/" + cost + ",budget=" + budget + ")";
    }

    @Override
    public String toString() {
        return name();
    }

    /** Builder for {@link CostAwareSelector}; not thread-safe. */
    public static final class Builder {
        private UncertaintyMeasure gain = UncertaintyMeasure.entropy();
        private TextCost cost = TextCost.charsOver4();
        private Double budget;

        private Builder() {
        }

        /**
         * @param gain expected gain of labelling a text; default {@link UncertaintyMeasure#entropy()}
         * @return this builder
         */
        public Builder gain(UncertaintyMeasure gain) {
            this.gain = Objects.requireNonNull(gain, "gain");
            return this;
        }

        /**
         * @param cost expected cost of annotating a text; default {@link TextCost#charsOver4()}
         * @return this builder
         */
        public Builder cost(TextCost cost) {
            this.cost = Objects.requireNonNull(cost, "cost");
            return this;
        }

        /**
         * @param budget the most one selection may cost, in the cost function's unit; finite and
         *     positive; required
         * @return this builder
         */
        public Builder budget(double budget) {
            if (!(budget > 0) || Double.isInfinite(budget)) {
                throw new IllegalArgumentException("budget must be finite and positive: " + budget);
            }
            this.budget = budget;
            return this;
        }

        /**
         * @return the selector
         * @throws IllegalStateException when no budget was set
         */
        public CostAwareSelector build() {
            if (budget == null) {
                throw new IllegalStateException("cost-aware selector needs a budget");
            }
            return new CostAwareSelector(this);
        }
    }
}
