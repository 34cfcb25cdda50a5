package dev.annotator.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.annotator.core.AnnotatorException;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.RetriableAnnotatorException;
import dev.annotator.llm.http.HttpStatusException;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * What a failed model call means for the run, mapped from langchain4j's exceptions at the module
 * boundary.
 *
 * @param kind retry it, give up on this request only, or stop the run
 * @param reason a short description for abstentions and events
 * @param retryAfter the delay the server asked for, when it said
 * @param maybeBilled whether the provider may have billed the call (timeouts, dropped connections)
 * @param cause the original exception
 */
public record CallError(Kind kind, String reason, Optional<Duration> retryAfter, boolean maybeBilled, RuntimeException cause) {

    /** What to do about a failed call. */
    public enum Kind {
        /** Try the same call again after a delay (rate limit, timeout, 5xx, dropped connection). */
        RETRIABLE,
        /** This request cannot succeed (content filter): abstain its texts, go on with the run. */
        REQUEST,
        /** Nothing can succeed (authentication, unknown model, malformed request): stop the run. */
        FATAL
    }

    /**
     * @param e what the model threw
     * @return its meaning
     */
    public static CallError classify(RuntimeException e) {
        Optional<Duration> retryAfter = find(e, HttpStatusException.class).flatMap(HttpStatusException::retryAfter);
        int status = find(e, HttpException.class).map(HttpException::statusCode).orElse(-1);
        String statusText = status > 0 ? "HTTP " + status + " " : "";
        if (e instanceof RetriableAnnotatorException) {
            return new CallError(Kind.RETRIABLE, message(e), Optional.empty(), false, e);
        }
        if (e instanceof AnnotatorException) {
            return new CallError(Kind.FATAL, message(e), Optional.empty(), false, e);
        }
        if (e instanceof RateLimitException) {
            return new CallError(Kind.RETRIABLE, statusText + "rate limited", retryAfter, false, e);
        }
        if (e instanceof TimeoutException) {
            return new CallError(Kind.RETRIABLE, "timed out", Optional.empty(), true, e);
        }
        if (e instanceof InternalServerException) {
            return new CallError(Kind.RETRIABLE, statusText + "server error", retryAfter, false, e);
        }
        if (e instanceof ContentFilteredException) {
            return new CallError(Kind.REQUEST, "refused by the provider's content filter", Optional.empty(), false, e);
        }
        if (e instanceof AuthenticationException || e instanceof ModelNotFoundException
                || e instanceof InvalidRequestException) {
            return new CallError(Kind.FATAL, statusText + e.getClass().getSimpleName() + ": " + message(e),
                    Optional.empty(), false, e);
        }
        if (e instanceof RetriableException) {
            return new CallError(Kind.RETRIABLE, statusText + message(e), retryAfter, false, e);
        }
        if (find(e, IOException.class).isPresent()) {
            return new CallError(Kind.RETRIABLE, "connection failed: " + message(find(e, IOException.class).get()),
                    Optional.empty(), true, e);
        }
        if (find(e, JsonProcessingException.class).isPresent()) {
            return new CallError(Kind.RETRIABLE, "unreadable response body", Optional.empty(), true, e);
        }
        if (status == 429 || status >= 500) {
            return new CallError(Kind.RETRIABLE, statusText.strip(), retryAfter, false, e);
        }
        return new CallError(Kind.FATAL, e.getClass().getSimpleName() + ": " + message(e), Optional.empty(), false, e);
    }

    /**
     * @param context what was being done, e.g. "calling model 'gpt-4o-mini'"
     * @return the exception that stops the run
     */
    public AnnotatorException toException(String context) {
        if (kind == Kind.RETRIABLE) {
            return new RetriableAnnotatorException(context + ": " + reason, cause);
        }
        return new NonRetriableAnnotatorException(context + ": " + reason, cause);
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : ResponseCodec.abbreviate(m.strip());
    }

    private static <T extends Throwable> Optional<T> find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return Optional.of(type.cast(c));
            }
        }
        return Optional.empty();
    }
}
