package dev.annotator.llm.programs;

import dev.annotator.core.AnnotatorException;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.programs.LabelingProgram;
import dev.annotator.core.programs.ProgramJson;
import dev.annotator.core.programs.ProgramLimits;
import dev.annotator.core.programs.ProgramValidationException;
import dev.annotator.core.programs.ValidationError;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.InMemoryAnnotationStore;
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
import dev.langchain4j.model.chat.request.ResponseFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Asks a langchain4j {@link ChatModel} to write labelling programs (ALCHEmist, Huang et al. 2024): a
 * handful of calls instead of one per text.
 *
 * <p>Each of the N programs gets its own prompt: the task's mission, the labelling instruction (the
 * labels, and that a program abstains when it cannot decide), prior knowledge (label descriptions, a
 * few examples per label from a gold pool, drawn with a seed and the program's index so programs see
 * different ones, optional notes from the user), the rule language's JSON Schema
 * ({@link ProgramJson#schema()}), and a focus label that rotates over the label set. The answer is data:
 * it is validated by {@link ProgramJson#read(String, Task, ProgramLimits, String)} and never executed.
 * The synthesizer sets each program's {@code name} ({@code <prefix>-<index>}, two digits) and
 * {@code task}; everything else is the model's. An invalid answer gets {@code repairRounds} (default 1)
 * more requests that show the model its answer and every validation error with its JSON path; a
 * program still invalid after them is rejected with the reasons.
 *
 * <p>Calls go through the library's store-first path: every request (first and repair) is keyed by the
 * SHA-256 of (model, messages, parameters, program index), looked up in the {@link AnnotationStore}
 * first, and its answer written there before it is used, so a rerun with the same settings makes no
 * call. Calls are charged to a {@link CostLedger} whose {@link Budget} refuses a call that could exceed
 * it; the run then stops asking and returns what it has, with {@link SynthesisResult#stoppedBy()}.
 * Rate limits, timeouts and server errors are retried ({@link RetryPolicy}); bad credentials or an
 * unknown model end the run with an {@link AnnotatorException}.
 *
 * <p>Thread-safe; {@link #synthesize(int)} runs up to {@code concurrency} requests at once on threads
 * it creates and stops before returning. The store is not closed.
 */
public final class ProgramSynthesizer {
    private static final Stopped STOPPED = new Stopped();

    private final Task task;
    private final String modelName;
    private final ModelCalls calls;
    private final CostLedger ledger;
    private final SynthesisPrompts prompts;
    private final StructuredOutput structuredOutput;
    private final double temperature;
    private final int maxOutputTokens;
    private final int repairRounds;
    private final int concurrency;
    private final ProgramLimits limits;
    private final String namePrefix;
    private final ChatModel chatModel;

    private ProgramSynthesizer(Builder b, String modelName, Price price, CostLedger ledger) {
        this.task = b.task;
        this.modelName = modelName;
        this.chatModel = b.chatModel;
        this.ledger = ledger;
        this.structuredOutput = b.structuredOutput;
        this.temperature = b.temperature;
        this.maxOutputTokens = b.maxOutputTokens;
        this.repairRounds = b.repairRounds;
        this.concurrency = b.concurrency;
        this.limits = b.limits;
        this.namePrefix = b.namePrefix;
        String mission = b.mission != null ? b.mission
                : b.task.instruction().isBlank() ? "Classify each text into one of the labels below." : b.task.instruction();
        this.prompts = new SynthesisPrompts(b.task, mission, b.notes, b.goldPool, b.examplesPerLabel, b.maxExampleChars,
                b.limits.maxRules(), b.seed);
        AnnotationStore store = b.store == null ? new InMemoryAnnotationStore() : b.store;
        this.calls = new ModelCalls(b.chatModel, modelName, store, ledger, price, b.tokenEstimator,
                b.requestsPerSecond > 0 ? Optional.of(new RateLimiter(b.requestsPerSecond)) : Optional.empty(),
                b.retryPolicy, b.listeners);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the task programs are written for */
    public Task task() {
        return task;
    }

    /** @return the model name that goes into request keys */
    public String modelName() {
        return modelName;
    }

    /** @return the ledger calls are charged to (shared when one was given to the builder) */
    public CostLedger ledger() {
        return ledger;
    }

    /**
     * The name program {@code index} gets.
     *
     * @param index from 1
     * @return {@code <prefix>-<index>}, the index with at least two digits
     */
    public String programName(int index) {
        return String.format(Locale.ROOT, "%s-%02d", namePrefix, index);
    }

    /**
     * The prompt program {@code index} is asked with, for inspection; nothing is sent. It does not
     * depend on how many programs are asked for: asking for 12 after 10 pays only for the last two.
     *
     * @param index from 1
     * @return the prompt
     */
    public Prompt prompt(int index) {
        if (index < 1) {
            throw new IllegalArgumentException("index must be at least 1: " + index);
        }
        return prompts.build(index, programName(index));
    }

    /**
     * Asks for {@code n} programs.
     *
     * @param n how many programs to ask for; at least 1
     * @return the valid programs, the rejected ones with reasons, and the cost
     * @throws AnnotatorException when the run cannot go on (bad credentials, unknown model, store
     *     failure); answers already paid for stay in the store
     */
    public SynthesisResult synthesize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
        Spend before = ledger.spent();
        long cachedBefore = ledger.cachedResponses();
        AtomicReference<AnnotatorException> fatal = new AtomicReference<>();
        AtomicReference<String> stop = new AtomicReference<>();
        Runnable checkpoint = () -> {
            if (fatal.get() != null || stop.get() != null) {
                throw STOPPED;
            }
        };
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(concurrency, n), r -> {
            Thread t = new Thread(r, "program-synthesizer-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Object> outcomes = new ArrayList<>();
        try {
            List<CompletableFuture<Object>> futures = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                int index = i;
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return one(index, checkpoint, stop);
                    } catch (Stopped e) {
                        return index;
                    } catch (BudgetExceededException e) {
                        stop.compareAndSet(null, "budget: " + e.getMessage());
                        return index;
                    } catch (AnnotatorException e) {
                        fatal.compareAndSet(null, e);
                        return index;
                    } catch (RuntimeException e) {
                        fatal.compareAndSet(null, new NonRetriableAnnotatorException("synthesizing program " + index
                                + " of task '" + task.name() + "' failed: " + e, e));
                        return index;
                    }
                }, executor));
            }
            for (CompletableFuture<Object> f : futures) {
                try {
                    outcomes.add(f.join());
                } catch (CompletionException e) {
                    throw new NonRetriableAnnotatorException("synthesizing programs failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            executor.shutdownNow();
        }
        if (fatal.get() != null) {
            throw fatal.get();
        }
        List<SynthesizedProgram> accepted = new ArrayList<>();
        List<RejectedProgram> rejected = new ArrayList<>();
        List<Integer> notAsked = new ArrayList<>();
        for (Object o : outcomes) {
            if (o instanceof SynthesizedProgram s) {
                accepted.add(s);
            } else if (o instanceof RejectedProgram r) {
                rejected.add(r);
            } else {
                notAsked.add((Integer) o);
            }
        }
        return new SynthesisResult(task, modelName, n, accepted, rejected, notAsked, ledger.spent().minus(before),
                ledger.cachedResponses() - cachedBefore, Optional.ofNullable(stop.get()));
    }

    /**
     * Asks for one program, with its repair rounds: a SynthesizedProgram or a RejectedProgram (also
     * when the budget or a stop prevents its repair). Throws when its first request cannot be made.
     */
    private Object one(int index, Runnable checkpoint, AtomicReference<String> stop) {
        String name = programName(index);
        Prompt prompt = prompts.build(index, name);
        List<String> reasons = new ArrayList<>();
        int answers = 0;
        int made = 0;
        int cached = 0;
        Cost billed = Cost.FREE;
        for (int round = 0; round <= repairRounds; round++) {
            Prompt p = prompt;
            ModelCalls.Call call = new ModelCalls.Call(canonical(p, index), texts(p), () -> chatRequest(p), maxOutputTokens,
                    List.of(name), "program " + index + " ('" + name + "') of task '" + task.name() + "'");
            ModelCalls.Outcome o;
            try {
                o = calls.call(call, checkpoint);
            } catch (Stopped | BudgetExceededException e) {
                if (round == 0) {
                    throw e;
                }
                if (e instanceof BudgetExceededException b) {
                    stop.compareAndSet(null, "budget: " + b.getMessage());
                }
                reasons.add("repair not asked: " + (e instanceof Stopped ? "the run stopped" : "the budget is spent"));
                break;
            }
            made += o.calls();
            if (o.stored().isEmpty()) {
                reasons.add("call failed: " + o.failure());
                break;
            }
            answers++;
            if (o.cached()) {
                cached++;
            }
            billed = billed.plus(o.stored().get().cost());
            String answer = ResponseCodec.decode(o.stored().get().response()).text();
            try {
                LabelingProgram program = ProgramJson.read(SynthesisPrompts.programJson(answer, name, task.name()), task,
                        limits, name);
                return new SynthesizedProgram(index, program, round > 0, new ProgramCost(answers, made, cached, billed));
            } catch (ProgramValidationException e) {
                String why = e.errors().stream().limit(20).map(ValidationError::toString).collect(Collectors.joining("; "))
                        + (e.errors().size() > 20 ? "; and " + (e.errors().size() - 20) + " more" : "");
                reasons.add(why);
                prompt = prompt.reask(answer.isBlank() ? "(empty answer)" : answer,
                        "it is not a valid labelling program (" + why + "). Fix these errors and keep the rule language's schema");
            }
        }
        return new RejectedProgram(index, name, reasons, new ProgramCost(answers, made, cached, billed));
    }

    private String canonical(Prompt p, int index) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("purpose", "program-synthesis");
        params.put("temperature", temperature);
        params.put("maxOutputTokens", maxOutputTokens);
        params.put("format", structuredOutput.name());
        return RequestKeys.canonicalRequest(modelName, p, params, index);
    }

    private static List<String> texts(Prompt p) {
        return p.messages().stream().map(PromptMessage::text).toList();
    }

    private ChatRequest chatRequest(Prompt prompt) {
        List<ChatMessage> messages = new ArrayList<>();
        for (PromptMessage m : prompt.messages()) {
            messages.add(switch (m.role()) {
                case SYSTEM -> SystemMessage.from(m.text());
                case USER -> UserMessage.from(m.text());
                case ASSISTANT -> AiMessage.from(m.text());
            });
        }
        var p = ChatRequestParameters.builder().modelName(modelName).temperature(temperature).maxOutputTokens(maxOutputTokens);
        if (structuredOutput == StructuredOutput.JSON_OBJECT) {
            p.responseFormat(ResponseFormat.JSON);
        }
        return ChatRequest.builder().messages(messages).parameters(p.build()).build();
    }

    @Override
    public String toString() {
        return "ProgramSynthesizer[" + modelName + ", task=" + task.name() + ", temperature=" + temperature + ", " + ledger
                + ", chatModel=" + chatModel.getClass().getSimpleName() + "]";
    }

    /** Thrown inside workers once the run has stopped elsewhere; never escapes. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("run stopped", null, false, false);
        }
    }

    // -------------------------------------------------------------------------------------- builder

    /** Builder of {@link ProgramSynthesizer}: the chat model and the task are required. Not thread-safe. */
    public static final class Builder {
        private ChatModel chatModel;
        private String modelName;
        private Task task;
        private AnnotationStore store;
        private String mission;
        private String notes = "";
        private List<LabelledExample> goldPool = List.of();
        private int examplesPerLabel = 3;
        private int maxExampleChars = 400;
        private double temperature = 0.7;
        private int maxOutputTokens = 2048;
        private int repairRounds = 1;
        private StructuredOutput structuredOutput = StructuredOutput.JSON_OBJECT;
        private PriceTable prices = PriceTable.empty();
        private Budget budget;
        private CostLedger ledger;
        private TokenEstimator tokenEstimator = TokenEstimator.upperBound();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private double requestsPerSecond;
        private int concurrency = 4;
        private ProgramLimits limits = ProgramLimits.DEFAULTS;
        private long seed;
        private String namePrefix = "synth";
        private final List<LlmListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param chatModel the model to ask; for OpenAI-compatible servers see {@link OpenAiCompatible}
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
            this.modelName = nonBlank(modelName, "modelName");
            return this;
        }

        /**
         * @param task the single-label classification task the programs label
         * @return this builder
         */
        public Builder task(Task task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /**
         * @param store where answers are looked up and kept; defaults to a new in-memory store (a rerun
         *     of the same synthesizer pays nothing, a new one pays again)
         * @return this builder
         */
        public Builder store(AnnotationStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * @param mission what the classifier is for, in a sentence or two; defaults to the task's
         *     instruction
         * @return this builder
         */
        public Builder mission(String mission) {
            this.mission = nonBlank(mission, "mission");
            return this;
        }

        /**
         * @param notes what the user knows about the data (sources, tell-tale words, pitfalls); default none
         * @return this builder
         */
        public Builder notes(String notes) {
            this.notes = Objects.requireNonNull(notes, "notes");
            return this;
        }

        /**
         * @param goldPool labelled examples to show (a few per label); rows without exactly one label of
         *     the task are ignored; default none. Use train or dev rows, never test rows.
         * @return this builder
         */
        public Builder goldPool(List<LabelledExample> goldPool) {
            this.goldPool = List.copyOf(goldPool);
            return this;
        }

        /**
         * @param examplesPerLabel examples per label in each prompt; 0 or more, default 3
         * @return this builder
         */
        public Builder examplesPerLabel(int examplesPerLabel) {
            if (examplesPerLabel < 0) {
                throw new IllegalArgumentException("examplesPerLabel must be >= 0: " + examplesPerLabel);
            }
            this.examplesPerLabel = examplesPerLabel;
            return this;
        }

        /**
         * @param maxExampleChars longer example texts are cut to this many characters; default 400
         * @return this builder
         */
        public Builder maxExampleChars(int maxExampleChars) {
            if (maxExampleChars < 1) {
                throw new IllegalArgumentException("maxExampleChars must be positive: " + maxExampleChars);
            }
            this.maxExampleChars = maxExampleChars;
            return this;
        }

        /**
         * @param temperature sampling temperature; in [0, 2], default 0.7
         * @return this builder
         */
        public Builder temperature(double temperature) {
            if (!(temperature >= 0 && temperature <= 2)) {
                throw new IllegalArgumentException("temperature must be in [0, 2]: " + temperature);
            }
            this.temperature = temperature;
            return this;
        }

        /**
         * @param maxOutputTokens the most tokens one answer may have; default 2048
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
         * @param repairRounds how many more requests an invalid program gets, each with its validation
         *     errors; 0 or more, default 1
         * @return this builder
         */
        public Builder repairRounds(int repairRounds) {
            if (repairRounds < 0) {
                throw new IllegalArgumentException("repairRounds must be >= 0: " + repairRounds);
            }
            this.repairRounds = repairRounds;
            return this;
        }

        /**
         * @param structuredOutput {@code JSON_OBJECT} (default: JSON mode) or {@code PROMPT_ONLY}; the
         *     rule language's schema is recursive, which strict JSON-schema decoding does not take, so
         *     {@code JSON_SCHEMA} is refused
         * @return this builder
         */
        public Builder structuredOutput(StructuredOutput structuredOutput) {
            Objects.requireNonNull(structuredOutput, "structuredOutput");
            if (structuredOutput == StructuredOutput.JSON_SCHEMA) {
                throw new IllegalArgumentException("structuredOutput JSON_SCHEMA is not supported for programs (the rule"
                        + " language's schema is recursive): use JSON_OBJECT or PROMPT_ONLY");
            }
            this.structuredOutput = structuredOutput;
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
         * @param budget hard limits; default unlimited. Contradicts {@link #ledger}.
         * @return this builder
         */
        public Builder budget(Budget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * @param ledger a ledger (and its budget) shared with other components. Contradicts {@link #budget}.
         * @return this builder
         */
        public Builder ledger(CostLedger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /**
         * @param tokenEstimator upper bound of a prompt's input tokens, to reserve budget; default
         *     {@link TokenEstimator#upperBound()}
         * @return this builder
         */
        public Builder tokenEstimator(TokenEstimator tokenEstimator) {
            this.tokenEstimator = Objects.requireNonNull(tokenEstimator, "tokenEstimator");
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
         * @param requestsPerSecond most requests started per second; 0 (default) for no limit
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
         * @param concurrency most programs asked for at once; default 4
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
         * @param limits the limits programs are validated against and run with; default
         *     {@link ProgramLimits#DEFAULTS}
         * @return this builder
         */
        public Builder limits(ProgramLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * @param seed chooses the examples shown to each program; default 0
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param namePrefix programs are named {@code <prefix>-01}, {@code <prefix>-02}, ...; default
         *     {@code synth}; letters, digits, '-', '_' and '.'
         * @return this builder
         */
        public Builder namePrefix(String namePrefix) {
            nonBlank(namePrefix, "namePrefix");
            if (!namePrefix.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("namePrefix may hold letters, digits, '-', '_' and '.' only: " + namePrefix);
            }
            this.namePrefix = namePrefix;
            return this;
        }

        /**
         * @param listener receives call events (requested, answered, cached, retried, spent)
         * @return this builder
         */
        public Builder listener(LlmListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @return the synthesizer
         * @throws IllegalStateException when the chat model or task is missing, the task is not
         *     single-label classification, the model name cannot be found, both a budget and a ledger
         *     are given, or a money budget is set without a price for the model
         */
        public ProgramSynthesizer build() {
            if (chatModel == null) {
                throw new IllegalStateException("chatModel must be set");
            }
            if (task == null) {
                throw new IllegalStateException("task must be set");
            }
            if (task.isMultiLabel() || task.isSpan() || task.isRelation()) {
                throw new IllegalStateException("labelling programs need a single-label classification task; task '"
                        + task.name() + "' is " + (task.isMultiLabel() ? "multi-label" : task.kind()));
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
            return new ProgramSynthesizer(this, model, p.orElse(Price.FREE), l);
        }

        private static String nonBlank(String s, String what) {
            Objects.requireNonNull(s, what);
            if (s.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return s;
        }
    }
}
