package dev.annotator.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class MultiLabelReportTest {
    private static final Offset<Double> EPS = within(1e-9);

    private final Task task = Task.builder().name("topics").multiLabel(true)
            .label("x", "").label("y", "").label("z", "").label("w", "").build();

    // gold sets: {x,y}, {x}, {z}, {}
    private final List<List<String>> gold = List.of(List.of("x", "y"), List.of("x"), List.of("z"), List.of());

    // scores x, y, z, w per example; at 0.5 the predicted sets are {x}, {x,y}, {}, {}
    private final List<LabelDistribution> predicted = List.of(
            LabelDistribution.of(task, new double[] {0.9, 0.2, 0.1, 0.0}),
            LabelDistribution.of(task, new double[] {0.8, 0.6, 0.0, 0.0}),
            LabelDistribution.of(task, new double[] {0.1, 0.1, 0.4, 0.0}),
            LabelDistribution.of(task, new double[] {0.0, 0.0, 0.0, 0.0}));

    @Test
    void should_distinguish_micro_from_macro_like_sklearn() {
        // when
        MultiLabelReport r = Evaluator.evaluateMultiLabel(task, gold, predicted);

        // then: x tp=2 -> F1 1; y tp=0 fp=1 fn=1 -> 0; z tp=0 fp=0 fn=1 -> P=0/0=0, F1 0; w never positive.
        // micro: tp=2 fp=1 fn=2 -> P=2/3, R=1/2, F1=4/7 (sklearn: 0.6667, 0.5, 0.5714)
        assertThat(r.microPrecision()).isCloseTo(2.0 / 3, EPS);
        assertThat(r.microRecall()).isCloseTo(0.5, EPS);
        assertThat(r.microF1()).isCloseTo(4.0 / 7, EPS);
        // macro over x, y, z (w is positive nowhere): 1/3 each (sklearn with labels=[x,y,z])
        assertThat(r.averagedLabels()).containsExactly("x", "y", "z");
        assertThat(r.macroPrecision()).isCloseTo(1.0 / 3, EPS);
        assertThat(r.macroRecall()).isCloseTo(1.0 / 3, EPS);
        assertThat(r.macroF1()).isCloseTo(1.0 / 3, EPS);
        assertThat(r.perLabel().get("x")).isEqualTo(new ClassMetrics(1, 1, 1, 2));
        assertThat(r.perLabel().get("y")).isEqualTo(new ClassMetrics(0, 0, 0, 1));
        assertThat(r.perLabel().get("z")).isEqualTo(new ClassMetrics(0, 0, 0, 1));
        assertThat(r.perLabel().get("w")).isEqualTo(new ClassMetrics(0, 0, 0, 0));
    }

    @Test
    void should_compute_subset_accuracy_and_hamming_loss() {
        // when
        MultiLabelReport r = Evaluator.evaluateMultiLabel(task, gold, predicted);

        // then: only the empty set is matched exactly -> 1/4; wrong decisions y@0, y@1, z@2 -> 3/16
        // (sklearn: accuracy_score 0.25, hamming_loss 0.1875)
        assertThat(r.subsetAccuracy()).isCloseTo(0.25, EPS);
        assertThat(r.hammingLoss()).isCloseTo(0.1875, EPS);
        assertThat(r.threshold()).hasValue(0.5);
        assertThat(r.size()).isEqualTo(4);
    }

    @Test
    void should_apply_configurable_threshold_inclusively() {
        // when: at 0.35, z (0.4) is now predicted for example 2; at 0.6, y (0.6) still counts for example 1
        MultiLabelReport low = Evaluator.evaluateMultiLabel(task, gold, predicted, 0.35);
        MultiLabelReport atY = Evaluator.evaluateMultiLabel(task, gold, predicted, 0.6);

        // then low: tp=3 fp=1 fn=1 -> micro 0.75; macro over x,y,z = (1+0+1)/3; subset 2/4; hamming 2/16
        assertThat(low.microF1()).isCloseTo(0.75, EPS);
        assertThat(low.macroF1()).isCloseTo(2.0 / 3, EPS);
        assertThat(low.subsetAccuracy()).isCloseTo(0.5, EPS);
        assertThat(low.hammingLoss()).isCloseTo(0.125, EPS);
        // a score equal to the threshold is positive: y is still a false positive at 0.6
        assertThat(atY.perLabel().get("y").precision()).isZero();
        assertThat(atY.microPrecision()).isCloseTo(2.0 / 3, EPS);
    }

    @Test
    void should_score_zero_without_any_positive_anywhere() {
        // given: nothing gold, nothing predicted
        List<LabelDistribution> none = List.of(LabelDistribution.of(task, new double[] {0.1, 0.1, 0.1, 0.1}));

        // when
        MultiLabelReport r = Evaluator.evaluateMultiLabel(task, List.of(List.of()), none);

        // then: all ratios 0/0 -> 0, but the prediction is exactly right
        assertThat(r.averagedLabels()).isEmpty();
        assertThat(r.microF1()).isZero();
        assertThat(r.macroF1()).isZero();
        assertThat(r.subsetAccuracy()).isEqualTo(1.0);
        assertThat(r.hammingLoss()).isZero();
    }

    @Test
    void should_evaluate_dataset_and_flatten_to_map() {
        // given: unlabelled rows mean "no label applies" for a multi-label dataset
        Dataset ds = Dataset.of(task, List.of(
                new LabelledExample(Example.of("1", "a"), List.of("x", "y"), Split.DEV),
                new LabelledExample(Example.of("2", "b"), List.of("x"), Split.DEV),
                new LabelledExample(Example.of("3", "c"), List.of("z"), Split.DEV),
                new LabelledExample(Example.of("4", "d"), List.of(), Split.DEV)));

        // when
        MultiLabelReport r = Evaluator.evaluateMultiLabel(ds, predicted);
        Map<String, Object> m = r.toMap();

        // then
        assertThat(r.microF1()).isCloseTo(4.0 / 7, EPS);
        assertThat(m).containsEntry("examples", 4).containsEntry("threshold", 0.5).containsEntry("subset_accuracy", 0.25)
                .containsEntry("label.x.f1", 1.0).containsEntry("label.w.support", 0)
                .containsKeys("micro_f1", "macro_f1", "hamming_loss", "micro_precision", "macro_recall");
    }
}
