package dev.annotator.core.span;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.data.Split;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanExampleTest {

    @Test
    void should_sort_spans_and_give_their_text() {
        // when
        SpanExample e = SpanExample.of("1", "Ann met Bob", List.of(Span.of(8, 11, "PER"), Span.of(0, 3, "PER")), Split.TRAIN);

        // then
        assertThat(e.spans()).containsExactly(Span.of(0, 3, "PER"), Span.of(8, 11, "PER"));
        assertThat(e.spanTexts()).containsExactly("Ann", "Bob");
    }

    @Test
    void should_reject_bad_spans_naming_the_example() {
        assertThatThrownBy(() -> Span.of(3, 3, "PER")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("end must be greater");
        assertThatThrownBy(() -> Span.of(-1, 3, "PER")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SpanExample.of("x", "Ann", List.of(Span.of(0, 4, "PER")), Split.TRAIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("example 'x'")
                .hasMessageContaining("ends after the text");
        assertThatThrownBy(() -> SpanExample.of("x", "Ann Lee", List.of(Span.of(0, 3, "PER"), Span.of(2, 7, "LOC")),
                Split.TRAIN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap");
        assertThatThrownBy(() -> SpanExample.of("x", "\uD83D\uDE00a", List.of(Span.of(1, 3, "PER")), Split.TRAIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate pair");
    }

    @Test
    void should_check_span_types_against_the_task() {
        // given
        Task ner = Task.builder().name("ner").kind(TaskKind.SPAN).label("PER", "").build();
        SpanExample e = SpanExample.of("1", "Rome", List.of(Span.of(0, 4, "LOC")), Split.TRAIN);

        // then
        assertThatThrownBy(() -> SpanDataset.of(ner, List.of(e))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an entity type of task 'ner' [PER]");
        assertThatThrownBy(() -> SpanDataset.of(Task.singleLabel("s", "a", "b"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a SPAN task");
    }

    @Test
    void should_mark_relation_entities_in_either_order() {
        // given
        RelationInstance forward = RelationInstance.of("r", "Ann is Bob's child", Span.of(0, 3, "PER"), Span.of(7, 10, "PER"));
        RelationInstance backward = RelationInstance.of("r", "Ann is Bob's child", Span.of(7, 10, "PER"), Span.of(0, 3, "PER"));

        // then
        assertThat(forward.markedText()).isEqualTo("<e1>Ann</e1> is <e2>Bob</e2>'s child");
        assertThat(backward.markedText()).isEqualTo("<e2>Ann</e2> is <e1>Bob</e1>'s child");
        assertThat(forward.e1Text()).isEqualTo("Ann");
        assertThat(forward.toExample().text()).isEqualTo(forward.markedText());
        assertThatThrownBy(() -> RelationInstance.of("r", "Ann", Span.of(0, 3, "PER"), Span.of(1, 2, "PER")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap");
        assertThatThrownBy(() -> new RelationExample(forward, " ", Split.TRAIN)).isInstanceOf(IllegalArgumentException.class);
    }
}
