package dev.annotator.llm;

import dev.annotator.llm.http.HeaderKeepingHttpClientBuilder;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds a langchain4j {@link OpenAiChatModel} for any OpenAI-compatible endpoint (OpenAI, vLLM,
 * llama.cpp, Ollama's {@code /v1}, LM Studio, ...) the way the {@link LlmAnnotator} needs it:
 * langchain4j's own retries off (the annotator retries, honouring {@code Retry-After}), a request
 * timeout, strict JSON schemas (constrained decoding where the server supports it), and an HTTP client
 * that keeps the headers of error responses. The completion limit is sent as {@code max_tokens}; for
 * models that only accept {@code max_completion_tokens}, build the {@code OpenAiChatModel} yourself.
 */
public final class OpenAiCompatible {
    private OpenAiCompatible() {
    }

    /**
     * @param baseUrl the API base URL, e.g. {@code https://api.openai.com/v1} or
     *     {@code http://localhost:8000/v1}
     * @param modelName the model, e.g. {@code gpt-4o-mini}
     * @param apiKey the API key; blank for servers that need none
     * @param timeout how long one call may take before it fails (and is retried)
     * @return the model
     * @throws IllegalArgumentException naming the parameter that is blank or not positive
     */
    public static OpenAiChatModel chatModel(String baseUrl, String modelName, String apiKey, Duration timeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(timeout, "timeout");
        if (baseUrl.isBlank()) {
            throw new IllegalArgumentException("baseUrl must not be blank");
        }
        if (modelName.isBlank()) {
            throw new IllegalArgumentException("modelName must not be blank");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return OpenAiChatModel.builder()
                .baseUrl(baseUrl)
                .modelName(modelName)
                .apiKey(apiKey == null || apiKey.isBlank() ? "none" : apiKey)
                .timeout(timeout)
                .maxRetries(0)
                .strictJsonSchema(true)
                .httpClientBuilder(new HeaderKeepingHttpClientBuilder())
                .build();
    }
}
