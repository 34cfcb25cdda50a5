package dev.annotator.llm;

import dev.annotator.llm.cost.Budget;
import dev.annotator.llm.prompt.Prompt;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What annotating a set of examples would ask and cost, computed before anything is spent: the
 * prompts of a sample, the number of calls (requests already answered in the store cost nothing),
 * and the expected and worst-case tokens and money of the first attempts (re-asks and retries come on
 * top).
 *
 * @param model the model name
 * @param examples how many examples
 * @param requests requests the run makes on its first attempts (batches times samples)
 * @param cachedRequests how many of them the store already answers
 * @param expectedInputTokens approximate input tokens of the calls to make
 * @param expectedOutputTokens approximate output tokens of the calls to make
 * @param expectedUsd approximate US dollars (0 when the price table does not list the model)
 * @param worstCaseTokens upper bound of tokens the budget reserves for those calls
 * @param worstCaseUsd upper bound of US dollars
 * @param budget the budget the run would be held to
 * @param samplePrompts the prompts of the first few requests
 */
public record AnnotationPlan(String model, int examples, long requests, long cachedRequests, long expectedInputTokens,
        long expectedOutputTokens, double expectedUsd, long worstCaseTokens, double worstCaseUsd, Budget budget,
        List<Prompt> samplePrompts) {

    /**
     * Copies the prompts.
     *
     * @param model the model
     * @param examples examples
     * @param requests requests
     * @param cachedRequests of which cached
     * @param expectedInputTokens expected input tokens
     * @param expectedOutputTokens expected output tokens
     * @param expectedUsd expected dollars
     * @param worstCaseTokens worst-case tokens
     * @param worstCaseUsd worst-case dollars
     * @param budget the budget
     * @param samplePrompts sample prompts
     */
    public AnnotationPlan {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(budget, "budget");
        samplePrompts = List.copyOf(samplePrompts);
    }

    /** @return the calls to make: requests not already in the store */
    public long calls() {
        return requests - cachedRequests;
    }

    /** @return a readable report: the sample prompts, then the totals */
    public String render() {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (Prompt p : samplePrompts) {
            sb.append("=== prompt ").append(++i).append(" of ").append(samplePrompts.size()).append(" ===\n").append(p.render());
        }
        sb.append(String.format(Locale.ROOT, "=== plan for model %s ===%n", model));
        sb.append(String.format(Locale.ROOT, "examples: %d, requests: %d (%d already stored), calls to make: %d%n",
                examples, requests, cachedRequests, calls()));
        sb.append(String.format(Locale.ROOT, "expected: %d input + %d output tokens, $%.4f%n", expectedInputTokens,
                expectedOutputTokens, expectedUsd));
        sb.append(String.format(Locale.ROOT, "worst case (first attempts): %d tokens, $%.4f%n", worstCaseTokens,
                worstCaseUsd));
        sb.append("budget: ").append(budget).append('\n');
        return sb.toString();
    }

    /**
     * Prints {@link #render()}.
     *
     * @param out where to print
     */
    public void print(PrintStream out) {
        out.print(render());
        out.flush();
    }
}
