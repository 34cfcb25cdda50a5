package dev.annotator.core.eval;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorValidationTest {
    private final Task task = Task.singleLabel("sentiment", "pos", "neg");
    private final Task ml = Task.builder().name("topics").multiLabel(true).label("x", "").label("y", "").build();
    private final LabelDistribution pos = LabelDistribution.oneHot(task, "pos");

    @Test
    void should_reject_mismatched_sizes() {
        assertThatThrownBy(() -> Evaluator.evaluate(task, List.of(List.of("pos"), List.of("neg")), List.of(pos)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("gold has 2 rows but predicted has 1");
        assertThatThrownBy(() -> Evaluator.evaluateAnnotations(task, List.of(List.of("pos")), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("gold has 1 rows but annotations has 0");
    }

    @Test
    void should_reject_empty_input() {
        assertThatThrownBy(() -> Evaluator.evaluate(task, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing to evaluate");
        assertThatThrownBy(() -> Evaluator.evaluateMultiLabel(ml, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing to evaluate");
    }

    @Test
    void should_reject_unknown_gold_label_naming_row_and_label() {
        assertThatThrownBy(() -> Evaluator.evaluate(task, List.of(List.of("pos"), List.of("meh")), List.of(pos, pos)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gold row 1")
                .hasMessageContaining("'meh'").hasMessageContaining("[pos, neg]");
        assertThatThrownBy(() -> Evaluator.evaluateMultiLabel(ml, List.of(List.of("z")),
                List.of(LabelDistribution.of(ml, new double[] {0, 0})))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'z'");
    }

    @Test
    void should_reject_single_label_gold_rows_without_exactly_one_label() {
        assertThatThrownBy(() -> Evaluator.evaluate(task, List.of(List.of()), List.of(pos)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gold row 0 has 0 labels");
        assertThatThrownBy(() -> Evaluator.evaluate(task, List.of(List.of("pos", "neg")), List.of(pos)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gold row 0 has 2 labels");
    }

    @Test
    void should_reject_repeated_multi_label_gold_label() {
        assertThatThrownBy(() -> Evaluator.evaluateMultiLabel(ml, List.of(List.of("x", "x")),
                List.of(LabelDistribution.of(ml, new double[] {0, 0})))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repeats label 'x'");
    }

    @Test
    void should_reject_task_of_the_wrong_kind() {
        LabelDistribution mlPrediction = LabelDistribution.of(ml, new double[] {1, 0});
        assertThatThrownBy(() -> Evaluator.evaluate(ml, List.of(List.of("x")), List.of(mlPrediction)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multi-label")
                .hasMessageContaining("evaluateMultiLabel");
        assertThatThrownBy(() -> Evaluator.evaluateMultiLabel(task, List.of(List.of("pos")), List.of(pos)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("single-label");
    }

    @Test
    void should_reject_prediction_over_another_task() {
        Task other = Task.singleLabel("other", "pos", "neg");
        LabelDistribution foreign = LabelDistribution.oneHot(other, "pos");
        assertThatThrownBy(() -> Evaluator.evaluate(task, List.of(List.of("pos")), List.of(foreign)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prediction 0")
                .hasMessageContaining("other");
        Annotation a = Annotation.labelled("e1", foreign, 1.0, "llm:x", Cost.FREE);
        assertThatThrownBy(() -> Evaluator.evaluateAnnotations(task, List.of(List.of("pos")), List.of(a)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'e1'");
    }

    @Test
    void should_reject_bad_threshold_and_bin_count() {
        LabelDistribution p = LabelDistribution.of(ml, new double[] {1, 0});
        assertThatThrownBy(() -> Evaluator.evaluateMultiLabel(ml, List.of(List.of("x")), List.of(p), 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
        assertThatThrownBy(() -> Evaluator.evaluateMultiLabel(ml, List.of(List.of("x")), List.of(p), Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
        ClassificationReport r = Evaluator.evaluate(task, List.of(List.of("pos")), List.of(pos));
        assertThatThrownBy(() -> r.expectedCalibrationError(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bins");
    }
}
