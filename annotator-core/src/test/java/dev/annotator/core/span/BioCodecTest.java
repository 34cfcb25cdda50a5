package dev.annotator.core.span;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class BioCodecTest {
    private static final Task NER = Task.builder().name("ner").kind(TaskKind.SPAN).label("PER", "").label("LOC", "").build();
    private static final BioCodec BIO = BioCodec.of(NER);
    //                                   0         1         2
    //                                   0123456789012345678901234
    private static final String TEXT = "Ann Lee flew to New York";

    @Test
    void should_index_tags_O_then_B_and_I_per_type() {
        assertThat(BIO.tags()).containsExactly("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
        assertThat(BIO.begin("LOC")).isEqualTo(3);
        assertThat(BIO.inside("LOC")).isEqualTo(4);
        assertThat(BIO.typeOf(2)).contains("PER");
        assertThat(BIO.typeOf(0)).isEmpty();
        assertThat(BIO.isBegin(3)).isTrue();
        assertThat(BIO.isInside(3)).isFalse();
        assertThat(BIO.indexOf("I-PER")).contains(2);
    }

    @Test
    void should_encode_and_decode_whitespace_tokens() {
        // given
        TokenOffsets tokens = TokenOffsets.whitespace(TEXT);
        List<Span> spans = List.of(Span.of(16, 24, "LOC"), Span.of(0, 7, "PER"));

        // when
        int[] tags = BIO.encode(spans, tokens);

        // then
        assertThat(BIO.names(tags)).containsExactly("B-PER", "I-PER", "O", "O", "B-LOC", "I-LOC");
        assertThat(BIO.decode(tags, tokens)).containsExactly(Span.of(0, 7, "PER"), Span.of(16, 24, "LOC"));
    }

    @Test
    void should_tag_subword_tokens_that_overlap_a_span_and_skip_special_tokens() {
        // given: [CLS] Ann Le ##e flew ... [SEP], with a span ending inside a token: "Ann Le"
        TokenOffsets tokens = TokenOffsets.of(new int[][] {{0, 0}, {0, 3}, {4, 6}, {6, 7}, {8, 12}, {0, 0}});
        List<Span> spans = List.of(Span.of(0, 6, "PER"));

        // when
        int[] tags = BIO.encode(spans, tokens);

        // then: the span snaps to whole tokens on decoding
        assertThat(BIO.names(tags)).containsExactly("O", "B-PER", "I-PER", "O", "O", "O");
        assertThat(BIO.decode(tags, tokens)).containsExactly(Span.of(0, 6, "PER"));
        assertThat(BIO.encode(List.of(Span.of(5, 7, "PER")), tokens)).containsExactly(0, 0, 1, 2, 0, 0);
        assertThat(BIO.decode(BIO.encode(List.of(Span.of(5, 7, "PER")), tokens), tokens))
                .containsExactly(Span.of(4, 7, "PER"));
    }

    @Test
    void should_give_a_token_shared_by_two_spans_to_the_first() {
        // given: one token "AnnRome" holding two spans
        TokenOffsets tokens = TokenOffsets.of(new int[][] {{0, 7}, {8, 10}});
        List<Span> spans = List.of(Span.of(0, 3, "PER"), Span.of(3, 10, "LOC"));

        // when
        int[] tags = BIO.encode(spans, tokens);

        // then
        assertThat(BIO.names(tags)).containsExactly("B-PER", "B-LOC");
    }

    @Test
    void should_repair_I_without_B_and_split_on_type_change() {
        // given
        TokenOffsets tokens = TokenOffsets.whitespace("a b c d e f");

        // when
        List<Span> spans = BIO.decodeNames(List.of("I-PER", "I-PER", "I-LOC", "O", "B-PER", "B-PER"), tokens);

        // then
        assertThat(spans).containsExactly(Span.of(0, 3, "PER"), Span.of(4, 5, "LOC"), Span.of(8, 9, "PER"),
                Span.of(10, 11, "PER"));
    }

    @Test
    void should_continue_a_span_across_a_special_token() {
        TokenOffsets tokens = TokenOffsets.of(new int[][] {{0, 3}, {3, 3}, {4, 7}});
        assertThat(BIO.decode(new int[] {1, 0, 2}, tokens)).containsExactly(Span.of(0, 7, "PER"));
    }

    @Test
    void should_decode_tag_probabilities_by_argmax() {
        // given
        TokenOffsets tokens = TokenOffsets.whitespace("Ann went home");
        double[][] p = {
            {0.1, 0.6, 0.1, 0.1, 0.1},
            {0.7, 0.1, 0.1, 0.05, 0.05},
            {0.2, 0.0, 0.0, 0.4, 0.4},   // tie: lowest index, B-LOC
        };

        // when / then
        assertThat(BIO.decode(p, tokens)).containsExactly(Span.of(0, 3, "PER"), Span.of(9, 13, "LOC"));
        float[][] f = {{0.1f, 0.6f, 0.1f, 0.1f, 0.1f}, {0.9f, 0, 0, 0.1f, 0}, {0.9f, 0, 0, 0, 0.1f}};
        assertThat(BIO.decode(f, tokens)).containsExactly(Span.of(0, 3, "PER"));
    }

    @Test
    void should_round_trip_token_aligned_spans() {
        // given
        TokenOffsets tokens = TokenOffsets.whitespace(TEXT);
        List<Span> spans = List.of(Span.of(0, 3, "PER"), Span.of(4, 7, "PER"), Span.of(16, 19, "LOC"), Span.of(20, 24, "PER"));

        // then: adjacent spans of one type stay apart thanks to B
        assertThat(BIO.decode(BIO.encode(spans, tokens), tokens)).containsExactlyElementsOf(spans);
    }

    @Test
    void should_reject_bad_input_with_clear_messages() {
        TokenOffsets tokens = TokenOffsets.whitespace("a b");
        assertThatThrownBy(() -> BIO.decode(new int[] {0}, tokens)).hasMessageContaining("got 1 tags for 2 tokens");
        assertThatThrownBy(() -> BIO.decode(new int[] {0, 5}, tokens)).hasMessageContaining("token 1: tag index 5");
        assertThatThrownBy(() -> BIO.decode(new double[][] {{1, 0}, {1, 0}}, tokens)).hasMessageContaining("has 5 tags");
        assertThatThrownBy(() -> BIO.encode(List.of(Span.of(0, 1, "ORG")), tokens))
                .hasMessageContaining("'ORG' is not an entity type");
        assertThatThrownBy(() -> BIO.decodeNames(List.of("O", "B-ORG"), tokens)).hasMessageContaining("'B-ORG' is not a tag");
        assertThatThrownBy(() -> TokenOffsets.of(new int[][] {{0, 3}, {2, 4}})).hasMessageContaining("must not overlap");
        assertThatThrownBy(() -> TokenOffsets.of(new int[] {3}, new int[] {2})).hasMessageContaining("bad offsets");
        assertThatThrownBy(() -> BioCodec.of(Task.singleLabel("s", "a", "b"))).hasMessageContaining("needs a SPAN task");
    }
}
