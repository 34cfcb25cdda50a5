package dev.annotator.llm;

import dev.annotator.core.AnnotatorException;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.data.Example;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.store.StoredResponse;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.llm.cost.Budget;
import dev.annotator.llm.cost.CostLedger;
import dev.annotator.llm.cost.Price;
import dev.annotator.llm.cost.PriceTable;
import dev.annotator.llm.cost.TokenEstimator;
import dev.annotator.llm.internal.AnswerParser;
import dev.annotator.llm.internal.LogprobScorer;
import dev.annotator.llm.internal.ModelCalls;
import dev.annotator.llm.internal.RateLimiter;
import dev.annotator.llm.internal.RawAnswer;
import dev.annotator.llm.internal.RequestKeys;
import dev.annotator.llm.internal.ResponseCodec;
import dev.annotator.llm.prompt.AnswerSchema;
import dev.annotator.llm.prompt.DemonstrationSelector;
import dev.annotator.llm.prompt.Prompt;
import dev.annotator.llm.prompt.PromptBuilder;
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
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An {@link Annotator} on any langchain4j {@link ChatModel}.
 *
 * <p>For each text (or batch of texts) it builds a prompt from the task (see {@link PromptBuilder}),
 * asks for JSON constrained by a schema of the label set, and validates the answer: an answer that is
 * not JSON, or names a label outside the set, or (batched) misses or repeats a text id, is re-asked up
 * to {@code maxReasks} times with the reason, then recorded as an abstention with that reason; it is
 * never coerced into a label. Confidence comes from token log-probabilities, self-consistency votes,
 * or not at all (see {@link Confidence}).
 *
 * <p>Never pays twice: every request has a key, the SHA-256 of (model, all prompt messages,
 * parameters, sample index). The store is consulted before calling; a paid answer is written to the
 * store before it is parsed or used; identical requests in flight at the same time are sent once.
 * Every resulting annotation (labelled or abstained) is also put in the store. An annotation's
 * {@link Cost} is its share of the answers it used, as billed when they were paid for (also when they
 * now come from the store); what this annotator actually paid is in its {@link #ledger()}.
 *
 * <p>Cost and faults: calls are charged to a {@link CostLedger} that refuses, with a
 * {@link dev.annotator.llm.cost.BudgetExceededException}, a call that could exceed the budget.
 * Up to {@code concurrency} requests are in flight, spaced by an optional rate limit; rate limits,
 * timeouts, server errors and dropped connections are retried with exponential backoff and jitter,
 * honouring {@code Retry-After} when the model's HTTP client exposes it (see {@link OpenAiCompatible}).
 * When retries run out, the texts of that request abstain; authentication failures, unknown models,
 * rejected requests, store failures and budget exhaustion stop the run with an exception after the
 * calls in flight finish.
 *
 * <p>Thread-safe: {@link #annotate(List)} may be called from several threads, sharing the concurrency
 * limit, ledger and store. Holds a thread pool: {@link #close()} it. The store is not closed unless the
 * annotator created it.
 */
public final class LlmAnnotator implements Annotator {
    private static final Stopped STOPPED = new Stopped();

    private final ChatModel chatModel;
    private final Task task;
    private final String modelName;
    private final AnnotationStore store;
    private final boolean ownsStore;
    private final PromptBuilder prompts;
    private final StructuredOutput structuredOutput;
    private final Confidence confidence;
    private final int maxReasks;
    private final int batchSize;
    private final int maxOutputTokens;
    private final Price price;
    private final CostLedger ledger;
    private final TokenEstimator tokenEstimator;
    private final RateLimiter rateLimiter;
    private final RetryPolicy retryPolicy;
    private final List<LlmListener> listeners;
    private final ExecutorService executor;
    private final String name;
    private final ModelCalls modelCalls;
    private volatile boolean closed;

    private LlmAnnotator(Builder b, String modelName, int maxOutputTokens, Price price, CostLedger ledger) {
        this.chatModel = b.chatModel;
        this.task = b.task;
        this.modelName = modelName;
        this.ownsStore = b.store == null;
        this.store = b.store == null ? new InMemoryAnnotationStore() : b.store;
        this.prompts = new PromptBuilder(b.task, b.demonstrations, b.rationale);
        this.structuredOutput = b.structuredOutput;
        this.confidence = b.confidence;
        this.maxReasks = b.maxReasks;
        this.batchSize = b.batchSize;
        this.maxOutputTokens = maxOutputTokens;
        this.price = price;
        this.ledger = ledger;
        this.tokenEstimator = b.tokenEstimator;
        this.rateLimiter = b.requestsPerSecond > 0 ? new RateLimiter(b.requestsPerSecond) : null;
        this.retryPolicy = b.retryPolicy;
        this.listeners = List.copyOf(b.listeners);
        this.name = "llm:" + modelName + ":" + confidence.tag();
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "llm-annotator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newFixedThreadPool(b.concurrency, tf);
        this.modelCalls = new ModelCalls(chatModel, modelName, store, ledger, price, tokenEstimator,
                Optional.ofNullable(rateLimiter), retryPolicy, listeners);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Task task() {
        return task;
    }

    /** @return {@code llm:<model>:<confidence tag>}, e.g. {@code llm:gpt-4o-mini:logprobs} */
    @Override
    public String name() {
        return name;
    }

    /** @return the model name that goes into request keys and annotation sources */
    public String modelName() {
        return modelName;
    }

    /** @return the ledger this annotator charges (shared when one was given to the builder) */
    public CostLedger ledger() {
        return ledger;
    }

    /** @return the store answers and annotations are kept in */
    public AnnotationStore store() {
        return store;
    }

    @Override
    public List<Annotation> annotate(List<Example> examples) {
        return annotateDetailed(examples).stream().map(LlmAnnotation::annotation).toList();
    }

    /**
     * Annotates a batch, with details about how each annotation was made.
     *
     * @param examples the examples; ids must be distinct
     * @return one result per example, in the same order
     * @throws dev.annotator.llm.cost.BudgetExceededException when the budget stops the run
     * @throws AnnotatorException when the run cannot go on (bad credentials, unknown model, store
     *     failure); answers already paid for stay in the store
     */
    public List<LlmAnnotation> annotateDetailed(List<Example> examples) {
        if (closed) {
            throw new IllegalStateException("annotator '" + name + "' is closed");
        }
        Objects.requireNonNull(examples, "examples");
        Set<String> ids = new HashSet<>();
        for (Example e : examples) {
            Objects.requireNonNull(e, "example");
            if (!ids.add(e.id())) {
                throw new IllegalArgumentException("example id '" + e.id() + "' occurs more than once in the batch");
            }
        }
        Run run = new Run();
        List<CompletableFuture<List<LlmAnnotation>>> futures = new ArrayList<>();
        for (List<Example> unit : partition(examples)) {
            futures.add(CompletableFuture.supplyAsync(() -> runUnit(unit, run), executor));
        }
        List<LlmAnnotation> out = new ArrayList<>(examples.size());
        for (CompletableFuture<List<LlmAnnotation>> f : futures) {
            try {
                out.addAll(f.join());
            } catch (CompletionException e) {
                Throwable c = e.getCause();
                if (!(c instanceof Stopped)) {
                    run.fail(c instanceof AnnotatorException ae ? ae
                            : new NonRetriableAnnotatorException("annotating with '" + name + "' failed: " + c, c));
                }
            }
        }
        if (run.fatal.get() != null) {
            throw run.fatal.get();
        }
        return out;
    }

    /**
     * Works out what annotating these examples would ask and cost, without calling the model. The
     * store is consulted, so requests already answered are counted as free.
     *
     * @param examples the examples that would be annotated
     * @param promptsToShow how many prompts to include, from the first requests; 0 or more
     * @return the plan
     */
    public AnnotationPlan plan(List<Example> examples, int promptsToShow) {
        if (promptsToShow < 0) {
            throw new IllegalArgumentException("promptsToShow must be >= 0: " + promptsToShow);
        }
        long requests = 0;
        long cached = 0;
        long expectedIn = 0;
        long expectedOut = 0;
        long worstTokens = 0;
        double worstUsd = 0;
        List<Prompt> shown = new ArrayList<>();
        TokenEstimator approx = TokenEstimator.approximate();
        int perText = 8 + (prompts.rationale() ? 30 : 0) + (task.isMultiLabel() ? 6 : 0);
        for (List<Example> unit : partition(examples)) {
            Prompt p = prompts.build(unit);
            if (shown.size() < promptsToShow) {
                shown.add(p);
            }
            List<String> texts = p.messages().stream().map(PromptMessage::text).toList();
            for (int s = 0; s < confidence.samples(); s++) {
                requests++;
                if (findStored(key(canonical(p, s))).isPresent()) {
                    cached++;
                    continue;
                }
                long in = approx.inputTokens(texts);
                long out = Math.min(maxOutputTokens, 4L + (long) perText * unit.size());
                expectedIn += in;
                expectedOut += out;
                long upper = tokenEstimator.inputTokens(texts);
                worstTokens += upper + maxOutputTokens;
                worstUsd += price.usd(upper, maxOutputTokens);
            }
        }
        return new AnnotationPlan(modelName, examples.size(), requests, cached, expectedIn, expectedOut,
                price.usd(expectedIn, expectedOut), worstTokens, worstUsd, ledger.budget(), shown);
    }

    /** Stops the worker threads; calls in flight are interrupted. Closes the store only if the annotator made it. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsStore) {
            store.close();
        }
    }

    @Override
    public String toString() {
        return "LlmAnnotator[" + name + ", task=" + task.name() + ", batch=" + batchSize + ", " + ledger + "]";
    }

    // ----------------------------------------------------------------------------------------------

    private List<List<Example>> partition(List<Example> examples) {
        List<List<Example>> units = new ArrayList<>();
        for (int i = 0; i < examples.size(); i += batchSize) {
            units.add(List.copyOf(examples.subList(i, Math.min(examples.size(), i + batchSize))));
        }
        return units;
    }

    /** Per-example accumulator within one unit. */
    private static final class Acc {
        final List<AnswerParser.Item> votes = new ArrayList<>();
        final List<Optional<double[]>> scores = new ArrayList<>();
        final List<String> faults = new ArrayList<>();
    }

    private List<LlmAnnotation> runUnit(List<Example> unit, Run run) {
        try {
            return annotateUnit(unit, run);
        } catch (AnnotatorException e) {
            run.fail(e);
            throw e;
        } catch (Stopped e) {
            throw e;
        } catch (RuntimeException e) {
            NonRetriableAnnotatorException wrapped = new NonRetriableAnnotatorException("annotating examples "
                    + ids(unit) + " with '" + name + "' failed: " + e, e);
            run.fail(wrapped);
            throw wrapped;
        }
    }

    private List<LlmAnnotation> annotateUnit(List<Example> unit, Run run) {
        Map<String, Example> byLocal = new LinkedHashMap<>();
        Map<String, Acc> accs = new LinkedHashMap<>();
        Prompt first = prompts.build(unit);
        for (int i = 0; i < unit.size(); i++) {
            byLocal.put(first.textIds().get(i), unit.get(i));
            accs.put(first.textIds().get(i), new Acc());
        }
        int calls = 0;
        int cachedCount = 0;
        Cost unitCost = Cost.FREE;
        for (int s = 0; s < confidence.samples(); s++) {
            Prompt prompt = first;
            Set<String> wanted = new LinkedHashSet<>(first.textIds());
            for (int attempt = 0; attempt <= maxReasks && !wanted.isEmpty(); attempt++) {
                List<String> exampleIds = wanted.stream().map(id -> byLocal.get(id).id()).toList();
                ModelCalls.Outcome o = call(prompt, s, exampleIds, run);
                calls += o.calls();
                if (o.stored().isEmpty()) {
                    for (String id : wanted) {
                        accs.get(id).faults.add(o.failure());
                    }
                    break;
                }
                if (o.cached()) {
                    cachedCount++;
                }
                StoredResponse stored = o.stored().get();
                unitCost = unitCost.plus(stored.cost());
                RawAnswer raw = ResponseCodec.decode(stored.response());
                AnswerParser.Parsed parsed = AnswerParser.parse(task, raw.text(), prompt.textIds(), wanted);
                parsed.items().forEach((id, item) -> {
                    Acc acc = accs.get(id);
                    acc.votes.add(item);
                    acc.scores.add(confidence.method() == Confidence.Method.LOGPROBS
                            ? LogprobScorer.score(task, raw, item.valueOffset(), item.labels().get(0))
                            : Optional.empty());
                });
                if (!parsed.extraIds().isEmpty()) {
                    for (Acc acc : accs.values()) {
                        acc.faults.add("answer named text ids that were not asked about: " + parsed.extraIds());
                    }
                }
                parsed.faults().forEach((id, reason) -> accs.get(id).faults.add(reason));
                wanted = new LinkedHashSet<>(parsed.faults().keySet());
                if (!wanted.isEmpty() && attempt < maxReasks) {
                    StringBuilder why = new StringBuilder();
                    for (Map.Entry<String, String> f : parsed.faults().entrySet()) {
                        if (why.length() > 0) {
                            why.append("; ");
                        }
                        why.append(first.textIds().size() > 1 ? "text id " + f.getKey() + ": " : "").append(f.getValue());
                    }
                    prompt = prompt.reask(raw.text().isBlank() ? "(empty answer)" : raw.text(), why.toString());
                }
            }
        }
        List<LlmAnnotation> out = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Acc> e : accs.entrySet()) {
            Example ex = byLocal.get(e.getKey());
            Cost share = share(unitCost, unit.size(), i++);
            LlmAnnotation a = finish(ex, e.getValue(), share, calls, cachedCount);
            store.putAnnotation(task, a.annotation());
            if (a.annotation().isAbstention()) {
                for (LlmListener l : listeners) {
                    l.abstained(ex.id(), a.annotation().abstentionReason().orElseThrow());
                }
            }
            out.add(a);
        }
        return out;
    }

    private static Cost share(Cost total, int n, int index) {
        long in = total.inputTokens() / n + (index < total.inputTokens() % n ? 1 : 0);
        long outTokens = total.outputTokens() / n + (index < total.outputTokens() % n ? 1 : 0);
        return new Cost(in, outTokens, total.usd() / n);
    }

    private LlmAnnotation finish(Example ex, Acc acc, Cost cost, int calls, int cached) {
        List<String> rationales = acc.votes.stream().map(AnswerParser.Item::rationale).filter(r -> !r.isBlank()).toList();
        if (acc.votes.isEmpty()) {
            List<String> distinct = new ArrayList<>(new LinkedHashSet<>(acc.faults));
            String reason = "no valid answer: " + (distinct.isEmpty() ? "no attempt" : String.join("; ", distinct));
            return new LlmAnnotation(Annotation.abstained(ex.id(), reason, name, cost), Confidence.Method.NONE, rationales,
                    0, calls, cached, acc.faults);
        }
        int n = acc.votes.size();
        switch (confidence.method()) {
            case SELF_CONSISTENCY: {
                double[] p = new double[task.labelCount()];
                for (AnswerParser.Item v : acc.votes) {
                    for (String l : v.labels()) {
                        p[task.requireIndex(l)] += 1.0 / n;
                    }
                }
                for (int k = 0; k < p.length; k++) {
                    p[k] = Math.min(1, p[k]);
                }
                LabelDistribution d = LabelDistribution.of(task, p);
                double conf;
                if (task.isMultiLabel()) {
                    double sum = 0;
                    for (double x : p) {
                        sum += Math.max(x, 1 - x);
                    }
                    conf = sum / p.length;
                } else {
                    conf = d.max();
                }
                return new LlmAnnotation(Annotation.labelled(ex.id(), d, Math.min(1, conf), name, cost),
                        Confidence.Method.SELF_CONSISTENCY, rationales, n, calls, cached, acc.faults);
            }
            case LOGPROBS: {
                AnswerParser.Item v = acc.votes.get(0);
                Optional<double[]> scores = acc.scores.get(0);
                if (scores.isPresent()) {
                    LabelDistribution d = LabelDistribution.of(task, scores.get());
                    String chosen = v.labels().get(0);
                    return new LlmAnnotation(Annotation.labelled(ex.id(), d, List.of(chosen), d.get(chosen), name, cost),
                            Confidence.Method.LOGPROBS, rationales, n, calls, cached, acc.faults);
                }
                return unscored(ex, v, cost, rationales, calls, cached, acc.faults);
            }
            default:
                return unscored(ex, acc.votes.get(0), cost, rationales, calls, cached, acc.faults);
        }
    }

    private LlmAnnotation unscored(Example ex, AnswerParser.Item v, Cost cost, List<String> rationales, int calls,
            int cached, List<String> faults) {
        LabelDistribution d = LabelDistribution.ofLabels(task, new LinkedHashSet<>(v.labels()));
        return new LlmAnnotation(Annotation.labelled(ex.id(), d, v.labels(), 1.0, name, cost), Confidence.Method.NONE,
                rationales, 1, calls, cached, faults);
    }

    // ---------------------------------------------------------------------------------------- calls

    private Map<String, Object> keyParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("temperature", confidence.temperature());
        m.put("maxOutputTokens", maxOutputTokens);
        m.put("format", structuredOutput.name());
        m.put("topLogprobs", confidence.topLogprobs());
        return m;
    }

    private String canonical(Prompt prompt, int sample) {
        return RequestKeys.canonicalRequest(modelName, prompt, keyParameters(), sample);
    }

    private static String key(String canonical) {
        return RequestKeys.key(canonical);
    }

    private Optional<StoredResponse> findStored(String key) {
        return modelCalls.findStored(key);
    }

    private ModelCalls.Outcome call(Prompt prompt, int sample, List<String> exampleIds, Run run) {
        ModelCalls.Call c = new ModelCalls.Call(canonical(prompt, sample),
                prompt.messages().stream().map(PromptMessage::text).toList(), () -> toChatRequest(prompt),
                maxOutputTokens, exampleIds, "examples " + exampleIds);
        return modelCalls.call(c, run::check);
    }

    private ChatRequest toChatRequest(Prompt prompt) {
        List<ChatMessage> messages = new ArrayList<>();
        for (PromptMessage m : prompt.messages()) {
            messages.add(switch (m.role()) {
                case SYSTEM -> SystemMessage.from(m.text());
                case USER -> UserMessage.from(m.text());
                case ASSISTANT -> AiMessage.from(m.text());
            });
        }
        DefaultChatRequestParameters.Builder<?> p = confidence.method() == Confidence.Method.LOGPROBS
                ? OpenAiChatRequestParameters.builder().logprobs(true).topLogprobs(confidence.topLogprobs())
                : ChatRequestParameters.builder();
        p.modelName(modelName).temperature(confidence.temperature()).maxOutputTokens(maxOutputTokens);
        switch (structuredOutput) {
            case JSON_SCHEMA -> p.responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON)
                    .jsonSchema(AnswerSchema.of(task, prompts.rationale(), prompt.textIds())).build());
            case JSON_OBJECT -> p.responseFormat(ResponseFormat.JSON);
            case PROMPT_ONLY -> {
            }
        }
        return ChatRequest.builder().messages(messages).parameters(p.build()).build();
    }

    private static List<String> ids(List<Example> unit) {
        return unit.stream().map(Example::id).toList();
    }

    /** Shared state of one {@link #annotateDetailed} call. */
    private static final class Run {
        final AtomicReference<AnnotatorException> fatal = new AtomicReference<>();

        void fail(AnnotatorException e) {
            fatal.compareAndSet(null, e);
        }

        void check() {
            if (fatal.get() != null) {
                throw STOPPED;
            }
        }
    }

    /** Thrown inside workers once the run has failed elsewhere; never escapes. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("run stopped", null, false, false);
        }
    }

    // -------------------------------------------------------------------------------------- builder

    /**
     * Builder for {@link LlmAnnotator}. Every setting but the chat model and the task has a default.
     * Not thread-safe.
     */
    public static final class Builder {
        private ChatModel chatModel;
        private Task task;
        private String modelName;
        private AnnotationStore store;
        private DemonstrationSelector demonstrations = DemonstrationSelector.none();
        private boolean rationale;
        private StructuredOutput structuredOutput = StructuredOutput.JSON_SCHEMA;
        private Confidence confidence = Confidence.none();
        private int maxReasks = 2;
        private int batchSize = 1;
        private Integer maxOutputTokens;
        private PriceTable prices = PriceTable.empty();
        private Budget budget;
        private CostLedger ledger;
        private TokenEstimator tokenEstimator = TokenEstimator.upperBound();
        private int concurrency = 4;
        private double requestsPerSecond;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private final List<LlmListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param chatModel the model to ask; for OpenAI-compatible servers see {@link OpenAiCompatible}.
         *     Turn the model's own retries off so this annotator's are the only ones.
         * @return this builder
         */
        public Builder chatModel(ChatModel chatModel) {
            this.chatModel = Objects.requireNonNull(chatModel, "chatModel");
            return this;
        }

        /**
         * @param task the task whose labels to give
         * @return this builder
         */
        public Builder task(Task task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /**
         * @param modelName the model to request; defaults to the chat model's default model name
         * @return this builder
         */
        public Builder modelName(String modelName) {
            this.modelName = requireNonBlank(modelName, "modelName");
            return this;
        }

        /**
         * @param store where paid answers and annotations are kept; defaults to a new in-memory store
         * @return this builder
         */
        public Builder store(AnnotationStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * @param demonstrations chooses demonstrations per text; defaults to none (zero-shot)
         * @return this builder
         */
        public Builder demonstrations(DemonstrationSelector demonstrations) {
            this.demonstrations = Objects.requireNonNull(demonstrations, "demonstrations");
            return this;
        }

        /**
         * @param rationale whether to ask for a one-sentence rationale before the label; default false
         * @return this builder
         */
        public Builder rationale(boolean rationale) {
            this.rationale = rationale;
            return this;
        }

        /**
         * @param structuredOutput how the answer format is enforced; default {@code JSON_SCHEMA}
         * @return this builder
         */
        public Builder structuredOutput(StructuredOutput structuredOutput) {
            this.structuredOutput = Objects.requireNonNull(structuredOutput, "structuredOutput");
            return this;
        }

        /**
         * @param confidence how confidence is measured; default {@link Confidence#none()}
         * @return this builder
         */
        public Builder confidence(Confidence confidence) {
            this.confidence = Objects.requireNonNull(confidence, "confidence");
            return this;
        }

        /**
         * @param maxReasks how many times an invalid answer is asked again before abstaining; default 2
         * @return this builder
         */
        public Builder maxReasks(int maxReasks) {
            if (maxReasks < 0) {
                throw new IllegalArgumentException("maxReasks must be >= 0: " + maxReasks);
            }
            this.maxReasks = maxReasks;
            return this;
        }

        /**
         * @param batchSize texts per request; default 1
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param maxOutputTokens the most tokens an answer may have; defaults to a size that fits the
         *     answer format (more with rationales and batches)
         * @return this builder
         */
        public Builder maxOutputTokens(int maxOutputTokens) {
            if (maxOutputTokens < 1) {
                throw new IllegalArgumentException("maxOutputTokens must be positive: " + maxOutputTokens);
            }
            this.maxOutputTokens = maxOutputTokens;
            return this;
        }

        /**
         * @param prices what the models cost; without a price for the model, money is counted as 0
         * @return this builder
         */
        public Builder prices(PriceTable prices) {
            this.prices = Objects.requireNonNull(prices, "prices");
            return this;
        }

        /**
         * @param budget hard limits for this annotator; default unlimited. Contradicts {@link #ledger}.
         * @return this builder
         */
        public Builder budget(Budget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * @param ledger a ledger (and its budget) shared with other annotators. Contradicts
         *     {@link #budget}.
         * @return this builder
         */
        public Builder ledger(CostLedger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /**
         * @param tokenEstimator upper bound of a prompt's input tokens, used to reserve budget; default
         *     {@link TokenEstimator#upperBound()}
         * @return this builder
         */
        public Builder tokenEstimator(TokenEstimator tokenEstimator) {
            this.tokenEstimator = Objects.requireNonNull(tokenEstimator, "tokenEstimator");
            return this;
        }

        /**
         * @param concurrency most requests in flight; default 4
         * @return this builder
         */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /**
         * @param requestsPerSecond most requests started per second; 0 (the default) for no limit
         * @return this builder
         */
        public Builder requestsPerSecond(double requestsPerSecond) {
            if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
                throw new IllegalArgumentException("requestsPerSecond must be finite and >= 0: " + requestsPerSecond);
            }
            this.requestsPerSecond = requestsPerSecond;
            return this;
        }

        /**
         * @param retryPolicy how failed calls are retried; default {@link RetryPolicy#defaults()}
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /**
         * @param listener receives progress events; may be called several times
         * @return this builder
         */
        public Builder listener(LlmListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the annotator.
         *
         * @return the annotator
         * @throws IllegalStateException when the chat model or task is missing, the model name cannot be
         *     found, both a budget and a ledger are given, log-probability confidence is asked for a
         *     multi-label task, or a money budget is set without a price for the model
         */
        public LlmAnnotator build() {
            if (chatModel == null) {
                throw new IllegalStateException("chatModel must be set");
            }
            if (task == null) {
                throw new IllegalStateException("task must be set");
            }
            String model = modelName;
            if (model == null) {
                ChatRequestParameters d = chatModel.defaultRequestParameters();
                model = d == null ? null : d.modelName();
                if (model == null || model.isBlank()) {
                    throw new IllegalStateException("modelName must be set: the chat model has no default model name");
                }
            }
            if (budget != null && ledger != null) {
                throw new IllegalStateException("set either a budget or a shared ledger (which has its own budget), not both");
            }
            if (confidence.method() == Confidence.Method.LOGPROBS && task.isMultiLabel()) {
                throw new IllegalStateException("log-probability confidence supports single-label tasks only; task '"
                        + task.name() + "' is multi-label: use Confidence.selfConsistency(...)");
            }
            CostLedger l = ledger != null ? ledger : new CostLedger(budget == null ? Budget.UNLIMITED : budget);
            Optional<Price> p = prices.price(model);
            if (p.isEmpty() && l.budget().limitsUsd()) {
                throw new IllegalStateException("a money budget is set but the price table has no price for model '"
                        + model + "' (prices: " + prices.prices().keySet() + ")");
            }
            int perText = (task.isMultiLabel() ? 16 + 12 * task.labelCount() : 48) + (rationale ? 120 : 0)
                    + (batchSize > 1 ? 16 : 0);
            int maxOut = maxOutputTokens != null ? maxOutputTokens : 32 + perText * batchSize;
            return new LlmAnnotator(this, model, maxOut, p.orElse(Price.FREE), l);
        }

        private static String requireNonBlank(String s, String what) {
            Objects.requireNonNull(s, what);
            if (s.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return s;
        }
    }
}
