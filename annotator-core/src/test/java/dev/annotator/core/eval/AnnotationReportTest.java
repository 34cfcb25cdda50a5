package dev.annotator.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Cost;
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

class AnnotationReportTest {
    private static final Offset<Double> EPS = within(1e-9);
    private static final String LLM = "llm:test";

    private final Task task = Task.singleLabel("sentiment", "pos", "neg");

    private Annotation answer(String id, double pPos) {
        LabelDistribution d = LabelDistribution.of(task, new double[] {pPos, 1 - pPos});
        return Annotation.labelled(id, d, d.max(), LLM, Cost.FREE);
    }

    private static Annotation abstain(String id) {
        return Annotation.abstained(id, "answer 'maybe' is not a label", LLM, Cost.FREE);
    }

    private final List<List<String>> gold = List.of(List.of("pos"), List.of("neg"), List.of("pos"), List.of("neg"));

    @Test
    void should_count_abstentions_separately_and_score_the_rest() {
        // given: right (pos 0.9), abstained, right (pos 0.8), wrong (pos 0.6 on a neg)
        List<Annotation> annotations = List.of(answer("1", 0.9), abstain("2"), answer("3", 0.8), answer("4", 0.6));

        // when
        AnnotationReport<ClassificationReport> r = Evaluator.evaluateAnnotations(task, gold, annotations);

        // then: coverage 3/4; accuracy over the 3 answered = 2/3
        assertThat(r.total()).isEqualTo(4);
        assertThat(r.answered()).isEqualTo(3);
        assertThat(r.abstained()).isEqualTo(1);
        assertThat(r.coverage()).isCloseTo(0.75, EPS);
        ClassificationReport m = r.metrics().orElseThrow();
        assertThat(m.size()).isEqualTo(3);
        assertThat(m.accuracy()).isCloseTo(2.0 / 3, EPS);
        assertThat(m.confusionMatrix().count("neg", "pos")).isEqualTo(1);
        assertThat(m.confusionMatrix().total()).isEqualTo(3);
    }

    @Test
    void should_have_no_metrics_when_everything_abstained() {
        // when
        AnnotationReport<ClassificationReport> r = Evaluator.evaluateAnnotations(task, gold.subList(0, 2),
                List.of(abstain("1"), abstain("2")));

        // then
        assertThat(r.coverage()).isZero();
        assertThat(r.metrics()).isEmpty();
        assertThat(r.toMap()).containsOnlyKeys("total", "answered", "abstained", "coverage");
    }

    @Test
    void should_use_chosen_label_and_annotation_confidence() {
        // given: a one-hot distribution with a stated confidence of 0.7, and a chosen label that is not the argmax
        LabelDistribution oneHotPos = LabelDistribution.oneHot(task, "pos");
        Annotation stated = Annotation.labelled("1", oneHotPos, 0.7, LLM, Cost.FREE);
        LabelDistribution leaningPos = LabelDistribution.of(task, new double[] {0.6, 0.4});
        Annotation overridden = Annotation.labelled("2", leaningPos, List.of("neg"), 0.7, LLM, Cost.FREE);

        // when
        ClassificationReport m = Evaluator.evaluateAnnotations(task, List.of(List.of("pos"), List.of("neg")),
                List.of(stated, overridden)).metrics().orElseThrow();

        // then: both right (the second by its chosen label); both at confidence 0.7 -> ECE |1 - 0.7| = 0.3
        assertThat(m.accuracy()).isEqualTo(1.0);
        assertThat(m.expectedCalibrationError()).isCloseTo(0.3, EPS);
        // log-loss from the distributions: -(ln 1 + ln 0.4) / 2
        assertThat(m.logLoss()).isCloseTo(-Math.log(0.4) / 2, EPS);
    }

    @Test
    void should_match_annotations_to_dataset_rows_by_id() {
        // given: annotations in another order than the rows
        Dataset ds = Dataset.of(task, List.of(
                new LabelledExample(Example.of("a", "great"), List.of("pos"), Split.DEV),
                new LabelledExample(Example.of("b", "awful"), List.of("neg"), Split.DEV),
                new LabelledExample(Example.of("c", "meh"), List.of("neg"), Split.DEV)));
        List<Annotation> annotations = List.of(abstain("c"), answer("b", 0.2), answer("a", 0.9));

        // when
        AnnotationReport<ClassificationReport> r = Evaluator.evaluateAnnotations(ds, annotations);

        // then
        assertThat(r.coverage()).isCloseTo(2.0 / 3, EPS);
        assertThat(r.metrics().orElseThrow().accuracy()).isEqualTo(1.0);
        Map<String, Object> m = r.toMap();
        assertThat(m).containsEntry("total", 3).containsEntry("abstained", 1).containsEntry("examples", 2)
                .containsEntry("accuracy", 1.0);
    }

    @Test
    void should_reject_missing_duplicate_and_unknown_annotation_ids() {
        // given
        Dataset ds = Dataset.of(task, List.of(
                new LabelledExample(Example.of("a", "great"), List.of("pos"), Split.DEV),
                new LabelledExample(Example.of("b", "awful"), List.of("neg"), Split.DEV)));

        // when / then
        assertThatThrownBy(() -> Evaluator.evaluateAnnotations(ds, List.of(answer("a", 0.9))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no annotation for example 'b'");
        assertThatThrownBy(() -> Evaluator.evaluateAnnotations(ds, List.of(answer("a", 0.9), answer("a", 0.8), answer("b", 0.1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than one annotation for example 'a'");
        assertThatThrownBy(() -> Evaluator.evaluateAnnotations(ds, List.of(answer("a", 0.9), answer("b", 0.1), answer("zz", 0.1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[zz]");
    }

    @Test
    void should_score_multi_label_annotations_by_their_chosen_labels() {
        // given: gold {x,y}, {x}, {}; answers {x} (scores say x,y at 0.5 but the annotator chose only x), abstain, {y}
        Task ml = Task.builder().name("topics").multiLabel(true).label("x", "").label("y", "").build();
        LabelDistribution both = LabelDistribution.of(ml, new double[] {0.9, 0.6});
        List<Annotation> annotations = List.of(
                Annotation.labelled("1", both, List.of("x"), 0.9, LLM, Cost.FREE),
                abstain("2"),
                Annotation.labelled("3", LabelDistribution.ofLabels(ml, java.util.Set.of("y")), 0.8, LLM, Cost.FREE));

        // when
        AnnotationReport<MultiLabelReport> r = Evaluator.evaluateMultiLabelAnnotations(ml,
                List.of(List.of("x", "y"), List.of("x"), List.of()), annotations);

        // then: over examples 1 and 3: x tp=1; y fn=1 (ex 1) fp=1 (ex 3) -> micro tp=1 fp=1 fn=1 -> 0.5
        MultiLabelReport m = r.metrics().orElseThrow();
        assertThat(r.coverage()).isCloseTo(2.0 / 3, EPS);
        assertThat(m.size()).isEqualTo(2);
        assertThat(m.threshold()).isEmpty();
        assertThat(m.microF1()).isCloseTo(0.5, EPS);
        assertThat(m.macroF1()).isCloseTo(0.5, EPS);
        assertThat(m.subsetAccuracy()).isZero();
        assertThat(m.hammingLoss()).isCloseTo(0.5, EPS);
        assertThat(r.toMap()).doesNotContainKey("threshold");
    }
}
