package dev.annotator.examples.cli;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.task.Task;
import dev.annotator.llm.Confidence;
import dev.annotator.llm.LlmAnnotator;
import dev.annotator.llm.LlmListener;
import dev.annotator.llm.OpenAiCompatible;
import dev.annotator.llm.cost.Budget;
import dev.annotator.llm.cost.PriceTable;
import dev.annotator.llm.prompt.DemonstrationSelector;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/** Settings of the LLM annotator, for commands that ask an LLM ({@code annotate --annotator llm}). */
final class LlmOptions {
    /** OpenAI's API, the default {@code --base-url}. */
    static final String OPENAI_BASE_URL = "https://api.openai.com/v1";
    /** Sampling temperature of {@code --confidence sc:N}. */
    static final double SELF_CONSISTENCY_TEMPERATURE = 0.7;

    @Option(names = "--base-url", description = "OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 (default: OpenAI's).")
    String baseUrl;

    @Option(names = "--model", description = "Model name, e.g. gpt-4o-mini (required by --annotator llm).")
    String model;

    @Option(names = "--api-key-env", defaultValue = "OPENAI_API_KEY",
            description = "Environment variable holding the API key (default: ${DEFAULT-VALUE}); may be unset for a"
                    + " --base-url that needs no key.")
    String apiKeyEnv;

    @Option(names = "--budget-calls", description = "Stop before making more than this many LLM calls (retries count).")
    Long budgetCalls;

    @Option(names = "--budget-usd", description = "Stop before spending more than this many US dollars (needs --prices"
            + " for the model).")
    BigDecimal budgetUsd;

    @Option(names = "--concurrency", defaultValue = "4", description = "LLM requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--prices", description = "USD per million input/output tokens, e.g. gpt-4o-mini=0.15/0.60"
            + " (comma-separated for several models).")
    String prices;

    @Option(names = "--requests-per-second", defaultValue = "0", description = "Most requests started per second; 0 for"
            + " no limit (default: ${DEFAULT-VALUE}).")
    double requestsPerSecond;

    @Option(names = "--demonstrations", defaultValue = "0", description = "Show the k nearest labelled 'dev' rows (under"
            + " the in-process all-MiniLM-L6-v2) as examples in each prompt; 0 for none (default: ${DEFAULT-VALUE}).")
    int demonstrations;

    @Option(names = "--confidence", description = "logprobs (token log-probabilities), sc:N (vote over N answers at"
            + " temperature 0.7) or none (default: logprobs, none for multi-label tasks).")
    String confidence;

    @Option(names = "--timeout-seconds", defaultValue = "60", description = "How long one call may take before it is"
            + " retried (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--plan", paramLabel = "N", description = "Print the prompts of N sample rows and the expected cost"
            + " of the run, then stop without calling the LLM.")
    Integer plan;

    /** Rejects values no LLM run could use, naming the option. */
    void validate() {
        if (budgetCalls != null && budgetCalls < 1) {
            throw new IllegalArgumentException("--budget-calls must be positive: " + budgetCalls);
        }
        if (budgetUsd != null && budgetUsd.signum() <= 0) {
            throw new IllegalArgumentException("--budget-usd must be positive: " + budgetUsd);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1: " + concurrency);
        }
        if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("--requests-per-second must be a finite number >= 0: " + requestsPerSecond);
        }
        if (demonstrations < 0) {
            throw new IllegalArgumentException("--demonstrations must be >= 0: " + demonstrations);
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout-seconds must be positive: " + timeoutSeconds);
        }
        if (plan != null && plan < 0) {
            throw new IllegalArgumentException("--plan must be >= 0: " + plan);
        }
    }

    /** @return whether any option that only the LLM annotator uses was given */
    boolean anyLlmOnlyOption() {
        return baseUrl != null || model != null || budgetCalls != null || budgetUsd != null || prices != null
                || requestsPerSecond != 0 || demonstrations != 0 || confidence != null || plan != null;
    }

    /**
     * Parses {@code --confidence}.
     *
     * @param task the task (multi-label tasks default to none)
     * @return the setting
     */
    Confidence confidence(Task task) {
        if (confidence == null) {
            return task.isMultiLabel() ? Confidence.none() : Confidence.logprobs();
        }
        String c = confidence.strip().toLowerCase(Locale.ROOT);
        if (c.equals("logprobs")) {
            return Confidence.logprobs();
        }
        if (c.equals("none")) {
            return Confidence.none();
        }
        if (c.startsWith("sc:")) {
            try {
                int n = Integer.parseInt(c.substring(3));
                if (n >= 2) {
                    return Confidence.selfConsistency(n, SELF_CONSISTENCY_TEMPERATURE);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("--confidence must be logprobs, none or sc:N with N >= 2 samples: " + confidence);
    }

    /**
     * Builds the LLM annotator these options describe.
     *
     * @param task the task
     * @param data the data file's rows (the {@code dev} rows are the demonstration pool)
     * @param dataFile the data file, for messages
     * @param store where paid answers and annotations go
     * @param listener progress events
     * @param env reads environment variables
     * @return the annotator, which the caller closes
     * @throws IllegalArgumentException naming the option that is missing or wrong
     */
    LlmAnnotator build(Task task, Dataset data, Path dataFile, AnnotationStore store, LlmListener listener,
            UnaryOperator<String> env) {
        validate();
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("--annotator llm needs --model (e.g. --model gpt-4o-mini)");
        }
        String url = baseUrl == null ? OPENAI_BASE_URL : baseUrl;
        String key = env.apply(apiKeyEnv);
        if ((key == null || key.isBlank()) && url.startsWith(OPENAI_BASE_URL) && plan == null) {
            throw new IllegalArgumentException("--annotator llm on " + OPENAI_BASE_URL + " needs an API key: environment"
                    + " variable " + apiKeyEnv + " (--api-key-env) is not set");
        }
        Budget budget = Budget.UNLIMITED;
        if (budgetCalls != null) {
            budget = budget.withMaxCalls(budgetCalls);
        }
        if (budgetUsd != null) {
            budget = budget.withMaxUsd(budgetUsd.doubleValue());
        }
        PriceTable table;
        try {
            table = prices == null ? PriceTable.empty() : PriceTable.parse(prices);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--prices: " + e.getMessage(), e);
        }
        if (budgetUsd != null && table.price(model).isEmpty()) {
            throw new IllegalArgumentException("--budget-usd needs the price of model '" + model + "' in --prices (e.g. --prices "
                    + model + "=0.15/0.60, USD per million input/output tokens); listed: " + table.prices().keySet());
        }
        Confidence conf = confidence(task);
        if (conf.method() == Confidence.Method.LOGPROBS && task.isMultiLabel()) {
            throw new IllegalArgumentException("--confidence logprobs works for single-label tasks only; task '" + task.name()
                    + "' is multi-label: use sc:N or none");
        }
        LlmAnnotator.Builder b = LlmAnnotator.builder()
                .chatModel(OpenAiCompatible.chatModel(url, model, key, Duration.ofSeconds(timeoutSeconds)))
                .modelName(model).task(task).store(store).confidence(conf).budget(budget).prices(table)
                .concurrency(concurrency).requestsPerSecond(requestsPerSecond).listener(listener);
        if (demonstrations > 0) {
            List<LabelledExample> gold = data.split(Split.DEV).stream().filter(LabelledExample::isLabelled).toList();
            if (gold.isEmpty()) {
                throw new IllegalArgumentException("--demonstrations needs labelled rows in split 'dev' of " + dataFile);
            }
            b.demonstrations(DemonstrationSelector.nearest(gold, demonstrations, AnnotatorSetup.miniLm()));
        }
        return b.build();
    }
}
