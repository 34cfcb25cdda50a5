package dev.annotator.student.span;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.span.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordSpansTest {
    @Test
    void should_extend_spans_to_whole_words_and_merge_what_then_overlaps() {
        String text = "of Georgia's new Kowal czyk law";
        // "Georgia" (a wordpiece prefix) grows to "Georgia's"; two pieces of one word become one span
        List<Span> snapped = WordSpans.snapToWhitespaceWords(List.of(Span.of(5, 8, "NAME"), Span.of(3, 5, "NAME"),
                Span.of(17, 20, "NAME"), Span.of(23, 26, "NAME")), text);
        assertThat(snapped).containsExactly(Span.of(3, 12, "NAME"), Span.of(17, 22, "NAME"), Span.of(23, 27, "NAME"));
        assertThat(snapped.get(0).coveredText(text)).isEqualTo("Georgia's");
    }

    @Test
    void should_keep_the_earlier_of_two_types_in_one_word_and_leave_whole_words_alone() {
        String text = "Paris-Roubaix race";
        assertThat(WordSpans.snapToWhitespaceWords(List.of(Span.of(0, 5, "LOC"), Span.of(6, 13, "EVENT")), text))
                .containsExactly(Span.of(0, 13, "LOC"));
        assertThat(WordSpans.snapToWhitespaceWords(List.of(Span.of(14, 18, "X")), text)).containsExactly(Span.of(14, 18, "X"));
        assertThat(WordSpans.snapToWhitespaceWords(List.of(), text)).isEmpty();
        assertThatThrownBy(() -> WordSpans.snapToWhitespaceWords(List.of(Span.of(10, 40, "X")), text))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends after the text (length 18)");
    }
}
