package dev.annotator.llm.cost;

import java.util.Objects;

/**
 * Counts what a run spends and enforces its {@link Budget}. Thread-safe.
 *
 * <p>Reserve-then-settle: before a call, {@link #reserve} books the call's worst case (its estimated
 * upper bound of input tokens plus the maximum output tokens requested, priced); the reservation fails
 * with a {@link BudgetExceededException} when settled spending plus every open reservation plus this
 * one would pass a limit. After the call, {@link Reservation#settle} replaces the reservation with
 * the billed usage, or {@link Reservation#fail} books a failed call. Because reservations of calls in
 * flight are counted, any number of concurrent callers never exceed the budget, provided the billed
 * usage of a call is not larger than its reservation (a provider billing more than the requested
 * maximum output, or more input than the estimator's bound, can overshoot by that difference).
 */
public final class CostLedger {
    private final Budget budget;
    private Spend settled = Spend.ZERO;
    private Spend reserved = Spend.ZERO;
    private long cachedResponses;

    /**
     * @param budget the limits to enforce
     */
    public CostLedger(Budget budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** @return the limits this ledger enforces */
    public Budget budget() {
        return budget;
    }

    /**
     * Books the worst case of one call, or refuses it.
     *
     * @param worstCase upper bound of the call's cost ({@code calls} should be 1)
     * @return the reservation to settle or fail once the call returns
     * @throws BudgetExceededException when the call could take a total past its limit
     */
    public synchronized Reservation reserve(Spend worstCase) {
        Objects.requireNonNull(worstCase, "worstCase");
        Spend committed = settled.plus(reserved);
        Spend after = committed.plus(worstCase);
        if (after.calls() > budget.maxCalls()) {
            throw new BudgetExceededException(budget, committed, worstCase, "calls");
        }
        if (after.tokens() > budget.maxTokens()) {
            throw new BudgetExceededException(budget, committed, worstCase, "tokens");
        }
        if (after.usd() > budget.maxUsd()) {
            throw new BudgetExceededException(budget, committed, worstCase, "usd");
        }
        reserved = reserved.plus(worstCase);
        return new Reservation(worstCase);
    }

    /** Counts an answer served from the store instead of a call. */
    public synchronized void recordCached() {
        cachedResponses++;
    }

    /** @return what settled calls cost (calls in flight not included) */
    public synchronized Spend spent() {
        return settled;
    }

    /** @return the worst case of calls in flight */
    public synchronized Spend reserved() {
        return reserved;
    }

    /** @return how many answers came from the store instead of a call */
    public synchronized long cachedResponses() {
        return cachedResponses;
    }

    private synchronized void close(Spend reservation, Spend actual) {
        reserved = reserved.minus(reservation);
        settled = settled.plus(actual);
    }

    @Override
    public synchronized String toString() {
        return "CostLedger[spent " + settled + ", in flight " + reserved + ", cached " + cachedResponses + ", budget "
                + budget + "]";
    }

    /** One open reservation; settle or fail it exactly once. Thread-safe. */
    public final class Reservation {
        private final Spend worstCase;
        private boolean closed;

        private Reservation(Spend worstCase) {
            this.worstCase = worstCase;
        }

        /** @return the booked worst case */
        public Spend worstCase() {
            return worstCase;
        }

        /**
         * Replaces the reservation with what the call cost.
         *
         * @param actual the billed usage of the call
         */
        public void settle(Spend actual) {
            Objects.requireNonNull(actual, "actual");
            synchronized (CostLedger.this) {
                if (closed) {
                    throw new IllegalStateException("reservation already closed");
                }
                closed = true;
                close(worstCase, actual);
            }
        }

        /**
         * Books a call that failed: it counts as a call; tokens and money are booked only when
         * {@code charged} (a timed-out call may have been billed, so its worst case is kept).
         *
         * @param charged whether the provider may have billed the call
         */
        public void fail(boolean charged) {
            settle(charged ? worstCase : new Spend(worstCase.calls(), 0, 0, 0));
        }
    }
}
