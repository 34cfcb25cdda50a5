package dev.annotator.llm.span;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotator.core.data.Example;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanAnnotation;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.llm.OpenAiCompatible;
import dev.annotator.llm.RetryPolicy;
import dev.annotator.testing.FakeOpenAiServer;
import dev.annotator.testing.FakeOpenAiServer.Reply;
import dev.annotator.testing.FakeOpenAiServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The span annotator through langchain4j's OpenAiChatModel against a real HTTP server on 127.0.0.1. */
class SpanWireTest {
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2));

    @RegisterExtension
    final FakeOpenAiServerExtension openAi = FakeOpenAiServerExtension.create()
            .configure(s -> s.script(r -> r.userMessage().contains("Entity types:")
                    ? Reply.content("{\"entities\": [{\"span\": \"Bob\", \"type\": \"PER\"}]}") : null));

    FakeOpenAiServer server;

    @BeforeEach
    void start(FakeOpenAiServer running) {
        server = running;
    }

    @Test
    void should_annotate_spans_over_the_openai_wire_with_a_strict_schema_of_the_types() {
        server.enqueue(Reply.error(500));
        InMemoryAnnotationStore store = new InMemoryAnnotationStore();
        LlmSpanAnnotator.Builder b = LlmSpanAnnotator.builder()
                .chatModel(OpenAiCompatible.chatModel(server.baseUrl(), "fake-gpt", "test-key", Duration.ofSeconds(5)))
                .task(LlmSpanAnnotatorTest.NER).retryPolicy(FAST).store(store);
        try (LlmSpanAnnotator a = b.build()) {
            SpanAnnotation r = a.annotate(Example.of("w1", "Bob met Bob."));

            assertThat(r.spans()).containsExactly(Span.of(0, 3, "PER"), Span.of(8, 11, "PER"));
            assertThat(r.calls()).isEqualTo(2);
            JsonNode format = server.requests().get(1).request().json().path("response_format");
            assertThat(format.path("type").asText()).isEqualTo("json_schema");
            assertThat(format.path("json_schema").path("schema").path("properties").path("entities").path("items")
                    .path("properties").path("type").path("enum").toString()).isEqualTo("[\"PER\",\"LOC\"]");
        }
        server.clearLog();
        try (LlmSpanAnnotator a = b.build()) {
            assertThat(a.annotate(Example.of("w1", "Bob met Bob.")).cached()).isTrue();
        }
        assertThat(server.requestCount()).isZero();
    }
}
