package dev.annotator.llm.cost;

import dev.annotator.core.NonRetriableAnnotatorException;

/**
 * A call was refused because it could take spending past the {@link Budget}. Nothing was sent for
 * the refused call; answers paid for before it stay in the store.
 */
public class BudgetExceededException extends NonRetriableAnnotatorException {
    private static final long serialVersionUID = 1L;
    private final transient Budget budget;
    private final transient Spend spent;
    private final transient Spend refused;

    /**
     * Creates the exception.
     *
     * @param budget the budget that would have been exceeded
     * @param spent what had been spent and settled (plus what was reserved by calls in flight) when the
     *     call was refused
     * @param refused the worst-case cost of the refused call
     * @param limit which limit: {@code calls}, {@code tokens} or {@code usd}
     */
    public BudgetExceededException(Budget budget, Spend spent, Spend refused, String limit) {
        super("budget exceeded (" + limit + "): a call costing up to " + refused + " was refused; spent so far " + spent
                + "; budget " + budget);
        this.budget = budget;
        this.spent = spent;
        this.refused = refused;
    }

    /** @return the budget */
    public Budget budget() {
        return budget;
    }

    /** @return what was spent (settled plus in flight) when the call was refused */
    public Spend spent() {
        return spent;
    }

    /** @return the worst-case cost of the refused call */
    public Spend refused() {
        return refused;
    }
}
