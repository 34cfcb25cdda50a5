package dev.annotator.llm.internal;

import java.util.List;

/**
 * A model answer as stored: its text, finish reason, billed usage and token log-probabilities.
 *
 * @param text the answer text; empty when the model returned none
 * @param finishReason why generation stopped, or empty when unknown
 * @param inputTokens billed prompt tokens, or -1 when the provider did not say
 * @param outputTokens billed completion tokens, or -1 when the provider did not say
 * @param logprobs one entry per generated token; empty when the provider returned none
 */
public record RawAnswer(String text, String finishReason, long inputTokens, long outputTokens, List<TokenLogprob> logprobs) {
    /**
     * Copies the lists.
     *
     * @param text the answer text
     * @param finishReason why generation stopped
     * @param inputTokens billed prompt tokens or -1
     * @param outputTokens billed completion tokens or -1
     * @param logprobs per-token log-probabilities
     */
    public RawAnswer {
        text = text == null ? "" : text;
        finishReason = finishReason == null ? "" : finishReason;
        logprobs = List.copyOf(logprobs);
    }

    /**
     * One generated token with its log-probability and the most likely alternatives.
     *
     * @param token the token text
     * @param logprob its natural-log probability
     * @param top the most likely tokens at this position (usually including this one)
     */
    public record TokenLogprob(String token, double logprob, List<TokenLogprob> top) {
        /**
         * Copies the alternatives.
         *
         * @param token the token text
         * @param logprob its log-probability
         * @param top the alternatives
         */
        public TokenLogprob {
            top = List.copyOf(top);
        }
    }
}
