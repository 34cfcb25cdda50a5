package dev.annotator.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.data.Split;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.task.Label;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanAndRelationMetricsTest {
    private static final double EPS = 1e-12;
    private static final Task NER = Task.builder().name("ner").kind(TaskKind.SPAN).label("PER", "").label("LOC", "").build();
    private static final Task REL = Task.builder().name("rel").kind(TaskKind.RELATION)
            .label(Label.relation("A", "", "{e1} a {e2}")).label("B", "").label("no_relation", "").build();

    @Test
    void should_score_spans_by_exact_match_with_a_per_type_breakdown() {
        // given: a wrong type and a wrong boundary each count as a false positive and a false negative
        List<List<Span>> gold = List.of(
                List.of(Span.of(0, 3, "PER"), Span.of(8, 11, "PER"), Span.of(15, 19, "LOC")),
                List.of(Span.of(0, 4, "LOC")));
        List<List<Span>> predicted = List.of(
                List.of(Span.of(0, 3, "PER"), Span.of(8, 11, "LOC"), Span.of(15, 19, "LOC"), Span.of(0, 3, "PER")),
                List.of(Span.of(0, 3, "LOC"), Span.of(5, 8, "PER")));

        // when
        SpanReport r = SpanMetrics.evaluate(NER, gold, predicted);

        // then: tp=2, fp=3, fn=2 (the repeated span counts once)
        assertThat(r.truePositives()).isEqualTo(2);
        assertThat(r.falsePositives()).isEqualTo(3);
        assertThat(r.falseNegatives()).isEqualTo(2);
        assertThat(r.precision()).isCloseTo(2 / 5.0, within(EPS));
        assertThat(r.recall()).isCloseTo(0.5, within(EPS));
        assertThat(r.f1()).isCloseTo(4 / 9.0, within(EPS));
        assertThat(r.micro().support()).isEqualTo(4);
        assertThat(r.perType().keySet()).containsExactly("PER", "LOC");
        assertThat(r.perType().get("PER")).isEqualTo(new ClassMetrics(0.5, 0.5, 0.5, 2));
        assertThat(r.perType().get("LOC").precision()).isCloseTo(1 / 3.0, within(EPS));
        assertThat(r.perType().get("LOC").recall()).isCloseTo(0.5, within(EPS));
        assertThat(r.perType().get("LOC").f1()).isCloseTo(0.4, within(EPS));
    }

    @Test
    void should_score_perfect_and_empty_predictions() {
        // given
        List<SpanExample> gold = List.of(SpanExample.of("1", "Ann", List.of(Span.of(0, 3, "PER")), Split.TEST),
                SpanExample.of("2", "none", List.of(), Split.TEST));

        // when
        SpanReport perfect = SpanMetrics.evaluate(NER, SpanMetrics.goldSpans(gold), SpanMetrics.goldSpans(gold));
        SpanReport nothing = SpanMetrics.evaluate(NER, SpanMetrics.goldSpans(gold), List.of(List.of(), List.of()));

        // then
        assertThat(perfect.f1()).isEqualTo(1.0);
        assertThat(perfect.perType().get("LOC")).isEqualTo(new ClassMetrics(0, 0, 0, 0));
        assertThat(nothing.precision()).isZero();
        assertThat(nothing.recall()).isZero();
        assertThat(nothing.f1()).isZero();
    }

    @Test
    void should_reject_bad_span_metric_input() {
        assertThatThrownBy(() -> SpanMetrics.evaluate(NER, List.of(List.of()), List.of()))
                .hasMessageContaining("gold has 1 texts but predicted has 0");
        assertThatThrownBy(() -> SpanMetrics.evaluate(NER, List.of(List.of()), List.of(List.of(Span.of(0, 1, "ORG")))))
                .hasMessageContaining("predicted span [0, 1) ORG of text 0");
        assertThatThrownBy(() -> SpanMetrics.evaluate(REL, List.of(List.of()), List.of(List.of())))
                .hasMessageContaining("need a SPAN task");
    }

    @Test
    void should_count_a_wrong_relation_as_fp_and_fn_in_the_standard_way() {
        // when
        RelationReport r = RelationMetrics.standard(REL, List.of("A", "A", "B", "no_relation", "no_relation", "B"),
                List.of("A", "B", "no_relation", "A", "no_relation", "B"));

        // then
        assertThat(r.variant()).isEqualTo(RelationMetrics.Variant.STANDARD);
        assertThat(r.truePositives()).isEqualTo(2);
        assertThat(r.falsePositives()).isEqualTo(2);
        assertThat(r.falseNegatives()).isEqualTo(2);
        assertThat(r.precision()).isCloseTo(0.5, within(EPS));
        assertThat(r.recall()).isCloseTo(0.5, within(EPS));
        assertThat(r.f1()).isCloseTo(0.5, within(EPS));
        assertThat(r.accuracy()).isCloseTo(0.5, within(EPS));
        assertThat(r.perRelation().keySet()).containsExactly("A", "B");
        // A: tp 1 (idx 0), fp 1 (idx 3), fn 1 (idx 1); B: tp 1 (idx 5), fp 1 (idx 1), fn 1 (idx 2)
        assertThat(r.perRelation().get("A")).isEqualTo(new ClassMetrics(0.5, 0.5, 0.5, 2));
        assertThat(r.perRelation().get("B")).isEqualTo(new ClassMetrics(0.5, 0.5, 0.5, 2));
    }

    @Test
    void should_count_a_wrong_relation_as_fp_only_in_the_llmaaa_variant() {
        // when
        RelationReport r = RelationMetrics.llmaaaVariant(REL, List.of("A", "A", "B", "no_relation", "no_relation", "B"),
                List.of("A", "B", "no_relation", "A", "no_relation", "B"));

        // then
        assertThat(r.variant()).isEqualTo(RelationMetrics.Variant.LLMAAA);
        assertThat(r.truePositives()).isEqualTo(2);
        assertThat(r.falsePositives()).isEqualTo(2);
        assertThat(r.falseNegatives()).isEqualTo(1);
        assertThat(r.precision()).isCloseTo(0.5, within(EPS));
        assertThat(r.recall()).isCloseTo(2 / 3.0, within(EPS));
        assertThat(r.f1()).isCloseTo(4 / 7.0, within(EPS));
        assertThat(r.accuracy()).isCloseTo(0.5, within(EPS));
    }

    @Test
    void should_agree_when_no_positive_is_confused_with_another() {
        // given: errors only against the negative
        List<String> gold = List.of("A", "no_relation", "B", "B");
        List<String> predicted = List.of("no_relation", "A", "B", "B");

        // then
        assertThat(RelationMetrics.llmaaaVariant(REL, gold, predicted).f1())
                .isEqualTo(RelationMetrics.standard(REL, gold, predicted).f1());
    }

    @Test
    void should_take_another_negative_label_and_reject_bad_input() {
        // given
        Task semeval = Task.builder().name("semeval").kind(TaskKind.RELATION).label("Cause-Effect", "").label("Other", "").build();

        // when
        RelationReport r = RelationMetrics.standard(semeval, "Other", List.of("Other", "Cause-Effect"), List.of("Other", "Other"));

        // then
        assertThat(r.recall()).isZero();
        assertThat(r.accuracy()).isEqualTo(0.5);
        assertThatThrownBy(() -> RelationMetrics.standard(semeval, List.of("Other"), List.of("Other")))
                .hasMessageContaining("negative label 'no_relation' is not a label");
        assertThatThrownBy(() -> RelationMetrics.standard(REL, List.of("A"), List.of("C")))
                .hasMessageContaining("predicted label 'C' of instance 0");
        assertThatThrownBy(() -> RelationMetrics.standard(NER, List.of("PER"), List.of("PER"))).hasMessageContaining("is SPAN");
        assertThatThrownBy(() -> RelationMetrics.standard(REL, List.of(), List.of())).hasMessageContaining("nothing to evaluate");
    }
}
