package dev.annotator.llm.programs;

import dev.annotator.core.annotate.Cost;
import java.util.Objects;

/**
 * What one synthesized program cost.
 *
 * @param answers answers it used (the first and any repairs), paid for now or taken from the store: the
 *     LLM calls this program costs, whatever was cached
 * @param calls model calls made for it in this run, retries included; 0 when every answer it needed
 *     came from the store
 * @param cachedAnswers answers it took from the store instead of calling
 * @param billed tokens and money of the answers it used, as billed when they were paid for (also when
 *     they now came from the store)
 */
public record ProgramCost(int answers, int calls, int cachedAnswers, Cost billed) {
    /**
     * Validates.
     *
     * @param answers answers used; zero or more
     * @param calls model calls made in this run; zero or more
     * @param cachedAnswers answers from the store; zero or more
     * @param billed tokens and money of the answers used
     */
    public ProgramCost {
        if (answers < 0 || calls < 0 || cachedAnswers < 0) {
            throw new IllegalArgumentException("answers, calls and cachedAnswers must be >= 0: " + answers + ", " + calls + ", "
                    + cachedAnswers);
        }
        Objects.requireNonNull(billed, "billed");
    }
}
