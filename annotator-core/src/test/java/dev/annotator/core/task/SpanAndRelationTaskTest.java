package dev.annotator.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.io.DatasetReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanAndRelationTaskTest {
    private static final Task NER = Task.builder().name("ner").kind(TaskKind.SPAN)
            .instruction("Mark every proper name.")
            .label("PER", "a person").label("LOC", "a place").build();
    private static final Task KIN = Task.builder().name("kin").kind(TaskKind.RELATION)
            .label(Label.relation("parent", "e2 is a parent of e1", "{e1}'s parent is {e2}"))
            .label("no_relation", "no relation between the two").build();

    @Test
    void should_round_trip_span_and_relation_tasks_through_json() {
        // when / then
        assertThat(TaskJson.read(TaskJson.write(NER))).isEqualTo(NER);
        Task kin = TaskJson.read(TaskJson.write(KIN));
        assertThat(kin).isEqualTo(KIN);
        assertThat(kin.labels().get(0).verbalizer()).isEqualTo("{e1}'s parent is {e2}");
    }

    @Test
    void should_write_classification_task_json_as_before() {
        // given
        Task t = Task.singleLabel("s", "a", "b");

        // when
        String json = TaskJson.write(t);

        // then: no verbalizer field when there is none
        assertThat(json).isEqualTo("{\"name\":\"s\",\"instruction\":\"\",\"kind\":\"SINGLE_LABEL\",\"labels\":"
                + "[{\"name\":\"a\",\"description\":\"\"},{\"name\":\"b\",\"description\":\"\"}]}");
    }

    @Test
    void should_name_an_unknown_kind_in_task_json() {
        assertThatThrownBy(() -> TaskJson.read("{\"name\":\"x\",\"kind\":\"TREE\",\"labels\":[]}"))
                .isInstanceOf(NonRetriableAnnotatorException.class).hasMessageContaining("unknown kind 'TREE'");
    }

    @Test
    void should_reject_task_json_with_a_bad_verbalizer() {
        assertThatThrownBy(() -> TaskJson.read("{\"name\":\"r\",\"kind\":\"RELATION\",\"labels\":[{\"name\":\"a\","
                + "\"verbalizer\":\"{e1} only\"},{\"name\":\"no_relation\"}]}"))
                .isInstanceOf(NonRetriableAnnotatorException.class).hasMessageContaining("not a valid task")
                .hasMessageContaining("{e2}");
    }

    @Test
    void should_verbalize_relation_labels() {
        // when / then
        assertThat(KIN.labels().get(0).verbalize("Ann", "Bob")).contains("Ann's parent is Bob");
        assertThat(KIN.labels().get(1).verbalize("Ann", "Bob")).isEmpty();
        assertThat(Label.relation("r", "", "{e1} {e2}").verbalize("{e2}", "x")).contains("{e2} x");
    }

    @Test
    void should_reject_a_verbalizer_without_both_placeholders() {
        assertThatThrownBy(() -> Label.relation("parent", "", "{e1} has a parent"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{e2}");
    }

    @Test
    void should_reject_verbalizers_outside_relation_tasks() {
        assertThatThrownBy(() -> Task.builder().name("t").kind(TaskKind.SINGLE_LABEL)
                .label(Label.relation("a", "", "{e1} a {e2}")).label("b", "").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only relation labels");
    }

    @Test
    void should_need_two_labels_for_a_relation_task_and_one_for_a_span_task() {
        assertThatThrownBy(() -> Task.builder().name("r").kind(TaskKind.RELATION).label("parent", "").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least two labels");
        assertThat(Task.builder().name("n").kind(TaskKind.SPAN).label("NAME", "").build().isSpan()).isTrue();
    }

    @Test
    void should_reject_span_tasks_in_classification_code() {
        assertThatThrownBy(() -> LabelDistribution.of(NER, new double[] {0.5, 0.5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task 'ner' is a SPAN task");
        assertThatThrownBy(() -> LabelDistribution.oneHot(NER, "PER")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dataset.of(NER, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a Dataset needs a classification task");
        assertThatThrownBy(() -> DatasetReader.jsonl().build().read(new StringReader("{\"text\":\"x\"}"), "x.jsonl", NER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SpanDatasetReader");
    }

    @Test
    void should_treat_relation_distributions_as_single_label() {
        // when
        LabelDistribution d = LabelDistribution.oneHot(KIN, "parent");

        // then
        assertThat(KIN.isMultiLabel()).isFalse();
        assertThat(d.chosen()).containsExactly("parent");
        assertThatThrownBy(() -> LabelDistribution.of(KIN, new double[] {0.9, 0.9}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to 1");
    }
}
