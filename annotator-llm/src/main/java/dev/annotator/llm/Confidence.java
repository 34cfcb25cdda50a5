package dev.annotator.llm;

/**
 * How an {@link LlmAnnotator} measures its confidence in a label.
 *
 * @param method the method
 * @param samples answers drawn per text: 1 except for {@link Method#SELF_CONSISTENCY}
 * @param temperature sampling temperature sent with every request
 * @param topLogprobs alternatives requested per token for {@link Method#LOGPROBS}; 0 otherwise
 */
public record Confidence(Method method, int samples, double temperature, int topLogprobs) {

    /** Where a confidence comes from. */
    public enum Method {
        /**
         * Token log-probabilities returned by the provider (OpenAI-compatible APIs with
         * {@code logprobs}); single-label tasks only.
         */
        LOGPROBS,
        /** Vote shares over several answers sampled at a temperature above zero (Pangakis and Wolken). */
        SELF_CONSISTENCY,
        /** Not measured: the one answer's label gets score 1 and confidence 1. */
        NONE
    }

    /**
     * Validates the settings.
     *
     * @param method the method
     * @param samples answers per text
     * @param temperature sampling temperature
     * @param topLogprobs alternatives per token
     */
    public Confidence {
        java.util.Objects.requireNonNull(method, "method");
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be at least 1: " + samples);
        }
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("temperature must be in [0, 2]: " + temperature);
        }
        if (method == Method.SELF_CONSISTENCY && samples < 2) {
            throw new IllegalArgumentException("self-consistency needs at least 2 samples: " + samples);
        }
        if (method == Method.SELF_CONSISTENCY && temperature == 0) {
            throw new IllegalArgumentException("self-consistency needs a temperature above 0");
        }
        if (method != Method.SELF_CONSISTENCY && samples != 1) {
            throw new IllegalArgumentException(method + " draws one sample per text, not " + samples);
        }
        if (method == Method.LOGPROBS && (topLogprobs < 1 || topLogprobs > 20)) {
            throw new IllegalArgumentException("topLogprobs must be in [1, 20]: " + topLogprobs);
        }
        if (method != Method.LOGPROBS && topLogprobs != 0) {
            throw new IllegalArgumentException("topLogprobs is only used with LOGPROBS: " + topLogprobs);
        }
    }

    /**
     * One answer at temperature 0 with the provider's token log-probabilities (5 alternatives per
     * token). Providers that return none give {@link Method#NONE} answers.
     *
     * @return the setting
     */
    public static Confidence logprobs() {
        return new Confidence(Method.LOGPROBS, 1, 0, 5);
    }

    /**
     * @param samples answers per text; at least 2
     * @param temperature sampling temperature; above 0
     * @return self-consistency voting
     */
    public static Confidence selfConsistency(int samples, double temperature) {
        return new Confidence(Method.SELF_CONSISTENCY, samples, temperature, 0);
    }

    /** @return one answer at temperature 0, confidence not measured */
    public static Confidence none() {
        return new Confidence(Method.NONE, 1, 0, 0);
    }

    /** @return a short tag for annotator names: {@code logprobs}, {@code sc5}, {@code none} */
    public String tag() {
        return switch (method) {
            case LOGPROBS -> "logprobs";
            case SELF_CONSISTENCY -> "sc" + samples;
            case NONE -> "none";
        };
    }
}
