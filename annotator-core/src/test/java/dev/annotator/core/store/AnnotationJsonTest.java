package dev.annotator.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnotationJsonTest {
    static final Task TASK = Task.singleLabel("sentiment", "negative", "neutral", "positive");
    static final Task MULTI = Task.builder().name("topics").multiLabel(true).label("sports", "").label("money", "").build();

    @Test
    void should_write_scores_by_label_name_and_read_them_back_exactly() throws Exception {
        // given
        Annotation a = Annotation.labelled("r1", LabelDistribution.of(TASK, new double[] {0.1, 0.2, 0.7}), 0.7, "knn:k=5",
                new Cost(11, 3, 1.0 / 3));

        // when
        String json = AnnotationJson.write(a);
        Annotation back = AnnotationJson.read(TASK, json);

        // then
        JsonNode node = new ObjectMapper().readTree(json);
        assertThat(node.get("distribution").get("positive").asDouble()).isEqualTo(0.7);
        assertThat(node.get("labels").get(0).asText()).isEqualTo("positive");
        assertThat(json).doesNotContain("\n");
        assertThat(back.distribution().orElseThrow().toArray()).containsExactly(0.1, 0.2, 0.7);
        assertThat(back.labels()).containsExactly("positive");
        assertThat(back.confidence()).isEqualTo(0.7);
        assertThat(back.source()).isEqualTo("knn:k=5");
        assertThat(back.cost()).isEqualTo(new Cost(11, 3, 1.0 / 3));
        assertThat(back.isAbstention()).isFalse();
    }

    @Test
    void should_read_scores_by_name_whatever_the_label_order() {
        Task reordered = Task.singleLabel("sentiment", "positive", "negative", "neutral");
        String json = AnnotationJson.write(
                Annotation.labelled("r1", LabelDistribution.of(TASK, new double[] {0.1, 0.2, 0.7}), 0.7, "s", Cost.FREE));

        Annotation back = AnnotationJson.read(reordered, json);

        assertThat(back.distribution().orElseThrow().toArray()).containsExactly(0.7, 0.1, 0.2);
        assertThat(back.labels()).containsExactly("positive");
    }

    @Test
    void should_round_trip_an_abstention_with_its_reason_and_cost() {
        Annotation a = Annotation.abstained("r9", "answer 'maybe' is not a label", "llm:m", new Cost(100, 5, 0.002));

        Annotation back = AnnotationJson.read(TASK, AnnotationJson.write(a));

        assertThat(back.isAbstention()).isTrue();
        assertThat(back.abstentionReason()).contains("answer 'maybe' is not a label");
        assertThat(back.distribution()).isEmpty();
        assertThat(back.labels()).isEmpty();
        assertThat(back.cost()).isEqualTo(new Cost(100, 5, 0.002));
    }

    @Test
    void should_round_trip_multi_label_with_explicit_choice() {
        Annotation a = Annotation.labelled("m", LabelDistribution.of(MULTI, new double[] {0.4, 0.45}), List.of("money"), 0.55,
                "s", Cost.FREE);

        Annotation back = AnnotationJson.read(MULTI, AnnotationJson.write(a));

        assertThat(back.labels()).containsExactly("money");
        assertThat(back.distribution().orElseThrow().toArray()).containsExactly(0.4, 0.45);
    }

    @Test
    void should_reject_a_label_outside_the_task_naming_it() {
        String json = "{\"exampleId\":\"r1\",\"source\":\"s\",\"labels\":[\"spam\"],\"confidence\":1.0,"
                + "\"distribution\":{\"spam\":1.0}}";

        assertThatThrownBy(() -> AnnotationJson.read(TASK, json)).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessageContaining("spam");
    }

    @Test
    void should_reject_malformed_or_incomplete_json() {
        assertThatThrownBy(() -> AnnotationJson.read(TASK, "{not json")).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> AnnotationJson.read(TASK, "[1]")).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessageContaining("not an object");
        assertThatThrownBy(() -> AnnotationJson.read(TASK, "{\"exampleId\":\"r1\",\"source\":\"s\",\"labels\":[]}"))
                .isInstanceOf(NonRetriableAnnotatorException.class).hasMessageContaining("distribution");
        assertThatThrownBy(() -> AnnotationJson.read(TASK,
                "{\"exampleId\":\"r1\",\"source\":\"s\",\"labels\":[\"positive\"],\"confidence\":1,"
                        + "\"distribution\":{\"positive\":0.5}}"))
                .isInstanceOf(NonRetriableAnnotatorException.class).hasMessageContaining("sum to 1");
    }
}
