package dev.annotator.core.annotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.data.Example;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsistencyAnnotatorTest {
    private static final Task TASK = Task.singleLabel("toy", "neg", "pos");

    /** Answers from a script: text -> label, or "?" to abstain. */
    record Scripted(String name, Map<String, String> answers) implements Annotator {
        @Override
        public Task task() {
            return TASK;
        }

        @Override
        public List<Annotation> annotate(List<Example> examples) {
            return examples.stream().map(e -> {
                String l = answers.get(e.text());
                return l.equals("?") ? Annotation.abstained(e.id(), "unparseable", name, new Cost(10, 1, 0.01))
                        : Annotation.labelled(e.id(), LabelDistribution.oneHot(TASK, l), 1.0, name, new Cost(10, 1, 0.01));
            }).toList();
        }
    }

    @Test
    void should_take_the_majority_with_agreement_as_confidence_and_sum_the_costs() {
        // given three samples that disagree on "b" and abstain once on "c"
        ConsistencyAnnotator a = ConsistencyAnnotator.of(3, i -> new Scripted("llm", Map.of(
                "a", "pos", "b", i == 0 ? "neg" : "pos", "c", i == 2 ? "?" : "neg", "d", "?")));

        // when
        List<Annotation> out = a.annotate(List.of(Example.of("1", "a"), Example.of("2", "b"), Example.of("3", "c"),
                Example.of("4", "d")));

        // then
        assertThat(a.name()).isEqualTo("consistency3:llm");
        assertThat(out).extracting(Annotation::source).containsOnly("consistency3:llm");
        assertThat(out.get(0).labels()).containsExactly("pos");
        assertThat(out.get(0).confidence()).isEqualTo(1.0);
        assertThat(out.get(1).labels()).containsExactly("pos");
        assertThat(out.get(1).confidence()).isEqualTo(2.0 / 3);
        assertThat(out.get(1).distribution().orElseThrow().get("pos")).isEqualTo(2.0 / 3);
        assertThat(out.get(2).labels()).containsExactly("neg");
        assertThat(out.get(2).confidence()).isEqualTo(2.0 / 3);
        assertThat(out.get(2).distribution().orElseThrow().get("neg")).isEqualTo(1.0);
        assertThat(out.get(3).isAbstention()).isTrue();
        assertThat(out.get(3).abstentionReason().orElseThrow()).contains("all 3 samples abstained").contains("unparseable");
        assertThat(out.get(1).cost()).isEqualTo(new Cost(30, 3, 0.03));
    }

    @Test
    void should_reject_fewer_than_two_samples_and_mixed_tasks() {
        assertThatThrownBy(() -> ConsistencyAnnotator.of(1, i -> new Scripted("x", Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 samples: 1");
        Annotator other = new Annotator() {
            @Override
            public Task task() {
                return Task.singleLabel("other", "x", "y");
            }

            @Override
            public String name() {
                return "other";
            }

            @Override
            public List<Annotation> annotate(List<Example> examples) {
                return List.of();
            }
        };
        assertThatThrownBy(() -> ConsistencyAnnotator.of(List.of(new Scripted("x", Map.of()), other)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'other'");
    }
}
