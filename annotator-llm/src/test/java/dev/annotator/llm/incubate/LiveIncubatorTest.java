package dev.annotator.llm.incubate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annotator.llm.OpenAiCompatible;
import dev.annotator.llm.cost.Budget;
import dev.annotator.testing.HashingTextEmbedder;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Against a real OpenAI-compatible endpoint; runs only when {@code ANNOTATOR_LLM_BASE_URL} is set
 * (optional {@code ANNOTATOR_LLM_API_KEY}, {@code ANNOTATOR_LLM_MODEL}, default {@code gpt-4o-mini}).
 */
@EnabledIfEnvironmentVariable(named = "ANNOTATOR_LLM_BASE_URL", matches = ".+")
class LiveIncubatorTest {

    DataIncubator incubator(int maxCalls) {
        String model = System.getenv().getOrDefault("ANNOTATOR_LLM_MODEL", "gpt-4o-mini");
        return DataIncubator.builder()
                .chatModel(OpenAiCompatible.chatModel(System.getenv("ANNOTATOR_LLM_BASE_URL"), model,
                        System.getenv("ANNOTATOR_LLM_API_KEY"), Duration.ofSeconds(60)))
                .embedder(new HashingTextEmbedder()).budget(Budget.UNLIMITED.withMaxCalls(maxCalls)).concurrency(2).build();
    }

    @Test
    void should_propose_labels_then_generate_a_few_examples_for_each() {
        try (DataIncubator inc = incubator(20)) {
            TaskProposal p = inc.proposeTask("topic", "Classify short text messages as about food or about movies.");
            assertThat(p.task().labelCount()).isBetween(2, 12);

            IncubationResult r = inc.incubate(DataIncubatorTest.TOPIC, 3, 2);

            assertThat(r.examples().get("food")).hasSizeBetween(1, 3);
            assertThat(r.examples().get("movies")).hasSizeBetween(1, 3);
            assertThat(r.validAnswers()).isGreaterThanOrEqualTo(3);
            assertThat(inc.ledger().spent().calls()).isLessThanOrEqualTo(20);
        }
    }
}
