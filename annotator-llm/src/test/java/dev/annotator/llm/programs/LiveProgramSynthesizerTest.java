package dev.annotator.llm.programs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annotator.core.task.Task;
import dev.annotator.llm.OpenAiCompatible;
import dev.annotator.llm.cost.Budget;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Against a real OpenAI-compatible endpoint; runs only when {@code ANNOTATOR_LLM_BASE_URL} is set
 * (optional {@code ANNOTATOR_LLM_API_KEY}, {@code ANNOTATOR_LLM_MODEL}, default {@code gpt-4o-mini}).
 */
@EnabledIfEnvironmentVariable(named = "ANNOTATOR_LLM_BASE_URL", matches = ".+")
class LiveProgramSynthesizerTest {

    @Test
    void should_write_programs_that_label_obvious_texts() {
        String model = System.getenv().getOrDefault("ANNOTATOR_LLM_MODEL", "gpt-4o-mini");
        Task task = Task.builder().name("sentiment").instruction("What is the sentiment of the product review?")
                .label("negative", "the reviewer disliked the product").label("positive", "the reviewer liked the product")
                .build();
        SynthesisResult r = ProgramSynthesizer.builder()
                .chatModel(OpenAiCompatible.chatModel(System.getenv("ANNOTATOR_LLM_BASE_URL"), model,
                        System.getenv("ANNOTATOR_LLM_API_KEY"), Duration.ofSeconds(120)))
                .task(task).budget(Budget.UNLIMITED.withMaxCalls(4)).concurrency(2).build().synthesize(2);

        assertThat(r.accepted()).isNotEmpty();
        assertThat(r.calls()).isBetween(2L, 4L);
        long right = r.programs().stream()
                .filter(p -> p.apply("Terrible, it broke after one day. Awful product, waste of money.").label()
                        .map("negative"::equals).orElse(true))
                .count();
        assertThat(right).isEqualTo(r.programs().size());
    }
}
