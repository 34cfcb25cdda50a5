package dev.annotator.llm.incubate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.llm.OpenAiCompatible;
import dev.annotator.llm.RetryPolicy;
import dev.annotator.testing.FakeOpenAiServer;
import dev.annotator.testing.FakeOpenAiServer.Reply;
import dev.annotator.testing.FakeOpenAiServerExtension;
import dev.annotator.testing.HashingTextEmbedder;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The incubator through langchain4j's OpenAiChatModel against a real HTTP server on 127.0.0.1. */
class IncubatorWireTest {
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2));

    @RegisterExtension
    final FakeOpenAiServerExtension openAi = FakeOpenAiServerExtension.create()
            .configure(s -> s.script(r -> r.userMessage().contains("Request ")
                    ? Reply.content(Generated.answer(Generated.nonce(r.userMessage()))) : null));

    FakeOpenAiServer server;

    @BeforeEach
    void start(FakeOpenAiServer running) {
        server = running;
    }

    DataIncubator.Builder incubator() {
        return DataIncubator.builder()
                .chatModel(OpenAiCompatible.chatModel(server.baseUrl(), "fake-gpt", "test-key", Duration.ofSeconds(5)))
                .embedder(new HashingTextEmbedder()).retryPolicy(FAST).concurrency(1);
    }

    @Test
    void should_generate_through_the_openai_wire_format_with_a_strict_schema_of_the_labels() {
        // given: a server error (retried), a malformed answer and a wrong key set before the scripted answers
        server.enqueue(Reply.error(500), Reply.content("{\"food\": \"unterminated"),
                Reply.content("{\"food\": \"a\", \"cinema\": \"b\"}"));
        InMemoryAnnotationStore store = new InMemoryAnnotationStore();
        try (DataIncubator inc = incubator().store(store).build()) {
            // when
            IncubationResult r = inc.incubate(DataIncubatorTest.TOPIC, 3, 2);

            // then
            JsonNode body = server.requests().get(0).request().json();
            assertThat(body.path("model").asText()).isEqualTo("fake-gpt");
            assertThat(body.path("temperature").asDouble()).isEqualTo(1.0);
            JsonNode format = body.path("response_format");
            assertThat(format.path("type").asText()).isEqualTo("json_schema");
            assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
            assertThat(format.path("json_schema").path("schema").path("required").toString())
                    .isEqualTo("[\"food\",\"movies\"]");
            Set<String> bodies = new HashSet<>();
            server.requests().forEach(q -> bodies.add(q.request().userMessage()));
            assertThat(server.requestCount()).isEqualTo(9);
            assertThat(bodies).as("the retried request is the same; all others differ").hasSize(8);
            assertThat(r.requests()).isEqualTo(8);
            assertThat(r.calls()).isEqualTo(9);
            assertThat(r.rejected()).containsExactlyInAnyOrderEntriesOf(Map.of("not valid JSON", 1, "wrong keys", 1));
            assertThat(r.examples().get("food")).hasSize(3);
            assertThat(r.examples().get("movies")).hasSize(3);
            assertThat(r.spent().inputTokens()).isPositive();
        }

        // a rerun with the same store makes no HTTP call
        server.clearLog();
        try (DataIncubator inc = incubator().store(store).build()) {
            IncubationResult again = inc.incubate(DataIncubatorTest.TOPIC, 3, 2);
            assertThat(again.calls()).isZero();
            assertThat(again.kept()).isEqualTo(6);
        }
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void should_propose_labels_through_the_wire_format() {
        server.enqueue(Reply.content("{\"labels\": [{\"name\": \"food\", \"description\": \"about eating\"}, "
                + "{\"name\": \"movies\", \"description\": \"about films\"}]}"));
        try (DataIncubator inc = incubator().build()) {
            TaskProposal p = inc.proposeTask("topic", "Classify messages as about food or movies.");

            assertThat(p.task().labelNames()).containsExactly("food", "movies");
            JsonNode body = server.requests().get(0).request().json();
            assertThat(body.path("response_format").path("json_schema").path("name").asText()).isEqualTo("label_proposal");
            assertThat(body.path("temperature").asDouble()).isEqualTo(0.0);
        }
    }
}
