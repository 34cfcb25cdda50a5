package dev.annotator.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    private final Task task = Task.singleLabel("animals", "ant", "bird", "cat");

    private ConfusionMatrix sklearnExample() {
        // sklearn's confusion_matrix doc example:
        // y_true = [cat, ant, cat, cat, ant, bird], y_pred = [ant, ant, cat, cat, ant, cat]
        List<List<String>> gold = List.of("cat", "ant", "cat", "cat", "ant", "bird").stream().map(List::of)
                .collect(Collectors.toList());
        List<LabelDistribution> predicted = List.of("ant", "ant", "cat", "cat", "ant", "cat").stream()
                .map(l -> LabelDistribution.oneHot(task, l)).collect(Collectors.toList());
        return Evaluator.evaluate(task, gold, predicted).confusionMatrix();
    }

    @Test
    void should_count_gold_by_predicted_like_sklearn() {
        // when
        ConfusionMatrix cm = sklearnExample();

        // then: sklearn gives [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
        assertThat(cm.toArray()).isDeepEqualTo(new int[][] {{2, 0, 0}, {0, 0, 1}, {1, 0, 2}});
        assertThat(cm.count("cat", "ant")).isEqualTo(1);
        assertThat(cm.count("bird", "cat")).isEqualTo(1);
        assertThat(cm.count("bird", "bird")).isZero();
        assertThat(cm.goldTotal("cat")).isEqualTo(3);
        assertThat(cm.predictedTotal("ant")).isEqualTo(3);
        assertThat(cm.total()).isEqualTo(6);
        assertThat(cm.labels()).containsExactly("ant", "bird", "cat");
    }

    @Test
    void should_print_aligned_table() {
        // when
        String table = sklearnExample().toString();

        // then
        assertThat(table).isEqualTo(String.join("\n",
                "gold\\pred  ant  bird  cat",
                "ant          2     0    0",
                "bird         0     0    1",
                "cat          1     0    2"));
    }

    @Test
    void should_reject_unknown_label_and_keep_counts_immutable() {
        // given
        ConfusionMatrix cm = sklearnExample();

        // when
        cm.toArray()[0][0] = 99;

        // then
        assertThat(cm.count("ant", "ant")).isEqualTo(2);
        assertThat(cm).isEqualTo(sklearnExample()).hasSameHashCodeAs(sklearnExample());
        assertThatThrownBy(() -> cm.count("dog", "ant")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'dog'");
    }
}
