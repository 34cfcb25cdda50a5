package dev.annotator.llm.programs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.llm.OpenAiCompatible;
import dev.annotator.llm.RetryPolicy;
import dev.annotator.testing.FakeOpenAiServer;
import dev.annotator.testing.FakeOpenAiServer.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The synthesizer through langchain4j's OpenAI client against a real HTTP server on 127.0.0.1. */
class ProgramSynthesizerWireTest {
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2));

    @Test
    void should_ask_in_json_mode_retry_a_500_repair_and_pay_nothing_on_rerun() {
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            // given: program 1 valid after a 500; program 2 invalid, then repaired
            server.script(r -> r.userMessage().contains("Write program 1.") && r.messageCount() == 2
                    ? Reply.content(ProgramSynthesizerTest.program("spam", "free prize")) : null);
            server.script(r -> r.userMessage().contains("Write program 2.")
                    ? Reply.content(r.messageCount() == 2 ? ProgramSynthesizerTest.BAD_LABEL
                            : ProgramSynthesizerTest.program("ham", "mailing list"))
                    : null);
            server.enqueue(Reply.error(500));
            InMemoryAnnotationStore store = new InMemoryAnnotationStore();
            ProgramSynthesizer.Builder b = ProgramSynthesizer.builder()
                    .chatModel(OpenAiCompatible.chatModel(server.baseUrl(), "fake-gpt", "key", Duration.ofSeconds(10)))
                    .task(ProgramSynthesizerTest.SPAM).store(store).goldPool(ProgramSynthesizerTest.pool())
                    .retryPolicy(FAST).concurrency(1).temperature(0.8);

            // when
            SynthesisResult r = b.build().synthesize(2);

            // then
            assertThat(r.accepted()).extracting(SynthesizedProgram::name).containsExactly("synth-01", "synth-02");
            assertThat(r.accepted().get(1).repaired()).isTrue();
            assertThat(server.requestCount()).isEqualTo(4);
            assertThat(r.calls()).isEqualTo(4);
            var body = server.requests().get(1).request().json();
            assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
            assertThat(body.path("temperature").asDouble()).isEqualTo(0.8);
            assertThat(body.path("model").asText()).isEqualTo("fake-gpt");

            // when: the same synthesis again, over the same store
            server.clearLog();
            SynthesisResult again = b.build().synthesize(2);

            // then
            assertThat(server.requestCount()).isZero();
            assertThat(again.calls()).isZero();
            assertThat(again.programs()).isEqualTo(r.programs());
        }
    }
}
