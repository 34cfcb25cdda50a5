package dev.annotator.llm.http;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpClientBuilderLoader;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The client {@link HeaderKeepingHttpClientBuilder} builds. Thread-safe. */
final class HeaderKeepingHttpClient implements HttpClient {
    private final java.net.http.HttpClient delegate;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private volatile HttpClient fallback;

    HeaderKeepingHttpClient(Duration connectTimeout, Duration readTimeout) {
        java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1);
        if (connectTimeout != null) {
            b.connectTimeout(connectTimeout);
        }
        this.delegate = b.build();
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            return fallback().execute(request);
        }
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder().uri(URI.create(request.url()));
        request.headers().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        java.net.http.HttpRequest.BodyPublisher body = request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8);
        b.method(request.method().name(), body);
        if (readTimeout != null) {
            b.timeout(readTimeout);
        }
        try {
            HttpResponse<byte[]> response = delegate.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            String text = new String(response.body(), StandardCharsets.UTF_8);
            if (response.statusCode() < 200 || response.statusCode() >= 300) {
                throw new HttpStatusException(response.statusCode(), text, response.headers().map());
            }
            return SuccessfulHttpResponse.builder().statusCode(response.statusCode())
                    .headers(response.headers().map()).body(text).build();
        } catch (HttpTimeoutException e) {
            throw new TimeoutException("no answer from " + request.url() + " within " + readTimeout, e);
        } catch (IOException e) {
            throw new UncheckedIOException("calling " + request.url() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + request.url(), e);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        fallback().execute(request, parser, listener);
    }

    private HttpClient fallback() {
        HttpClient f = fallback;
        if (f == null) {
            synchronized (this) {
                if (fallback == null) {
                    HttpClientBuilder b = HttpClientBuilderLoader.loadHttpClientBuilder();
                    if (connectTimeout != null) {
                        b.connectTimeout(connectTimeout);
                    }
                    if (readTimeout != null) {
                        b.readTimeout(readTimeout);
                    }
                    fallback = b.build();
                }
                f = fallback;
            }
        }
        return f;
    }
}
