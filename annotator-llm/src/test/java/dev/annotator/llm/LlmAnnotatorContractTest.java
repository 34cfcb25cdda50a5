package dev.annotator.llm;

import dev.annotator.core.annotate.Annotator;
import dev.annotator.llm.cost.Budget;
import dev.annotator.testing.AnnotatorContract;
import dev.annotator.testing.FakeOpenAiServerExtension;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LlmAnnotator} through the OpenAI wire format honours {@link AnnotatorContract}. */
class LlmAnnotatorContractTest extends AnnotatorContract {

    @RegisterExtension
    final FakeOpenAiServerExtension openAi = FakeOpenAiServerExtension.create()
            .configure(s -> s.keyword("loved", "positive").keyword("great", "positive").keyword("wonderful", "positive")
                    .keyword("brilliant", "positive").defaultLabel("negative"));

    private LlmAnnotator.Builder builder() {
        return LlmAnnotator.builder().chatModel(OpenAiCompatible.chatModel(openAi.baseUrl(), "fake-gpt", "key", Duration.ofSeconds(5)))
                .task(task()).retryPolicy(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(1)));
    }

    @Override
    protected Annotator annotator() {
        return builder().batchSize(2).concurrency(2).build();
    }

    @Override
    protected Optional<Budgeted> budgeted(int maxCalls) {
        return Optional.of(new Budgeted(builder().batchSize(1).concurrency(1).budget(Budget.UNLIMITED.withMaxCalls(maxCalls)).build(),
                () -> openAi.server().requestCount()));
    }
}
