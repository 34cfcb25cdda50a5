package dev.annotator.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.data.Example;
import dev.annotator.testing.AnnotatorContract;
import dev.annotator.testing.FakeOpenAiServer;
import dev.annotator.testing.FakeOpenAiServer.Fault;
import dev.annotator.testing.FakeOpenAiServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link LlmAnnotator} still honours {@link AnnotatorContract} when a third of the server's answers are
 * faults (seeded): 500s, dropped connections, broken JSON and labels outside the task are retried,
 * re-asked, or turned into abstentions with a reason, never into an exception or a label outside the
 * task. Timeouts and rate limits join them in one test only, as each costs from a few hundred
 * milliseconds to a second.
 */
class LlmAnnotatorUnderFaultsContractTest extends AnnotatorContract {

    @RegisterExtension
    final FakeOpenAiServerExtension openAi = FakeOpenAiServerExtension.create()
            .configure(s -> s.keyword("loved", "positive").keyword("great", "positive").defaultLabel("negative")
                    .timeoutDelay(Duration.ofMillis(900))
                    .faults(0.35, 11, Fault.SERVER_ERROR, Fault.DROP, Fault.BROKEN_JSON, Fault.OUT_OF_SET_LABEL));

    @Override
    protected Annotator annotator() {
        return LlmAnnotator.builder().task(task()).batchSize(1).concurrency(1).maxReasks(1)
                .chatModel(OpenAiCompatible.chatModel(openAi.baseUrl(), "fake-gpt", "key", Duration.ofMillis(600)))
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(2), Duration.ofMillis(10), Duration.ofMillis(50))).build();
    }

    @Test
    void should_meet_every_kind_of_fault_and_still_answer_or_abstain_with_a_reason(FakeOpenAiServer server) {
        List<Example> many = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            many.add(Example.of("m" + i, (i % 2 == 0 ? "loved it, take " : "meh, take ") + i));
        }
        server.faults(0.35, 11, Fault.values());
        try (Annotator annotator = annotator()) {
            List<Annotation> out = annotator.annotate(many);

            assertThat(out).extracting(Annotation::exampleId).containsExactlyElementsOf(many.stream().map(Example::id).toList());
            assertThat(out).allSatisfy(a -> assertThat(a.isAbstention() ? a.abstentionReason().orElse("") : a.labels().get(0))
                    .isNotBlank().isNotEqualTo(FakeOpenAiServer.OUT_OF_SET_LABEL));
            assertThat(out).filteredOn(a -> !a.isAbstention()).isNotEmpty();
            assertThat(server.requestCount()).as("faults were retried or re-asked").isGreaterThan(many.size());
        }
    }
}
