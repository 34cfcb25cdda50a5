package dev.annotator.llm.internal;

import dev.annotator.core.AnnotatorException;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.StoredResponse;
import dev.annotator.llm.LlmListener;
import dev.annotator.llm.RetryPolicy;
import dev.annotator.llm.cost.CostLedger;
import dev.annotator.llm.cost.Price;
import dev.annotator.llm.cost.Spend;
import dev.annotator.llm.cost.TokenEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Store-first, budgeted, retried model calls, shared by every LLM component of this module (the
 * annotator, the data incubator): look the request key up in the store; send identical requests in
 * flight only once; otherwise wait for the rate limit, reserve the worst case in the ledger, call,
 * classify failures ({@link CallError}) and retry the retriable ones with the {@link RetryPolicy},
 * settle the ledger with the billed usage, and write the answer to the store before returning it.
 * Thread-safe.
 */
public final class ModelCalls {
    private final ChatModel chatModel;
    private final String modelName;
    private final AnnotationStore store;
    private final CostLedger ledger;
    private final Price price;
    private final TokenEstimator tokenEstimator;
    private final RateLimiter rateLimiter;
    private final RetryPolicy retryPolicy;
    private final List<LlmListener> listeners;
    private final Map<String, CompletableFuture<Outcome>> inFlight = new ConcurrentHashMap<>();

    /**
     * @param chatModel the model to call
     * @param modelName the model name (for error messages and stored responses)
     * @param store where answers are looked up and kept
     * @param ledger charged for every call
     * @param price what the model costs
     * @param tokenEstimator upper bound of input tokens, for reservations
     * @param rateLimiter spaces calls; empty for no limit
     * @param retryPolicy how retriable failures are retried
     * @param listeners progress events
     */
    public ModelCalls(ChatModel chatModel, String modelName, AnnotationStore store, CostLedger ledger, Price price,
            TokenEstimator tokenEstimator, Optional<RateLimiter> rateLimiter, RetryPolicy retryPolicy,
            List<LlmListener> listeners) {
        this.chatModel = Objects.requireNonNull(chatModel, "chatModel");
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.store = Objects.requireNonNull(store, "store");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.price = Objects.requireNonNull(price, "price");
        this.tokenEstimator = Objects.requireNonNull(tokenEstimator, "tokenEstimator");
        this.rateLimiter = rateLimiter.orElse(null);
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.listeners = List.copyOf(listeners);
    }

    /**
     * One request to make.
     *
     * @param canonical the canonical request (see {@link RequestKeys}); kept in the store
     * @param messageTexts the texts of the prompt's messages, for the token estimate
     * @param request builds the langchain4j request (only when a call is made)
     * @param maxOutputTokens the most output tokens the request asks for
     * @param exampleIds what the request is about, for listener events
     * @param subject what the request is about, for error messages (e.g. {@code "examples [a, b]"})
     */
    public record Call(String canonical, List<String> messageTexts, Supplier<ChatRequest> request, int maxOutputTokens,
            List<String> exampleIds, String subject) {
        /**
         * Validates and copies.
         *
         * @param canonical the canonical request
         * @param messageTexts message texts
         * @param request builds the request
         * @param maxOutputTokens most output tokens
         * @param exampleIds what it is about
         * @param subject what it is about, in words
         */
        public Call {
            Objects.requireNonNull(canonical, "canonical");
            messageTexts = List.copyOf(messageTexts);
            Objects.requireNonNull(request, "request");
            exampleIds = List.copyOf(exampleIds);
            Objects.requireNonNull(subject, "subject");
        }

        /** @return the request key, the SHA-256 of the canonical request */
        public String key() {
            return RequestKeys.key(canonical);
        }
    }

    /**
     * The result of one request: a stored answer, or why there is none.
     *
     * @param stored the answer, empty when the request failed
     * @param cached whether the answer came from the store (or from an identical request in flight)
     * @param failure why there is no answer; empty when there is one
     * @param calls how many calls were made (attempts, including retries)
     */
    public record Outcome(Optional<StoredResponse> stored, boolean cached, String failure, int calls) {
        /**
         * Validates.
         *
         * @param stored the answer
         * @param cached from the store
         * @param failure why not
         * @param calls calls made
         */
        public Outcome {
            Objects.requireNonNull(stored, "stored");
            Objects.requireNonNull(failure, "failure");
        }
    }

    /** @return the model name */
    public String modelName() {
        return modelName;
    }

    /** @return the ledger calls are charged to */
    public CostLedger ledger() {
        return ledger;
    }

    /**
     * @param key a request key
     * @return the stored answer
     * @throws NonRetriableAnnotatorException when the store fails
     */
    public Optional<StoredResponse> findStored(String key) {
        try {
            return store.findResponse(key);
        } catch (AnnotatorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new NonRetriableAnnotatorException("looking up request " + key + " in the store failed: " + e, e);
        }
    }

    /**
     * Answers a request from the store or by calling the model.
     *
     * @param call the request
     * @param checkpoint run before every attempt; throws to stop (e.g. when the run failed elsewhere)
     * @return the answer or the reason there is none (content filter, retries exhausted)
     * @throws AnnotatorException when the run cannot go on (authentication, unknown model, budget,
     *     store failure)
     */
    public Outcome call(Call call, Runnable checkpoint) {
        checkpoint.run();
        String key = call.key();
        Optional<StoredResponse> hit = findStored(key);
        if (hit.isPresent()) {
            return cached(key, call.exampleIds(), hit.get());
        }
        CompletableFuture<Outcome> mine = new CompletableFuture<>();
        CompletableFuture<Outcome> other = inFlight.putIfAbsent(key, mine);
        if (other != null) {
            Outcome o;
            try {
                o = other.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
            return o.stored().isEmpty() ? new Outcome(Optional.empty(), false, o.failure(), 0)
                    : cached(key, call.exampleIds(), o.stored().get());
        }
        try {
            Optional<StoredResponse> raced = findStored(key);
            Outcome o = raced.isPresent() ? cached(key, call.exampleIds(), raced.get()) : callModel(call, key, checkpoint);
            mine.complete(o);
            return o;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private Outcome cached(String key, List<String> exampleIds, StoredResponse stored) {
        ledger.recordCached();
        for (LlmListener l : listeners) {
            l.cached(key, exampleIds);
        }
        return new Outcome(Optional.of(stored), true, "", 0);
    }

    private Outcome callModel(Call call, String key, Runnable checkpoint) {
        ChatRequest request = call.request().get();
        List<String> exampleIds = call.exampleIds();
        int maxOutputTokens = call.maxOutputTokens();
        long inUpper = tokenEstimator.inputTokens(call.messageTexts());
        Spend worst = new Spend(1, inUpper, maxOutputTokens, price.usd(inUpper, maxOutputTokens));
        for (int attempt = 0;; attempt++) {
            checkpoint.run();
            if (rateLimiter != null) {
                try {
                    rateLimiter.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NonRetriableAnnotatorException("interrupted while waiting for the rate limit", e);
                }
                checkpoint.run();
            }
            CostLedger.Reservation reservation = ledger.reserve(worst);
            for (LlmListener l : listeners) {
                l.requested(key, exampleIds, attempt);
            }
            long t0 = System.nanoTime();
            ChatResponse response;
            try {
                response = chatModel.chat(request);
            } catch (RuntimeException e) {
                CallError err = CallError.classify(e);
                reservation.fail(err.maybeBilled());
                Spend booked = err.maybeBilled() ? worst : new Spend(1, 0, 0, 0);
                for (LlmListener l : listeners) {
                    l.spent(booked, ledger.spent());
                }
                switch (err.kind()) {
                    case FATAL:
                        throw err.toException("calling model '" + modelName + "' for " + call.subject());
                    case REQUEST:
                        return new Outcome(Optional.empty(), false, err.reason(), attempt + 1);
                    default:
                        if (attempt >= retryPolicy.maxRetries()) {
                            return new Outcome(Optional.empty(), false, "call failed after " + (attempt + 1)
                                    + " attempt(s): " + err.reason(), attempt + 1);
                        }
                        Duration delay = retryPolicy.delay(attempt, err.retryAfter());
                        for (LlmListener l : listeners) {
                            l.retried(key, attempt + 1, delay, err.reason());
                        }
                        sleep(delay);
                        continue;
                }
            }
            Duration latency = Duration.ofNanos(System.nanoTime() - t0);
            RawAnswer raw = ResponseCodec.fromResponse(response);
            long in = raw.inputTokens() >= 0 ? raw.inputTokens() : worst.inputTokens();
            long out = raw.outputTokens() >= 0 ? raw.outputTokens() : worst.outputTokens();
            Spend actual = new Spend(1, in, out, price.usd(in, out));
            reservation.settle(actual);
            StoredResponse stored;
            try {
                stored = store.putResponse(new StoredResponse(key, modelName, call.canonical(), ResponseCodec.encode(raw),
                        new Cost(in, out, actual.usd()), Instant.now()));
            } catch (AnnotatorException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new NonRetriableAnnotatorException("storing the answer to request " + key + " (" + call.subject()
                        + ") failed: " + e, e);
            }
            for (LlmListener l : listeners) {
                l.spent(actual, ledger.spent());
                l.answered(key, exampleIds, latency);
            }
            return new Outcome(Optional.of(stored), false, "", attempt + 1);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NonRetriableAnnotatorException("interrupted while waiting to retry", e);
        }
    }
}
