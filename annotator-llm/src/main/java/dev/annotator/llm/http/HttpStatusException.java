package dev.annotator.llm.http;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP error status with the response headers langchain4j's {@link HttpException} drops. langchain4j
 * maps it like any {@code HttpException} (429 to {@code RateLimitException}, 5xx to
 * {@code InternalServerException}, ...) and keeps it as the cause, so the headers stay reachable.
 */
public class HttpStatusException extends HttpException {
    private static final long serialVersionUID = 1L;
    private final transient Map<String, List<String>> headers;

    /**
     * Creates the exception.
     *
     * @param statusCode the HTTP status
     * @param body the response body
     * @param headers the response headers; copied, names compared ignoring case
     */
    public HttpStatusException(int statusCode, String body, Map<String, List<String>> headers) {
        super(statusCode, body);
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> {
            if (k != null) {
                copy.put(k, List.copyOf(v));
            }
        });
        this.headers = java.util.Collections.unmodifiableMap(copy);
    }

    /** @return the response headers; lookups ignore case */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * How long the server asked the client to wait: {@code retry-after-ms} (OpenAI) or
     * {@code Retry-After} in seconds. An HTTP-date {@code Retry-After} is also understood.
     *
     * @return the delay, or empty when the server gave none (or gave one that cannot be read)
     */
    public Optional<Duration> retryAfter() {
        Optional<Duration> ms = first("retry-after-ms").flatMap(v -> parseDouble(v).map(d -> Duration.ofMillis(d.longValue())));
        if (ms.isPresent()) {
            return ms;
        }
        return first("retry-after").flatMap(v -> {
            Optional<Double> seconds = parseDouble(v);
            if (seconds.isPresent()) {
                return Optional.of(Duration.ofMillis((long) (seconds.get() * 1000)));
            }
            try {
                java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(v,
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(java.time.Instant.now(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (java.time.format.DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    private Optional<String> first(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0).strip());
    }

    private static Optional<Double> parseDouble(String v) {
        try {
            double d = Double.parseDouble(v);
            return d >= 0 && Double.isFinite(d) ? Optional.of(d) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
