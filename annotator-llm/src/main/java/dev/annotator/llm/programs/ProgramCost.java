package dev.annotator.llm.programs;

import dev.annotator.core.annotate.Cost;
import java.util.Objects;

/**
 * What one synthesized program cost.
 *
 * @param calls model calls made for it in this run, retries included; 0 when every answer it needed
 *     came from the store
 * @param cachedAnswers answers it took from the store instead of calling
 * @param billed tokens and money of the answers it used, as billed when they were paid for (also when
 *     they now came from the store)
 */
public record ProgramCost(int calls, int cachedAnswers, Cost billed) {
    /**
     * Validates.
     *
     * @param calls model calls made in this run; zero or more
     * @param cachedAnswers answers from the store; zero or more
     * @param billed tokens and money of the answers used
     */
    public ProgramCost {
        if (calls < 0 || cachedAnswers < 0) {
            throw new IllegalArgumentException("calls and cachedAnswers must be >= 0: " + calls + ", " + cachedAnswers);
        }
        Objects.requireNonNull(billed, "billed");
    }
}
