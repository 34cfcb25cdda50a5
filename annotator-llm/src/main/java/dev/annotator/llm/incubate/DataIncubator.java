package dev.annotator.llm.incubate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotator.core.AnnotatorException;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.embed.TextEmbedder;
import dev.annotator.core.generate.Deduplicator;
import dev.annotator.core.generate.SelfDiversifier;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.task.Label;
import dev.annotator.core.task.Task;
import dev.annotator.llm.LlmListener;
import dev.annotator.llm.OpenAiCompatible;
import dev.annotator.llm.RetryPolicy;
import dev.annotator.llm.StructuredOutput;
import dev.annotator.llm.cost.Budget;
import dev.annotator.llm.cost.BudgetExceededException;
import dev.annotator.llm.cost.CostLedger;
import dev.annotator.llm.cost.Price;
import dev.annotator.llm.cost.PriceTable;
import dev.annotator.llm.cost.Spend;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Incubator (Peng &amp; Shang 2024): training data for a classifier from an instruction alone, written
 * by a langchain4j {@link ChatModel}.
 *
 * <p>Each request asks for one example of <em>every</em> label at once, as a JSON object
 * {@code {label: text}}, so the model sees the labels side by side. With known labels the answer is
 * constrained by a JSON schema whose required properties are the labels, and an answer is kept only
 * when its keys are exactly the labels; without labels the model picks the keys, and the answers
 * with the most frequent (majority) key set are kept. Rejected answers are counted per reason, never
 * repaired. To get {@code perLabel} texts per label, {@code perLabel × oversample} valid answers are
 * collected (requests at temperature &gt; 0, each with its own request number in the prompt and so
 * its own request key; more requests are made for rejected ones, up to {@code maxRequestFactor}
 * times as many), then the candidates are cleaned (texts generated for two labels dropped, exact and
 * near duplicates dropped by {@link Deduplicator}) and self-diversified by {@link SelfDiversifier}
 * (per label, the candidate nearest each of {@code perLabel} k-means centres).
 *
 * <p>Calls go through the same path as {@link dev.annotator.llm.LlmAnnotator}: request keys are the
 * SHA-256 of (model, messages, parameters, request number); the store is consulted before calling and
 * written before an answer is used, so a rerun with the same store and settings makes no call; every
 * call is charged to a {@link CostLedger} that refuses calls that could exceed the {@link Budget}.
 * When the budget refuses a call, generation stops and the answers collected so far are used
 * ({@link IncubationResult#budgetExhausted()}). Retriable faults are retried with the
 * {@link RetryPolicy}; authentication failures, unknown models and store failures stop the run with
 * an {@link AnnotatorException}.
 *
 * <p>Thread-safe. Holds a thread pool: {@link #close()} it. The store and the embedder are not closed
 * (unless the incubator made the store).
 */
public final class DataIncubator implements AutoCloseable {
    private static final Stopped STOPPED = new Stopped();

    private final ChatModel chatModel;
    private final String modelName;
    private final AnnotationStore store;
    private final boolean ownsStore;
    private final CostLedger ledger;
    private final ModelCalls modelCalls;
    private final TextEmbedder embedder;
    private final double nearThreshold;
    private final long seed;
    private final double temperature;
    private final StructuredOutput structuredOutput;
    private final Integer maxOutputTokens;
    private final double maxRequestFactor;
    private final int maxReasks;
    private final ExecutorService executor;
    private volatile boolean closed;

    private DataIncubator(Builder b, String modelName, CostLedger ledger, Price price) {
        this.chatModel = b.chatModel;
        this.modelName = modelName;
        this.ownsStore = b.store == null;
        this.store = b.store == null ? new InMemoryAnnotationStore() : b.store;
        this.ledger = ledger;
        this.embedder = b.embedder;
        this.nearThreshold = b.nearThreshold;
        this.seed = b.seed;
        this.temperature = b.temperature;
        this.structuredOutput = b.structuredOutput;
        this.maxOutputTokens = b.maxOutputTokens;
        this.maxRequestFactor = b.maxRequestFactor;
        this.maxReasks = b.maxReasks;
        this.modelCalls = new ModelCalls(chatModel, modelName, store, ledger, price, b.tokenEstimator,
                b.requestsPerSecond > 0 ? Optional.of(new RateLimiter(b.requestsPerSecond)) : Optional.empty(),
                b.retryPolicy, b.listeners);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(b.concurrency, r -> {
            Thread t = new Thread(r, "data-incubator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the model name that goes into request keys */
    public String modelName() {
        return modelName;
    }

    /** @return the ledger this incubator charges (shared when one was given to the builder) */
    public CostLedger ledger() {
        return ledger;
    }

    /** @return the store answers are kept in */
    public AnnotationStore store() {
        return store;
    }

    // ----------------------------------------------------------------------------------- proposal

    /**
     * Asks the model which labels an instruction implies, with a description each, for the user to
     * confirm or edit; nothing is generated. The answer is stored and budgeted like every call; an
     * unusable answer (not JSON, fewer than two labels, a repeated name) is asked again with the reason
     * up to {@code maxReasks} times.
     *
     * @param taskName the name of the task to propose
     * @param instruction what the classifier should do, e.g. "classify messages as about food or movies"
     * @return the proposed task
     * @throws IllegalArgumentException when the name or instruction is blank
     * @throws AnnotatorException when no usable proposal came back, or the run cannot go on
     */
    public TaskProposal proposeTask(String taskName, String instruction) {
        requireOpen();
        requireNonBlank(taskName, "taskName");
        requireNonBlank(instruction, "instruction");
        Spend before = ledger.spent();
        Prompt prompt = IncubatorPrompts.propose(instruction);
        boolean allCached = true;
        List<String> reasons = new ArrayList<>();
        int maxOut = maxOutputTokens != null ? maxOutputTokens : 800;
        for (int attempt = 0; attempt <= maxReasks; attempt++) {
            Prompt p = prompt;
            ModelCalls.Call call = new ModelCalls.Call(canonical(p, "propose", 0.0, maxOut, 0), texts(p),
                    () -> chatRequest(p, 0.0, maxOut, Optional.of(IncubatorPrompts.proposeSchema())), maxOut,
                    List.of("propose"), "the label proposal for task '" + taskName + "'");
            ModelCalls.Outcome o = modelCalls.call(call, () -> {
            });
            allCached &= o.cached();
            if (o.stored().isEmpty()) {
                reasons.add(o.failure());
                break;
            }
            String text = ResponseCodec.decode(o.stored().get().response()).text();
            IncubatorPrompts.Parsed parsed = IncubatorPrompts.parseObject(text);
            Object labels = parsed.ok() ? IncubatorPrompts.proposedLabels(parsed.root()) : parsed.fault();
            if (labels instanceof List<?> list) {
                Task.Builder tb = Task.builder().name(taskName).instruction(instruction);
                for (Object l : list) {
                    tb.label((Label) l);
                }
                return new TaskProposal(tb.build(), modelName, allCached, ledger.spent().minus(before));
            }
            reasons.add((String) labels);
            prompt = prompt.reask(text.isBlank() ? "(empty answer)" : text, labels
                    + ". Answer again with one JSON object {\"labels\": [{\"name\", \"description\"}, ...]} with at least "
                    + "two distinct labels");
        }
        throw new NonRetriableAnnotatorException("model '" + modelName + "' proposed no usable labels for task '"
                + taskName + "': " + String.join("; ", reasons));
    }

    // --------------------------------------------------------------------------------- generation

    /**
     * Generates training data for known labels.
     *
     * @param task a single-label task: its instruction and labels (with descriptions) go into the prompt
     * @param perLabel texts to keep per label, 1 or more
     * @param oversample how many candidates to generate per text kept (K), 1 or more; 1 skips the
     *     diversification choice (every unique candidate is kept up to {@code perLabel})
     * @return what was kept, with counts, diversity and cost
     * @throws IllegalArgumentException when the task is multi-label or a count is out of range
     * @throws IllegalStateException when no embedder was set
     * @throws AnnotatorException when the run cannot go on; answers paid for stay in the store
     */
    public IncubationResult incubate(Task task, int perLabel, int oversample) {
        Objects.requireNonNull(task, "task");
        if (task.isMultiLabel()) {
            throw new IllegalArgumentException("incubation needs a single-label task; task '" + task.name()
                    + "' is multi-label");
        }
        int maxOut = maxOutputTokens != null ? maxOutputTokens : 64 + 200 * task.labelCount();
        Set<String> labels = new TreeSet<>(task.labelNames());
        return run(task.name(), perLabel, oversample, nonce -> IncubatorPrompts.generate(task, seed, nonce), "generate",
                Optional.of(IncubatorPrompts.generateSchema(task)), maxOut, Optional.of(labels), keys -> task);
    }

    /**
     * Generates training data when the labels are not given: the model chooses the keys of each answer
     * from the instruction, and the answers with the most frequent key set (the majority) are kept,
     * whose keys become the labels. To review labels before paying for data, use
     * {@link #proposeTask} and then {@link #incubate(Task, int, int)}.
     *
     * @param taskName the name of the task
     * @param instruction what the classifier should do
     * @param perLabel texts to keep per label, 1 or more
     * @param oversample candidates per text kept, 1 or more
     * @return what was kept; its task has the majority keys as labels
     * @throws IllegalArgumentException when the name or instruction is blank or a count is out of range
     * @throws AnnotatorException when no key set with two or more labels came back, or the run cannot go on
     */
    public IncubationResult incubate(String taskName, String instruction, int perLabel, int oversample) {
        requireNonBlank(taskName, "taskName");
        requireNonBlank(instruction, "instruction");
        int maxOut = maxOutputTokens != null ? maxOutputTokens : 1200;
        return run(taskName, perLabel, oversample, nonce -> IncubatorPrompts.generateFree(instruction, seed, nonce),
                "generate-free", Optional.empty(), maxOut, Optional.empty(), keys -> {
                    Task.Builder tb = Task.builder().name(taskName).instruction(instruction);
                    keys.forEach(k -> tb.label(Label.of(k)));
                    return tb.build();
                });
    }

    /** One answer: its {label: text} pairs, or why it was rejected, or nothing when it was not asked. */
    private record Answer(int nonce, Map<String, String> examples, String reject, int calls, boolean cached,
            boolean asked) {
    }

    private IncubationResult run(String taskName, int perLabel, int oversample,
            java.util.function.IntFunction<Prompt> prompts, String purpose, Optional<JsonSchema> schema, int maxOut,
            Optional<Set<String>> labels, java.util.function.Function<List<String>, Task> taskFor) {
        requireOpen();
        if (embedder == null) {
            throw new IllegalStateException("generating needs an embedder (it finds near duplicates and diversifies):"
                    + " set DataIncubator.builder().embedder(...)");
        }
        if (perLabel < 1 || perLabel > 1_000_000) {
            throw new IllegalArgumentException("perLabel must be in [1, 1000000]: " + perLabel);
        }
        if (oversample < 1 || oversample > 1000) {
            throw new IllegalArgumentException("oversample must be in [1, 1000]: " + oversample);
        }
        long targetLong = (long) perLabel * oversample;
        if (targetLong > 10_000_000L) {
            throw new IllegalArgumentException("perLabel × oversample must be at most 10000000: " + targetLong);
        }
        int target = (int) targetLong;
        int maxRequests = (int) Math.min(Integer.MAX_VALUE, Math.ceil(target * maxRequestFactor));
        Spend before = ledger.spent();
        AtomicReference<AnnotatorException> fatal = new AtomicReference<>();
        AtomicBoolean budgetStop = new AtomicBoolean();
        Runnable checkpoint = () -> {
            if (fatal.get() != null || budgetStop.get()) {
                throw STOPPED;
            }
        };
        List<Answer> answers = new ArrayList<>();
        int good = 0;
        int next = 0;
        while (good < target && next < maxRequests && !budgetStop.get() && fatal.get() == null) {
            int n = Math.min(target - good, maxRequests - next);
            List<CompletableFuture<Answer>> futures = new ArrayList<>(n);
            for (int i = next; i < next + n; i++) {
                int nonce = i;
                futures.add(CompletableFuture.supplyAsync(() -> ask(nonce, prompts.apply(nonce), purpose, schema, maxOut,
                        labels, taskName, checkpoint, fatal, budgetStop), executor));
            }
            for (CompletableFuture<Answer> f : futures) {
                Answer a = f.join();
                if (a.asked()) {
                    answers.add(a);
                    if (a.examples() != null) {
                        good++;
                    }
                }
            }
            next += n;
        }
        if (fatal.get() != null) {
            throw fatal.get();
        }
        // which answers are valid: the labels' key set, or the majority key set
        List<String> keys;
        if (labels.isPresent()) {
            keys = new ArrayList<>(taskFor.apply(List.of()).labelNames());
        } else {
            keys = majority(answers);
            if (keys.size() < 2) {
                throw new NonRetriableAnnotatorException("model '" + modelName + "' gave no key set with two or more "
                        + "labels for task '" + taskName + "' (" + answers.size() + " answers): give the labels, or see "
                        + "proposeTask");
            }
        }
        Task task = taskFor.apply(keys);
        Set<String> keySet = new TreeSet<>(keys);
        Map<String, Integer> rejected = new TreeMap<>();
        Map<String, List<String>> candidates = new LinkedHashMap<>();
        keys.forEach(k -> candidates.put(k, new ArrayList<>()));
        int valid = 0;
        int requests = 0;
        int calls = 0;
        int cached = 0;
        for (Answer a : answers) {
            requests++;
            calls += a.calls();
            cached += a.cached() ? 1 : 0;
            if (a.examples() == null) {
                rejected.merge(a.reject(), 1, Integer::sum);
            } else if (!a.examples().keySet().equals(keySet)) {
                rejected.merge(labels.isPresent() ? "wrong keys" : "keys differ from the majority key set", 1,
                        Integer::sum);
            } else {
                valid++;
                for (String k : keys) {
                    candidates.get(k).add(a.examples().get(k));
                }
            }
        }
        int generated = valid * keys.size();
        // the same text for two labels is not evidence for either
        Map<String, Set<String>> labelsOfText = new HashMap<>();
        candidates.forEach((label, texts) -> texts.forEach(t ->
                labelsOfText.computeIfAbsent(Deduplicator.normalise(t), x -> new LinkedHashSet<>()).add(label)));
        int conflicting = 0;
        TextEmbedder cache = new MemoEmbedder(embedder);
        Deduplicator dedup = new Deduplicator(cache, nearThreshold);
        Map<String, List<String>> unique = new LinkedHashMap<>();
        int exact = 0;
        int near = 0;
        for (Map.Entry<String, List<String>> e : candidates.entrySet()) {
            List<String> clean = new ArrayList<>();
            for (String t : e.getValue()) {
                if (labelsOfText.get(Deduplicator.normalise(t)).size() > 1) {
                    conflicting++;
                } else {
                    clean.add(t);
                }
            }
            Deduplicator.Result d = dedup.deduplicate(clean);
            exact += d.exactDuplicates();
            near += d.nearDuplicates();
            unique.put(e.getKey(), d.kept());
        }
        SelfDiversifier.Result div = new SelfDiversifier(cache, seed).select(unique, perLabel);
        return new IncubationResult(task, div.kept(), requests, calls, cached, valid, generated, rejected, exact, near,
                conflicting, div.diversityBefore(), div.diversityAfter(), ledger.spent().minus(before), budgetStop.get());
    }

    private Answer ask(int nonce, Prompt prompt, String purpose, Optional<JsonSchema> schema, int maxOut,
            Optional<Set<String>> labels, String taskName, Runnable checkpoint, AtomicReference<AnnotatorException> fatal,
            AtomicBoolean budgetStop) {
        ModelCalls.Call call = new ModelCalls.Call(canonical(prompt, purpose, temperature, maxOut, nonce), texts(prompt),
                () -> chatRequest(prompt, temperature, maxOut, schema), maxOut, List.of("generate-" + nonce),
                "generation request " + nonce + " of task '" + taskName + "'");
        ModelCalls.Outcome o;
        try {
            o = modelCalls.call(call, checkpoint);
        } catch (Stopped e) {
            return new Answer(nonce, null, "", 0, false, false);
        } catch (BudgetExceededException e) {
            budgetStop.set(true);
            return new Answer(nonce, null, "", 0, false, false);
        } catch (AnnotatorException e) {
            fatal.compareAndSet(null, e);
            return new Answer(nonce, null, "", 0, false, false);
        } catch (RuntimeException e) {
            fatal.compareAndSet(null, new NonRetriableAnnotatorException("generation request " + nonce + " of task '"
                    + taskName + "' failed: " + e, e));
            return new Answer(nonce, null, "", 0, false, false);
        }
        if (o.stored().isEmpty()) {
            return new Answer(nonce, null, "call failed: " + o.failure(), o.calls(), false, true);
        }
        String text = ResponseCodec.decode(o.stored().get().response()).text();
        IncubatorPrompts.Parsed parsed = IncubatorPrompts.parseObject(text);
        if (!parsed.ok()) {
            return new Answer(nonce, null, parsed.fault(), o.calls(), o.cached(), true);
        }
        Object ex = IncubatorPrompts.examples(parsed.root());
        if (ex instanceof String reason) {
            return new Answer(nonce, null, reason, o.calls(), o.cached(), true);
        }
        @SuppressWarnings("unchecked")
        Map<String, String> examples = (Map<String, String>) ex;
        if (labels.isPresent() && !examples.keySet().equals(labels.get())) {
            return new Answer(nonce, null, "wrong keys", o.calls(), o.cached(), true);
        }
        if (examples.size() < 2) {
            return new Answer(nonce, null, "fewer than two keys", o.calls(), o.cached(), true);
        }
        return new Answer(nonce, examples, "", o.calls(), o.cached(), true);
    }

    /** The most frequent key set among valid-looking answers, in the order of its first answer; ties go to the earliest. */
    private static List<String> majority(List<Answer> answers) {
        Map<Set<String>, Integer> counts = new HashMap<>();
        Map<Set<String>, List<String>> firstOrder = new HashMap<>();
        Set<String> best = null;
        for (Answer a : answers) {
            if (a.examples() == null) {
                continue;
            }
            Set<String> k = new TreeSet<>(a.examples().keySet());
            int c = counts.merge(k, 1, Integer::sum);
            firstOrder.putIfAbsent(k, new ArrayList<>(a.examples().keySet()));
            if (best == null || c > counts.get(best)) {
                best = k;
            }
        }
        return best == null ? List.of() : firstOrder.get(best);
    }

    private String canonical(Prompt prompt, String purpose, double temp, int maxOut, int sample) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("purpose", purpose);
        p.put("temperature", temp);
        p.put("maxOutputTokens", maxOut);
        p.put("format", structuredOutput.name());
        return RequestKeys.canonicalRequest(modelName, prompt, p, sample);
    }

    private static List<String> texts(Prompt p) {
        return p.messages().stream().map(PromptMessage::text).toList();
    }

    private ChatRequest chatRequest(Prompt prompt, double temp, int maxOut, Optional<JsonSchema> schema) {
        List<ChatMessage> messages = new ArrayList<>();
        for (PromptMessage m : prompt.messages()) {
            messages.add(switch (m.role()) {
                case SYSTEM -> SystemMessage.from(m.text());
                case USER -> UserMessage.from(m.text());
                case ASSISTANT -> AiMessage.from(m.text());
            });
        }
        DefaultChatRequestParameters.Builder<?> p = ChatRequestParameters.builder().modelName(modelName).temperature(temp)
                .maxOutputTokens(maxOut);
        switch (structuredOutput) {
            case JSON_SCHEMA -> p.responseFormat(schema.isPresent()
                    ? ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema.get()).build()
                    : ResponseFormat.JSON);
            case JSON_OBJECT -> p.responseFormat(ResponseFormat.JSON);
            case PROMPT_ONLY -> {
            }
        }
        return ChatRequest.builder().messages(messages).parameters(p.build()).build();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("data incubator for model '" + modelName + "' is closed");
        }
    }

    private static String requireNonBlank(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return s;
    }

    /** Stops the worker threads; closes the store only if the incubator made it. */
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
        return "DataIncubator[" + modelName + ", " + ledger + "]";
    }

    /** Thrown inside workers once the run has stopped elsewhere; never escapes. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("run stopped", null, false, false);
        }
    }

    /** Embeds each distinct text once per run (deduplication and diversification embed the same texts). */
    private static final class MemoEmbedder implements TextEmbedder {
        private final TextEmbedder inner;
        private final Map<String, float[]> memo = new ConcurrentHashMap<>();

        MemoEmbedder(TextEmbedder inner) {
            this.inner = inner;
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            List<String> missing = texts.stream().filter(t -> !memo.containsKey(t)).distinct().toList();
            if (!missing.isEmpty()) {
                List<float[]> v = inner.embedAll(missing);
                for (int i = 0; i < missing.size(); i++) {
                    memo.put(missing.get(i), v.get(i));
                }
            }
            return texts.stream().map(memo::get).toList();
        }
    }

    // -------------------------------------------------------------------------------------- builder

    /**
     * Builder for {@link DataIncubator}. The chat model is required, and the embedder to generate;
     * everything else has a default. Not thread-safe.
     */
    public static final class Builder {
        private ChatModel chatModel;
        private String modelName;
        private TextEmbedder embedder;
        private AnnotationStore store;
        private PriceTable prices = PriceTable.empty();
        private Budget budget;
        private CostLedger ledger;
        private TokenEstimator tokenEstimator = TokenEstimator.upperBound();
        private int concurrency = 4;
        private double requestsPerSecond;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private final List<LlmListener> listeners = new ArrayList<>();
        private StructuredOutput structuredOutput = StructuredOutput.JSON_SCHEMA;
        private double temperature = 1.0;
        private long seed;
        private double nearThreshold = Deduplicator.DEFAULT_NEAR_THRESHOLD;
        private Integer maxOutputTokens;
        private double maxRequestFactor = 2.0;
        private int maxReasks = 2;

        private Builder() {
        }

        /**
         * @param chatModel the model that writes the examples; for OpenAI-compatible servers see
         *     {@link OpenAiCompatible}. Turn the model's own retries off.
         * @return this builder
         */
        public Builder chatModel(ChatModel chatModel) {
            this.chatModel = Objects.requireNonNull(chatModel, "chatModel");
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
         * @param embedder embeds candidates for near-duplicate detection and diversification; needed to
         *     generate, not to propose labels
         * @return this builder
         */
        public Builder embedder(TextEmbedder embedder) {
            this.embedder = Objects.requireNonNull(embedder, "embedder");
            return this;
        }

        /**
         * @param store where paid answers are kept; defaults to a new in-memory store
         * @return this builder
         */
        public Builder store(AnnotationStore store) {
            this.store = Objects.requireNonNull(store, "store");
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
         * @param budget hard limits for this incubator; default unlimited. Contradicts {@link #ledger}.
         * @return this builder
         */
        public Builder budget(Budget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * @param ledger a ledger (and its budget) shared with annotators. Contradicts {@link #budget}.
         * @return this builder
         */
        public Builder ledger(CostLedger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /**
         * @param tokenEstimator upper bound of a prompt's input tokens, for budget reservations
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
         * @param listener receives call events; may be called several times
         * @return this builder
         */
        public Builder listener(LlmListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param structuredOutput how the answer format is enforced; default {@code JSON_SCHEMA} (JSON
         *     mode when the labels are not known)
         * @return this builder
         */
        public Builder structuredOutput(StructuredOutput structuredOutput) {
            this.structuredOutput = Objects.requireNonNull(structuredOutput, "structuredOutput");
            return this;
        }

        /**
         * @param temperature sampling temperature of generation requests, in (0, 2]; default 1.0
         * @return this builder
         */
        public Builder temperature(double temperature) {
            if (!(temperature > 0 && temperature <= 2)) {
                throw new IllegalArgumentException("temperature must be in (0, 2] so that requests give varied "
                        + "examples: " + temperature);
            }
            this.temperature = temperature;
            return this;
        }

        /**
         * @param seed goes into every generation prompt (so a different seed asks new requests) and seeds
         *     k-means; default 0
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param nearThreshold cosine similarity in (0, 1] at or above which two candidates of a label
         *     are near duplicates; default {@value Deduplicator#DEFAULT_NEAR_THRESHOLD}
         * @return this builder
         */
        public Builder nearDuplicateThreshold(double nearThreshold) {
            if (!(nearThreshold > 0 && nearThreshold <= 1)) {
                throw new IllegalArgumentException("nearDuplicateThreshold must be in (0, 1]: " + nearThreshold);
            }
            this.nearThreshold = nearThreshold;
            return this;
        }

        /**
         * @param maxOutputTokens the most tokens an answer may have; default 64 + 200 per label (1200
         *     when the labels are not known, 800 for proposals)
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
         * @param maxRequestFactor at most this many times {@code perLabel × oversample} requests are
         *     made, to make up for rejected answers; at least 1, default 2
         * @return this builder
         */
        public Builder maxRequestFactor(double maxRequestFactor) {
            if (!(maxRequestFactor >= 1) || Double.isInfinite(maxRequestFactor)) {
                throw new IllegalArgumentException("maxRequestFactor must be finite and >= 1: " + maxRequestFactor);
            }
            this.maxRequestFactor = maxRequestFactor;
            return this;
        }

        /**
         * @param maxReasks how many times an unusable label proposal is asked again; default 2
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
         * Builds the incubator.
         *
         * @return the incubator
         * @throws IllegalStateException when the chat model is missing, the model name
         *     cannot be found, both a budget and a ledger are given, or a money budget is set without a
         *     price for the model
         */
        public DataIncubator build() {
            if (chatModel == null) {
                throw new IllegalStateException("chatModel must be set");
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
            CostLedger l = ledger != null ? ledger : new CostLedger(budget == null ? Budget.UNLIMITED : budget);
            Optional<Price> p = prices.price(model);
            if (p.isEmpty() && l.budget().limitsUsd()) {
                throw new IllegalStateException("a money budget is set but the price table has no price for model '"
                        + model + "' (prices: " + prices.prices().keySet() + ")");
            }
            return new DataIncubator(this, model, l, p.orElse(Price.FREE));
        }
    }
}
