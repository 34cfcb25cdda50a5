package dev.annotator.llm.cost;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Estimates how many input tokens a prompt bills, before it is sent. The {@link CostLedger} reserves
 * with an upper bound so that budgets hold; plans use an approximation for the expected cost.
 */
@FunctionalInterface
public interface TokenEstimator {

    /**
     * @param messageTexts the texts of the prompt's messages
     * @return the estimated number of input tokens
     */
    long inputTokens(List<String> messageTexts);

    /**
     * An upper bound for byte-level BPE tokenizers (every token covers at least one UTF-8 byte): the
     * UTF-8 length of every message, plus 8 tokens per message and 8 for the reply priming. Loose
     * (often 3–4 times the real count), so a budget may stop a little early, never late.
     *
     * @return the estimator
     */
    static TokenEstimator upperBound() {
        return texts -> {
            long n = 8;
            for (String t : texts) {
                n += t.getBytes(StandardCharsets.UTF_8).length + 8L;
            }
            return n;
        };
    }

    /**
     * The usual rule of thumb for English: one token per four characters, plus 4 per message.
     *
     * @return the estimator
     */
    static TokenEstimator approximate() {
        return texts -> {
            long n = 3;
            for (String t : texts) {
                n += (t.length() + 3) / 4 + 4L;
            }
            return n;
        };
    }
}
