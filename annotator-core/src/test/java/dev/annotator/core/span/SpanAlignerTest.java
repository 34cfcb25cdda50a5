package dev.annotator.core.span;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.span.SpanAlignment.Reason;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanAlignerTest {
    private static final Task NER = Task.builder().name("ner").kind(TaskKind.SPAN).label("PER", "a person")
            .label("LOC", "a place").build();
    private static final SpanAligner ALIGNER = SpanAligner.of(NER);

    @Test
    void should_place_every_occurrence() {
        // given
        String text = "Ann met Bob. Later Ann left.";

        // when
        SpanAlignment a = ALIGNER.align(text, List.of(SpanAnswer.of("Ann", "PER"), SpanAnswer.of("Bob", "PER")));

        // then
        assertThat(a.spans()).containsExactly(Span.of(0, 3, "PER"), Span.of(8, 11, "PER"), Span.of(19, 22, "PER"));
        assertThat(a.isClean()).isTrue();
    }

    @Test
    void should_place_longest_first_without_overlaps() {
        // given
        String text = "New York City is not York.";

        // when
        SpanAlignment a = ALIGNER.align(text, List.of(SpanAnswer.of("York", "LOC"), SpanAnswer.of("New York City", "LOC"),
                SpanAnswer.of("New York", "LOC")));

        // then: "York" inside "New York City" is skipped, the second "York" placed; "New York" has no free place
        assertThat(a.spans()).containsExactly(Span.of(0, 13, "LOC"), Span.of(21, 25, "LOC"));
        assertThat(a.dropped()).containsExactly(new SpanAlignment.Dropped(SpanAnswer.of("New York", "LOC"), Reason.OVERLAPS));
    }

    @Test
    void should_drop_and_count_unknown_types_and_missing_spans() {
        // given
        String text = "Ann visited Paris in the Annual Fair.";
        List<SpanAnswer> answers = List.of(
                SpanAnswer.of("Paris", "CITY"),       // unknown type
                SpanAnswer.of("Rome", "LOC"),         // not in the text
                SpanAnswer.of(" Paris ", "loc"),      // stripped; type case repaired
                SpanAnswer.of("Paris", "LOC"),        // duplicate of the previous
                SpanAnswer.of("", "PER"),             // blank
                SpanAnswer.of("Ann", "PER"),          // placed once, not inside "Annual"
                SpanAnswer.of("Fai", "LOC"));         // only inside a word

        // when
        SpanAlignment a = ALIGNER.align(text, answers);

        // then
        assertThat(a.spans()).containsExactly(Span.of(0, 3, "PER"), Span.of(12, 17, "LOC"));
        assertThat(a.count(Reason.UNKNOWN_TYPE)).isEqualTo(1);
        assertThat(a.count(Reason.NOT_FOUND)).isEqualTo(1);
        assertThat(a.count(Reason.DUPLICATE)).isEqualTo(1);
        assertThat(a.count(Reason.BLANK)).isEqualTo(1);
        assertThat(a.count(Reason.INSIDE_WORD)).isEqualTo(1);
        assertThat(a.counts()).containsEntry(Reason.OVERLAPS, 0);
        assertThat(a.dropped()).extracting(SpanAlignment.Dropped::answer).containsExactly(answers.get(0), answers.get(1),
                answers.get(3), answers.get(4), answers.get(6));
    }

    @Test
    void should_match_inside_words_when_asked() {
        // given
        SpanAligner anywhere = SpanAligner.builder(NER).wholeWords(false).build();

        // when
        SpanAlignment a = anywhere.align("我住在北京市", List.of(SpanAnswer.of("北京", "LOC")));

        // then
        assertThat(a.spans()).containsExactly(Span.of(3, 5, "LOC"));
        assertThat(ALIGNER.align("我住在北京市", List.of(SpanAnswer.of("北京", "LOC"))).count(Reason.INSIDE_WORD)).isEqualTo(1);
    }

    @Test
    void should_let_the_earlier_answer_win_a_tie_between_types() {
        // when
        SpanAlignment a = ALIGNER.align("Jordan", List.of(SpanAnswer.of("Jordan", "LOC"), SpanAnswer.of("Jordan", "PER")));

        // then
        assertThat(a.spans()).containsExactly(Span.of(0, 6, "LOC"));
        assertThat(a.dropped()).singleElement().extracting(SpanAlignment.Dropped::reason).isEqualTo(Reason.OVERLAPS);
    }

    @Test
    void should_give_spans_that_make_a_valid_example() {
        // given
        String text = "aaa";

        // when: occurrences of "aa" at 0 and 1 overlap each other; only the first is placed
        SpanAlignment a = SpanAligner.builder(NER).wholeWords(false).build().align(text, List.of(SpanAnswer.of("aa", "PER")));

        // then
        assertThat(a.spans()).containsExactly(Span.of(0, 2, "PER"));
        assertThat(SpanExample.of("x", text, a.spans(), dev.annotator.core.data.Split.TRAIN).spans()).hasSize(1);
    }

    @Test
    void should_need_a_span_task() {
        assertThatThrownBy(() -> SpanAligner.of(Task.singleLabel("s", "a", "b"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SpanAligner needs a SPAN task");
    }
}
