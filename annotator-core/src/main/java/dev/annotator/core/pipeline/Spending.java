package dev.annotator.core.pipeline;

import dev.annotator.core.annotate.Cost;
import java.util.Objects;

/**
 * What a loop has spent so far and how many more answers its money budget allows: before anything
 * was paid, one answer (if there is room at all); after that, as many as the room left divided by the
 * dearest answer seen so far, so a loop stops before it exceeds the budget. Shared by
 * {@link ActiveAnnotationLoop}, {@link SpanActiveLoop} and {@link DistillationPipeline}. Not thread-safe.
 */
final class Spending {
    private final Budget budget;
    private Cost spent = Cost.FREE;
    private double maxUnitUsd;
    private boolean seenCost;

    Spending(Budget budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** @return everything spent so far */
    Cost spent() {
        return spent;
    }

    /**
     * Records one answer's cost.
     *
     * @param cost what the answer cost
     */
    void add(Cost cost) {
        spent = spent.plus(cost);
        maxUnitUsd = Math.max(maxUnitUsd, cost.usd());
        seenCost = true;
    }

    /**
     * @param n answers wanted next
     * @return how many of them the money budget allows, bounded by the dearest answer seen
     */
    int affordable(int n) {
        if (!budget.limitsMoney()) {
            return n;
        }
        double room = budget.maxUsd() - spent.usd();
        if (!seenCost) {
            return room > 0 ? Math.min(n, 1) : 0;
        }
        if (maxUnitUsd == 0) {
            return n;
        }
        double k = Math.floor(room / maxUnitUsd + 1e-9);
        return (int) Math.max(0, Math.min(n, k));
    }
}
