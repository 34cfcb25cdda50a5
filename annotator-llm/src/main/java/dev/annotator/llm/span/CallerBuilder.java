package dev.annotator.llm.span;

import dev.annotator.core.store.AnnotationStore;
import dev.annotator.llm.LlmListener;
import dev.annotator.llm.OpenAiCompatible;
import dev.annotator.llm.RetryPolicy;
import dev.annotator.llm.StructuredOutput;
import dev.annotator.llm.cost.Budget;
import dev.annotator.llm.cost.CostLedger;
import dev.annotator.llm.cost.PriceTable;
import dev.annotator.llm.cost.TokenEstimator;
import dev.langchain4j.model.chat.ChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings shared by the builders of {@link LlmSpanAnnotator} and {@link LlmRelationAnnotator}: the
 * model, store, prices, budget, rate limit, retries and re-asks. The chat model is required;
 * everything else has a default. Not thread-safe.
 *
 * @param <B> the concrete builder
 */
public abstract class CallerBuilder<B extends CallerBuilder<B>> {
    ChatModel chatModel;
    String modelName;
    AnnotationStore store;
    PriceTable prices = PriceTable.empty();
    Budget budget;
    CostLedger ledger;
    TokenEstimator tokenEstimator = TokenEstimator.upperBound();
    double requestsPerSecond;
    RetryPolicy retryPolicy = RetryPolicy.defaults();
    final List<LlmListener> listeners = new ArrayList<>();
    StructuredOutput structuredOutput = StructuredOutput.JSON_SCHEMA;
    Integer maxOutputTokens;
    int maxReasks = 2;

    CallerBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * @param chatModel the model that answers; for OpenAI-compatible servers see
     *     {@link OpenAiCompatible}. Turn the model's own retries off.
     * @return this builder
     */
    public B chatModel(ChatModel chatModel) {
        this.chatModel = Objects.requireNonNull(chatModel, "chatModel");
        return self();
    }

    /**
     * @param modelName the model to request; defaults to the chat model's default model name
     * @return this builder
     */
    public B modelName(String modelName) {
        this.modelName = LlmCaller.requireNonBlank(modelName, "modelName");
        return self();
    }

    /**
     * @param store where paid answers are kept before use (a rerun pays nothing); defaults to a new
     *     in-memory store
     * @return this builder
     */
    public B store(AnnotationStore store) {
        this.store = Objects.requireNonNull(store, "store");
        return self();
    }

    /**
     * @param prices what the models cost; without a price for the model, money is counted as 0
     * @return this builder
     */
    public B prices(PriceTable prices) {
        this.prices = Objects.requireNonNull(prices, "prices");
        return self();
    }

    /**
     * @param budget hard limits; default unlimited. Contradicts {@link #ledger}.
     * @return this builder
     */
    public B budget(Budget budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
        return self();
    }

    /**
     * @param ledger a ledger (and its budget) shared with other annotators. Contradicts {@link #budget}.
     * @return this builder
     */
    public B ledger(CostLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        return self();
    }

    /**
     * @param tokenEstimator upper bound of a prompt's input tokens, for budget reservations
     * @return this builder
     */
    public B tokenEstimator(TokenEstimator tokenEstimator) {
        this.tokenEstimator = Objects.requireNonNull(tokenEstimator, "tokenEstimator");
        return self();
    }

    /**
     * @param requestsPerSecond most requests started per second; 0 (the default) for no limit
     * @return this builder
     */
    public B requestsPerSecond(double requestsPerSecond) {
        if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("requestsPerSecond must be finite and >= 0: " + requestsPerSecond);
        }
        this.requestsPerSecond = requestsPerSecond;
        return self();
    }

    /**
     * @param retryPolicy how failed calls are retried; default {@link RetryPolicy#defaults()}
     * @return this builder
     */
    public B retryPolicy(RetryPolicy retryPolicy) {
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        return self();
    }

    /**
     * @param listener receives call events; may be called several times
     * @return this builder
     */
    public B listener(LlmListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return self();
    }

    /**
     * @param structuredOutput how the answer format is enforced; default {@code JSON_SCHEMA}
     * @return this builder
     */
    public B structuredOutput(StructuredOutput structuredOutput) {
        this.structuredOutput = Objects.requireNonNull(structuredOutput, "structuredOutput");
        return self();
    }

    /**
     * @param maxOutputTokens the most tokens an answer may have
     * @return this builder
     */
    public B maxOutputTokens(int maxOutputTokens) {
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens must be positive: " + maxOutputTokens);
        }
        this.maxOutputTokens = maxOutputTokens;
        return self();
    }

    /**
     * @param maxReasks how many times an unusable answer (not JSON, wrong shape) is asked again with
     *     the reason before the item is abstained; default 2
     * @return this builder
     */
    public B maxReasks(int maxReasks) {
        if (maxReasks < 0) {
            throw new IllegalArgumentException("maxReasks must be >= 0: " + maxReasks);
        }
        this.maxReasks = maxReasks;
        return self();
    }
}
