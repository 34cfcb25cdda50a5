package dev.annotator.llm.http;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Duration;

/**
 * Builds langchain4j {@link HttpClient}s on {@code java.net.http} that throw an
 * {@link HttpStatusException} (with the response headers) on an error status. Pass it to a provider,
 * e.g. {@code OpenAiChatModel.builder().httpClientBuilder(new HeaderKeepingHttpClientBuilder())}.
 * Streaming and multipart requests are handed to langchain4j's default client. Not thread-safe; the
 * clients it builds are.
 */
public final class HeaderKeepingHttpClientBuilder implements HttpClientBuilder {
    private Duration connectTimeout;
    private Duration readTimeout;

    /** Creates a builder with no timeouts set (the provider usually sets them). */
    public HeaderKeepingHttpClientBuilder() {
    }

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public HeaderKeepingHttpClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public HeaderKeepingHttpClientBuilder readTimeout(Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    @Override
    public HttpClient build() {
        return new HeaderKeepingHttpClient(connectTimeout, readTimeout);
    }
}
