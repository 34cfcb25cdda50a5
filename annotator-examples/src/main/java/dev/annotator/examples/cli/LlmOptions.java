package dev.annotator.examples.cli;

import java.math.BigDecimal;
import picocli.CommandLine.Option;

/** Settings of the LLM annotator, for commands that ask an LLM ({@code annotate --annotator llm}). */
final class LlmOptions {
    @Option(names = "--base-url", description = "OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 (default: OpenAI's).")
    String baseUrl;

    @Option(names = "--model", description = "Model name, e.g. gpt-4o-mini.")
    String model;

    @Option(names = "--api-key-env", defaultValue = "OPENAI_API_KEY",
            description = "Environment variable holding the API key (default: ${DEFAULT-VALUE}).")
    String apiKeyEnv;

    @Option(names = "--budget-calls", description = "Stop before making more than this many LLM calls.")
    Long budgetCalls;

    @Option(names = "--budget-usd", description = "Stop before spending more than this many US dollars.")
    BigDecimal budgetUsd;

    @Option(names = "--concurrency", defaultValue = "4", description = "LLM requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    /** Rejects values no LLM run could use, naming the option. */
    void validate() {
        if (budgetCalls != null && budgetCalls < 0) {
            throw new IllegalArgumentException("--budget-calls must be >= 0: " + budgetCalls);
        }
        if (budgetUsd != null && budgetUsd.signum() < 0) {
            throw new IllegalArgumentException("--budget-usd must be >= 0: " + budgetUsd);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1: " + concurrency);
        }
    }
}
