package dev.annotator.student.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.span.TokenOffsets;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxTokenEncoderTest {
    static OnnxTokenEncoder tokens;

    @BeforeAll
    static void load() throws IOException {
        tokens = OnnxTokenEncoder.of(TestEncoders.shared());
    }

    @AfterAll
    static void close() {
        tokens.close();
    }

    @Test
    void should_give_one_vector_per_wordpiece_with_offsets_into_the_text() {
        // given a text with punctuation, an accent and a character outside the Basic Multilingual Plane
        String text = "Mr. Kowalczyk's caf\u00e9 \uD83D\uDE00 opened";

        // when encoded
        TokenEmbeddings e = tokens.embedAll(List.of(text)).get(0);

        // then [CLS] and [SEP] are special, every other token covers text (as Java chars), in order
        TokenOffsets t = e.tokens();
        assertThat(t.isSpecial(0)).isTrue();
        assertThat(t.isSpecial(t.size() - 1)).isTrue();
        assertThat(e.vectors().length).isEqualTo(t.size());
        assertThat(e.vectors()[1]).hasSize(tokens.dimension());
        StringBuilder covered = new StringBuilder();
        for (int i = 1; i < t.size() - 1; i++) {
            assertThat(t.isSpecial(i)).as("token %d", i).isFalse();
            covered.append(text, t.start(i), t.end(i)).append('|');
        }
        // the surname is split into wordpieces; the emoji (a surrogate pair) is one whole token
        assertThat(covered.toString().toLowerCase(Locale.ROOT))
                .isEqualTo("mr|.|ko|wal|cz|yk|'|s|caf\u00e9|\uD83D\uDE00|opened|");
        assertThat(text.substring(t.start(t.size() - 2), t.end(t.size() - 2))).isEqualTo("opened");
        assertThat(e.truncated()).isFalse();
    }

    @Test
    void should_give_a_text_the_same_vectors_alone_and_in_a_batch() {
        List<TokenEmbeddings> batch = tokens.embedAll(List.of("a short one", "a rather longer text with more tokens in it"));
        TokenEmbeddings alone = tokens.embedAll(List.of("a short one")).get(0);
        assertThat(batch.get(0).vectors()).isDeepEqualTo(alone.vectors());
    }

    @Test
    void should_truncate_long_texts_and_say_so() throws IOException {
        try (OnnxSentenceEncoder s = OnnxSentenceEncoder.builder().maxLength(6).threads(1).build();
                OnnxTokenEncoder short6 = OnnxTokenEncoder.of(s)) {
            long before = short6.truncatedTexts();
            TokenEmbeddings e = short6.embedAll(List.of("one two three four five six seven eight")).get(0);
            assertThat(e.size()).isEqualTo(6);
            assertThat(e.truncated()).isTrue();
            assertThat(short6.truncatedTexts()).isEqualTo(before + 1);
            assertThat(e.tokens().end(4)).isEqualTo("one two three four".length());
        }
    }

    @Test
    void should_reject_null_texts_and_use_after_close() throws IOException {
        assertThatThrownBy(() -> tokens.embedAll(java.util.Arrays.asList("ok", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text 1 is null");
        OnnxTokenEncoder other = OnnxTokenEncoder.of(TestEncoders.shared());
        other.close();
        assertThatThrownBy(() -> other.embedAll(List.of("x"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
