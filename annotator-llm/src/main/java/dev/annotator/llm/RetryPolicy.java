package dev.annotator.llm;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How failed calls that may succeed later (rate limit, timeout, 5xx, dropped connection) are retried:
 * exponential backoff with jitter, or the server's {@code Retry-After} when it sends one.
 *
 * @param maxRetries retries after the first attempt; 0 or more
 * @param initialBackoff delay before the first retry, doubled for each further one
 * @param maxBackoff longest backoff delay
 * @param maxRetryAfter longest {@code Retry-After} honoured; longer requests are waited for this long
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    /**
     * Validates the settings.
     *
     * @param maxRetries retries after the first attempt
     * @param initialBackoff first delay
     * @param maxBackoff longest backoff
     * @param maxRetryAfter longest Retry-After honoured
     */
    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0: " + maxRetries);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative: " + initialBackoff + ", " + maxBackoff
                    + ", " + maxRetryAfter);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff " + initialBackoff);
        }
    }

    /** @return 5 retries from 1 s up to 30 s, Retry-After honoured up to 60 s */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** @return no retries */
    public static RetryPolicy none() {
        return new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /**
     * The delay before a retry: the server's {@code Retry-After} (capped, plus up to 10% jitter) when
     * given, otherwise {@code initialBackoff * 2^retry} capped at {@code maxBackoff}, scaled by a random
     * factor in [0.5, 1].
     *
     * @param retry 0 for the first retry
     * @param retryAfter what the server asked for, if anything
     * @return the delay
     */
    public Duration delay(int retry, Optional<Duration> retryAfter) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        if (retryAfter.isPresent()) {
            long ms = Math.min(retryAfter.get().toMillis(), maxRetryAfter.toMillis());
            return Duration.ofMillis(ms + (long) (ms * 0.1 * r.nextDouble()));
        }
        double base = initialBackoff.toMillis() * Math.pow(2, Math.min(retry, 30));
        long capped = (long) Math.min(base, maxBackoff.toMillis());
        return Duration.ofMillis((long) (capped * (0.5 + 0.5 * r.nextDouble())));
    }
}
