package dev.annotator.llm.internal;

/**
 * Spaces calls at most {@code perSecond} apart on average: each caller takes the next free slot and
 * sleeps until it comes. Thread-safe.
 */
public final class RateLimiter {
    private final long intervalNanos;
    private long next;

    /**
     * @param perSecond permitted requests per second; positive
     */
    public RateLimiter(double perSecond) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("requestsPerSecond must be positive and finite: " + perSecond);
        }
        this.intervalNanos = (long) (1_000_000_000d / perSecond);
        this.next = System.nanoTime();
    }

    /**
     * Waits for the next slot.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void acquire() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(next, now);
            next = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
