package dev.annotator.core.annotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoisyOracleAnnotatorTest {
    private static final Task TASK = Task.singleLabel("topic", "a", "b", "c");

    private static List<LabelledExample> gold(int n) {
        List<LabelledExample> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new LabelledExample(Example.of("e" + i, "text " + i), List.of(TASK.labelNames().get(i % 3)), Split.TRAIN));
        }
        return rows;
    }

    private static List<Example> texts(List<LabelledExample> rows) {
        return rows.stream().map(LabelledExample::example).toList();
    }

    @Test
    void should_answer_gold_when_nothing_is_flipped() {
        List<LabelledExample> rows = gold(30);
        NoisyOracleAnnotator oracle = NoisyOracleAnnotator.builder(TASK).gold(rows).seed(1).build();

        List<Annotation> answers = oracle.annotate(texts(rows));

        for (int i = 0; i < rows.size(); i++) {
            assertThat(answers.get(i).labels()).isEqualTo(rows.get(i).labels());
            assertThat(answers.get(i).confidence()).isEqualTo(1.0);
            assertThat(answers.get(i).source()).isEqualTo("oracle:flip=0,seed=1");
        }
    }

    @Test
    void should_flip_about_the_given_fraction_to_other_labels_uniformly() {
        List<LabelledExample> rows = gold(3000);
        NoisyOracleAnnotator oracle = NoisyOracleAnnotator.builder(TASK).gold(rows).flipRate(0.3).seed(7).build();

        List<Annotation> answers = oracle.annotate(texts(rows));

        int flipped = 0;
        Map<String, Integer> flippedTo = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            String answer = answers.get(i).labels().get(0);
            if (!answer.equals(rows.get(i).labels().get(0))) {
                flipped++;
                flippedTo.merge(rows.get(i).labels().get(0) + ">" + answer, 1, Integer::sum);
            }
        }
        assertThat(flipped / 3000.0).isBetween(0.27, 0.33);
        assertThat(flippedTo).hasSize(6).allSatisfy((k, v) -> assertThat(v).isBetween(110, 190));
        assertThat(oracle.name()).isEqualTo("oracle:flip=0.3,seed=7");
        assertThat(answers.get(0).confidence()).isEqualTo(0.7);
    }

    @Test
    void should_answer_each_id_the_same_whatever_the_batch_and_order() {
        List<LabelledExample> rows = gold(200);
        NoisyOracleAnnotator oracle = NoisyOracleAnnotator.builder(TASK).gold(rows).flipRate(0.5).seed(3).build();
        List<Example> reversed = new ArrayList<>(texts(rows));
        Collections.reverse(reversed);

        List<Annotation> forward = oracle.annotate(texts(rows));
        List<Annotation> backward = oracle.annotate(reversed);

        for (int i = 0; i < rows.size(); i++) {
            assertThat(backward.get(rows.size() - 1 - i).labels()).isEqualTo(forward.get(i).labels());
            assertThat(oracle.annotate(texts(rows).get(i)).labels()).isEqualTo(forward.get(i).labels());
        }
        NoisyOracleAnnotator otherSeed = NoisyOracleAnnotator.builder(TASK).gold(rows).flipRate(0.5).seed(4).build();
        assertThat(otherSeed.annotate(texts(rows)).stream().map(Annotation::labels).toList())
                .isNotEqualTo(forward.stream().map(Annotation::labels).toList());
    }

    @Test
    void should_abstain_without_gold_and_charge_its_price() {
        NoisyOracleAnnotator oracle = NoisyOracleAnnotator.builder(TASK).gold(gold(3)).seed(1)
                .costPerAnswer(new Cost(5, 1, 0.01)).build();

        Annotation a = oracle.annotate(Example.of("unknown", "no gold here"));

        assertThat(a.isAbstention()).isTrue();
        assertThat(a.abstentionReason()).hasValue("no gold label for example 'unknown'");
        assertThat(a.cost().usd()).isEqualTo(0.01);
    }

    @Test
    void should_flip_multi_label_memberships() {
        Task multi = Task.builder().name("tags").label("x", "x").label("y", "y").multiLabel(true).build();
        NoisyOracleAnnotator oracle = NoisyOracleAnnotator.builder(multi).gold("e1", List.of("x")).seed(2).flipRate(0.0).build();

        assertThat(oracle.annotate(Example.of("e1", "t")).labels()).containsExactly("x");
    }

    @Test
    void should_reject_bad_settings() {
        assertThatThrownBy(() -> NoisyOracleAnnotator.builder(TASK).flipRate(1.0)).hasMessage("flipRate must be in [0, 1): 1.0");
        assertThatThrownBy(() -> NoisyOracleAnnotator.builder(TASK).gold(gold(2)).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("noisy oracle needs an explicit seed");
        assertThatThrownBy(() -> NoisyOracleAnnotator.builder(TASK).gold("e", List.of("zzz")))
                .hasMessageContaining("gold label 'zzz' of example 'e' is not a label of task 'topic'");
        NoisyOracleAnnotator oracle = NoisyOracleAnnotator.builder(TASK).gold(gold(2)).seed(1).build();
        assertThatThrownBy(() -> oracle.annotate(List.of(Example.of("e0", "a"), Example.of("e0", "a"))))
                .hasMessageContaining("example id 'e0' repeats");
    }
}
