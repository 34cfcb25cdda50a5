package dev.annotator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.task.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptedAnnotatorTest {
    private static final Task TASK = Fixtures.sentimentTask();

    @Test
    void should_answer_from_the_map_then_the_function_and_abstain_otherwise() {
        ScriptedAnnotator a = ScriptedAnnotator.builder(TASK).answers(Map.of("nice", "positive"))
                .answerBy(e -> e.text().startsWith("bad") ? List.of("negative") : List.of()).build();

        List<Annotation> out = a.annotate(Fixtures.examples("nice", "bad day", "meh"));

        assertThat(out.get(0).labels()).containsExactly("positive");
        assertThat(out.get(1).labels()).containsExactly("negative");
        assertThat(out.get(2).abstentionReason()).hasValue("no scripted answer for example 'e2'");
        assertThat(out).allSatisfy(x -> assertThat(x.source()).isEqualTo("scripted"));
    }

    @Test
    void should_abstain_rather_than_give_a_label_outside_the_task() {
        ScriptedAnnotator a = ScriptedAnnotator.builder(TASK).answer("x", "neutral").build();

        assertThat(a.annotate(Example.of("1", "x")).abstentionReason())
                .hasValue("scripted label 'neutral' is not a label of task 'tiny-sentiment'");
    }

    @Test
    void should_flip_about_the_noise_rate_the_same_way_for_the_same_seed() {
        List<LabelledExample> rows = Fixtures.sentimentData().rows();
        List<Example> examples = rows.stream().map(LabelledExample::example).toList();
        ScriptedAnnotator.Builder b = ScriptedAnnotator.builder(TASK)
                .answerBy(e -> rows.stream().filter(r -> r.id().equals(e.id())).findFirst().orElseThrow().labels());

        List<Annotation> first = b.noise(0.5, 9).build().annotate(examples);
        List<Annotation> again = b.noise(0.5, 9).build().annotate(examples);
        List<Annotation> clean = b.noise(0, 9).build().annotate(examples);

        assertThat(again).extracting(Annotation::labels).isEqualTo(first.stream().map(Annotation::labels).toList());
        long flipped = 0;
        for (int i = 0; i < rows.size(); i++) {
            assertThat(clean.get(i).labels()).isEqualTo(rows.get(i).labels());
            if (!first.get(i).labels().equals(rows.get(i).labels())) {
                flipped++;
            }
        }
        assertThat(flipped).isBetween(2L, 10L);
        assertThat(first.get(0).confidence()).isEqualTo(0.5);
        assertThat(first.get(0).source()).isEqualTo("scripted:noise=0.5,seed=9");
    }

    @Test
    void should_refuse_a_batch_past_its_budget_before_answering_any_of_it() {
        ScriptedAnnotator a = ScriptedAnnotator.builder(TASK).answerBy(e -> List.of("positive")).maxAnswers(3).build();
        a.annotate(Fixtures.examples("a", "b"));

        assertThatThrownBy(() -> a.annotate(Fixtures.examples("c", "d"))).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessage("annotator scripted has a budget of 3 answers; 2 given, a batch of 2 would exceed it");
        assertThat(a.answersGiven()).isEqualTo(2);
        assertThat(a.annotate(Fixtures.examples("c"))).hasSize(1);
    }

    @Test
    void should_reject_bad_settings() {
        assertThatThrownBy(() -> ScriptedAnnotator.builder(TASK).noise(1, 1)).hasMessage("noise rate must be in [0, 1): 1.0");
        assertThatThrownBy(() -> ScriptedAnnotator.builder(TASK).maxAnswers(-3)).hasMessage("maxAnswers must be positive: -3");
        assertThatThrownBy(() -> ScriptedAnnotator.builder(TASK).build().annotate(List.of(Example.of("a", "x"), Example.of("a", "y"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_build_datasets_with_splits_and_generated_ids() {
        var data = Fixtures.dataset(TASK).train("good", "positive").dev("bad", "negative").test("fine", "positive")
                .unlabelled("who knows").build();

        assertThat(data.rows()).extracting(LabelledExample::id).containsExactly("r0", "r1", "r2", "r3");
        assertThat(data.split(Split.TRAIN)).extracting(LabelledExample::text).containsExactly("good", "who knows");
        assertThat(data.split(Split.DEV)).singleElement().satisfies(r -> assertThat(r.labels()).containsExactly("negative"));
        assertThat(Fixtures.sentimentData().split(Split.TEST)).hasSize(4);
        assertThatThrownBy(() -> Fixtures.dataset(TASK).train("x", "neutral").build()).isInstanceOf(IllegalArgumentException.class);
    }
}
