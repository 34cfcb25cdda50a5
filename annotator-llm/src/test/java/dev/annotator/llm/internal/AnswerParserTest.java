package dev.annotator.llm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.task.Task;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnswerParserTest {
    static final Task TASK = Task.builder().name("t").label("pos", "").label("positive", "").label("negative", "").build();

    @Test
    void should_find_the_offset_of_the_label_value() {
        String text = "{\"rationale\":\"label it\",\"label\":\"negative\"}";
        AnswerParser.Parsed p = AnswerParser.parse(TASK, text, List.of("1"), Set.of("1"));

        AnswerParser.Item item = p.items().get("1");
        assertThat(item.labels()).containsExactly("negative");
        assertThat(item.rationale()).isEqualTo("label it");
        assertThat(text.substring(item.valueOffset())).startsWith("negative\"");
    }

    @Test
    void should_reject_trailing_text_non_objects_and_wrong_types() {
        assertThat(AnswerParser.parse(TASK, "{\"label\":\"pos\"} and more", List.of("1"), Set.of("1")).faults().get("1"))
                .contains("not valid JSON");
        assertThat(AnswerParser.parse(TASK, "[\"pos\"]", List.of("1"), Set.of("1")).faults().get("1"))
                .isEqualTo("answer is not a JSON object");
        assertThat(AnswerParser.parse(TASK, "{\"label\":3}", List.of("1"), Set.of("1")).faults().get("1"))
                .isEqualTo("label 3 is not a string");
        assertThat(AnswerParser.parse(TASK, "{\"answer\":\"pos\"}", List.of("1"), Set.of("1")).faults().get("1"))
                .isEqualTo("answer has no \"label\" field");
    }

    @Test
    void should_split_mass_between_labels_from_logprobs_and_skip_ambiguous_prefixes() {
        // tokens: {"label":" | pos | itive | "}   alternatives at "pos": pos (0.7), neg (0.2), po (0.1, ambiguous)
        String text = "{\"label\":\"positive\"}";
        List<RawAnswer.TokenLogprob> tokens = List.of(
                new RawAnswer.TokenLogprob("{\"label\":\"", 0, List.of()),
                new RawAnswer.TokenLogprob("pos", Math.log(0.7), List.of(
                        new RawAnswer.TokenLogprob("pos", Math.log(0.7), List.of()),
                        new RawAnswer.TokenLogprob("neg", Math.log(0.2), List.of()),
                        new RawAnswer.TokenLogprob("po", Math.log(0.1), List.of()))),
                new RawAnswer.TokenLogprob("itive", Math.log(0.5), List.of()),
                new RawAnswer.TokenLogprob("\"}", 0, List.of()));
        RawAnswer raw = new RawAnswer(text, "STOP", 1, 1, tokens);
        int offset = AnswerParser.parse(TASK, text, List.of("1"), Set.of("1")).items().get("1").valueOffset();

        double[] p = LogprobScorer.score(TASK, raw, offset, "positive").orElseThrow();

        // positive = 0.7 * 0.5 = 0.35, negative = 0.2, the unassigned 0.45 goes to "pos" (the only label without mass)
        assertThat(p[1]).isCloseTo(0.35, within(1e-9));
        assertThat(p[2]).isCloseTo(0.2, within(1e-9));
        assertThat(p[0]).isCloseTo(0.45, within(1e-9));
    }

    @Test
    void should_ignore_logprobs_that_do_not_spell_the_answer() {
        RawAnswer raw = new RawAnswer("{\"label\":\"negative\"}", "STOP", 1, 1,
                List.of(new RawAnswer.TokenLogprob("something else", 0, List.of())));

        assertThat(LogprobScorer.score(TASK, raw, 10, "negative")).isEmpty();
    }

    @Test
    void should_round_trip_the_stored_form() {
        RawAnswer raw = new RawAnswer("{\"label\":\"pos\"}", "STOP", 12, 3, List.of(new RawAnswer.TokenLogprob("x",
                Double.NEGATIVE_INFINITY, List.of(new RawAnswer.TokenLogprob("y", -0.5, List.of())))));

        assertThat(ResponseCodec.decode(ResponseCodec.encode(raw))).isEqualTo(raw);
        assertThat(Map.of("k", ResponseCodec.encode(raw)).get("k")).contains("\"inputTokens\":12");
    }
}
