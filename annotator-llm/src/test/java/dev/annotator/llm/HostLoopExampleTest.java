package dev.annotator.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.pipeline.ActiveAnnotationLoop;
import dev.annotator.core.pipeline.LoopResult;
import dev.annotator.core.pipeline.LoopSchedule;
import dev.annotator.core.select.SampleSelector;
import dev.annotator.core.select.SelectionContext;
import dev.annotator.core.weigh.LabelWeigher;
import dev.annotator.testing.FakeOpenAiServerExtension;
import dev.annotator.testing.Fixtures;
import dev.annotator.testing.NaiveBayesStudentTrainer;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's host-application example (section "Testing your application"), compiled and run. */
class HostLoopExampleTest {

    // README example: begin
    @RegisterExtension
    FakeOpenAiServerExtension openAi = FakeOpenAiServerExtension.create()
            .configure(s -> s.keyword("love", "positive").keyword("great", "positive").defaultLabel("negative"));

    @Test
    void my_selector_picks_the_shortest_texts_first() {
        SampleSelector shortestFirst = new SampleSelector() {                  // the host's own strategy
            @Override public List<Example> select(SelectionContext context) {
                return context.candidates().stream().sorted(Comparator.comparingInt((Example e) -> e.text().length())
                        .thenComparing(Example::id)).limit(context.batchSize()).toList();
            }
            @Override public String name() {
                return "shortest-first";
            }
        };
        Dataset data = Fixtures.sentimentData();
        List<Example> pool = data.split(Split.TRAIN).stream().map(LabelledExample::example).toList();
        try (LlmAnnotator llm = LlmAnnotator.builder().task(data.task())
                .chatModel(OpenAiCompatible.chatModel(openAi.baseUrl(), "fake-gpt", "key", Duration.ofSeconds(5))).build();
             LoopResult result = ActiveAnnotationLoop.builder().task(data.task()).pool(pool).dev(data.split(Split.TEST))
                     .annotator(llm).selector(shortestFirst).weigher(LabelWeigher.uniform())
                     .trainer(new NaiveBayesStudentTrainer(1)).schedule(LoopSchedule.of(2, 2, 2)).seed(1).build().run()) {
            assertThat(result.annotations()).hasSize(6);
            assertThat(openAi.server().textsAsked()).containsExactlyInAnyOrder("great film, loved it", "i loved every minute",
                    "i hated every minute", "terrible film, hated it", "excellent, would watch again", "awful acting and a boring story");
        }
    }
    // README example: end
}
