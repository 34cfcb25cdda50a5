package dev.annotator.llm.span;

import dev.annotator.core.annotate.Cost;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.llm.LlmListener;
import dev.annotator.llm.RetryPolicy;
import dev.annotator.llm.StructuredOutput;
import dev.annotator.llm.cost.Budget;
import dev.annotator.llm.cost.CostLedger;
import dev.annotator.llm.cost.Price;
import dev.annotator.llm.cost.PriceTable;
import dev.annotator.llm.cost.TokenEstimator;
import dev.annotator.llm.internal.ModelCalls;
import dev.annotator.llm.internal.RateLimiter;
import dev.annotator.llm.internal.RequestKeys;
import dev.annotator.llm.internal.ResponseCodec;
import dev.annotator.llm.prompt.Prompt;
import dev.annotator.llm.prompt.PromptMessage;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The call loop shared by the span and relation annotators: ask through {@link ModelCalls} (store,
 * in-flight dedupe, budget, rate limit, retries), parse, and re-ask with the reason up to
 * {@code maxReasks} times. Thread-safe.
 */
final class LlmCaller implements AutoCloseable {
    private final String modelName;
    private final AnnotationStore store;
    private final boolean ownsStore;
    private final CostLedger ledger;
    private final ModelCalls calls;
    private final StructuredOutput structuredOutput;
    private final int maxReasks;
    private final Integer maxOutputTokens;

    LlmCaller(CallerBuilder<?> b) {
        if (b.chatModel == null) {
            throw new IllegalStateException("chatModel must be set");
        }
        String model = b.modelName;
        if (model == null) {
            ChatRequestParameters d = b.chatModel.defaultRequestParameters();
            model = d == null ? null : d.modelName();
            if (model == null || model.isBlank()) {
                throw new IllegalStateException("modelName must be set: the chat model has no default model name");
            }
        }
        if (b.budget != null && b.ledger != null) {
            throw new IllegalStateException("set either a budget or a shared ledger (which has its own budget), not both");
        }
        CostLedger l = b.ledger != null ? b.ledger : new CostLedger(b.budget == null ? Budget.UNLIMITED : b.budget);
        Optional<Price> p = b.prices.price(model);
        if (p.isEmpty() && l.budget().limitsUsd()) {
            throw new IllegalStateException("a money budget is set but the price table has no price for model '" + model
                    + "' (prices: " + b.prices.prices().keySet() + ")");
        }
        this.modelName = model;
        this.ownsStore = b.store == null;
        this.store = b.store == null ? new InMemoryAnnotationStore() : b.store;
        this.ledger = l;
        this.structuredOutput = b.structuredOutput;
        this.maxReasks = b.maxReasks;
        this.maxOutputTokens = b.maxOutputTokens;
        this.calls = new ModelCalls(b.chatModel, model, store, l, p.orElse(Price.FREE), b.tokenEstimator,
                b.requestsPerSecond > 0 ? Optional.of(new RateLimiter(b.requestsPerSecond)) : Optional.empty(),
                b.retryPolicy, b.listeners);
    }

    String modelName() {
        return modelName;
    }

    CostLedger ledger() {
        return ledger;
    }

    AnnotationStore store() {
        return store;
    }

    int maxOutputTokens(int byDefault) {
        return maxOutputTokens != null ? maxOutputTokens : byDefault;
    }

    /**
     * What came of asking about one item.
     *
     * @param value the parsed answer, or null when there is none
     * @param reason why there is none (the last rejection or the call failure)
     * @param rawAnswers every answer text received, in order
     * @param cost what the calls made now cost (answers from the store cost nothing)
     * @param calls model calls made (0 when every answer came from the store)
     * @param cached whether every answer came from the store
     */
    record Asked<T>(T value, String reason, List<String> rawAnswers, Cost cost, int calls, boolean cached) {
    }

    /**
     * Asks, parsing each answer; a parser returns a value or throws {@link Rejected} to re-ask.
     */
    <T> Asked<T> ask(Prompt first, String purpose, JsonSchema schema, int maxOut, String exampleId, String subject,
            Function<String, T> parser) {
        Prompt prompt = first;
        List<String> raw = new ArrayList<>();
        Cost cost = Cost.FREE;
        int n = 0;
        boolean cached = true;
        String reason = "";
        for (int attempt = 0; attempt <= maxReasks; attempt++) {
            Prompt p = prompt;
            ModelCalls.Call call = new ModelCalls.Call(canonical(p, purpose, maxOut), texts(p),
                    () -> chatRequest(p, maxOut, schema), maxOut, List.of(exampleId), subject);
            ModelCalls.Outcome o = calls.call(call, () -> {
            });
            n += o.calls();
            cached &= o.cached();
            if (o.stored().isEmpty()) {
                return new Asked<>(null, "call failed: " + o.failure(), raw, cost, n, false);
            }
            if (!o.cached()) {
                cost = cost.plus(o.stored().get().cost());
            }
            String text = ResponseCodec.decode(o.stored().get().response()).text();
            raw.add(text);
            try {
                return new Asked<>(parser.apply(text), "", raw, cost, n, cached);
            } catch (Rejected r) {
                reason = r.getMessage();
                prompt = prompt.reask(text.isBlank() ? "(empty answer)" : text, reason);
            }
        }
        return new Asked<>(null, "no usable answer after " + (maxReasks + 1) + " attempt(s): " + reason, raw, cost, n,
                cached);
    }

    private String canonical(Prompt prompt, String purpose, int maxOut) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("purpose", purpose);
        p.put("temperature", 0.0);
        p.put("maxOutputTokens", maxOut);
        p.put("format", structuredOutput.name());
        return RequestKeys.canonicalRequest(modelName, prompt, p, 0);
    }

    private static List<String> texts(Prompt p) {
        return p.messages().stream().map(PromptMessage::text).toList();
    }

    private ChatRequest chatRequest(Prompt prompt, int maxOut, JsonSchema schema) {
        List<ChatMessage> messages = new ArrayList<>();
        for (PromptMessage m : prompt.messages()) {
            messages.add(switch (m.role()) {
                case SYSTEM -> SystemMessage.from(m.text());
                case USER -> UserMessage.from(m.text());
                case ASSISTANT -> AiMessage.from(m.text());
            });
        }
        DefaultChatRequestParameters.Builder<?> p = ChatRequestParameters.builder().modelName(modelName).temperature(0.0)
                .maxOutputTokens(maxOut);
        switch (structuredOutput) {
            case JSON_SCHEMA -> p.responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema)
                    .build());
            case JSON_OBJECT -> p.responseFormat(ResponseFormat.JSON);
            case PROMPT_ONLY -> {
            }
        }
        return ChatRequest.builder().messages(messages).parameters(p.build()).build();
    }

    @Override
    public void close() {
        if (ownsStore) {
            store.close();
        }
    }

    /** Thrown by a parser to re-ask with its message as the reason. */
    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    static String requireNonBlank(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return s;
    }
}
