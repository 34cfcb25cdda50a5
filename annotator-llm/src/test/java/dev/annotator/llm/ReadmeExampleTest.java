package dev.annotator.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.task.Task;
import dev.annotator.llm.cost.Budget;
import dev.annotator.llm.cost.PriceTable;
import dev.annotator.llm.prompt.DemonstrationSelector;
import dev.annotator.testing.FakeOpenAiServer;
import dev.annotator.testing.HashingTextEmbedder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "LLM annotator" example, against the fake server, so it cannot rot. */
class ReadmeExampleTest {

    @Test
    void should_run_the_readme_example() {
        Task task = Task.builder().name("sentiment").instruction("Is the review positive or negative?")
                .label("negative", "the reviewer disliked the product").label("positive", "the reviewer liked the product")
                .build();
        List<LabelledExample> goldPool = List.of(
                new LabelledExample(Example.of("g1", "loved it"), List.of("positive"), Split.DEV),
                new LabelledExample(Example.of("g2", "hated it"), List.of("negative"), Split.DEV));
        List<Example> examples = List.of(Example.of("1", "I loved this blender"), Example.of("2", "it broke, awful"));
        HashingTextEmbedder embedder = new HashingTextEmbedder();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (FakeOpenAiServer server = new FakeOpenAiServer().keyword("loved", "positive").defaultLabel("negative")) {
            try (AnnotationStore store = new InMemoryAnnotationStore();
                 LlmAnnotator llm = LlmAnnotator.builder()
                         .chatModel(OpenAiCompatible.chatModel(server.baseUrl(), "gpt-4o-mini", "key", Duration.ofSeconds(30)))
                         .task(task)
                         .demonstrations(DemonstrationSelector.nearest(goldPool, 5, embedder))
                         .confidence(Confidence.logprobs())
                         .store(store)
                         .prices(PriceTable.parse("gpt-4o-mini=0.15/0.60"))
                         .budget(Budget.UNLIMITED.withMaxUsd(2.00))
                         .concurrency(8).requestsPerSecond(5)
                         .build()) {
                llm.plan(examples, 2).print(out);
                List<Annotation> labels = llm.annotate(examples);
                out.println(llm.ledger().spent());

                assertThat(labels).extracting(Annotation::labels).containsExactly(List.of("positive"), List.of("negative"));
                assertThat(llm.ledger().spent().usd()).isPositive();
            }
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("hated it").contains("calls to make: 2")
                .contains("2 calls");
    }
}
