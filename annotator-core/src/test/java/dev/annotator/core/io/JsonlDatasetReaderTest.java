package dev.annotator.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.task.Label;
import dev.annotator.core.task.Task;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonlDatasetReaderTest {
    private static final Task SENTIMENT = Task.singleLabel("sentiment", "negative", "positive");
    private static final Task TOPICS = Task.builder().name("topics").multiLabel(true)
            .labels(List.of(Label.of("sport"), Label.of("politics"), Label.of("tech"))).build();

    private static Dataset read(DatasetReader reader, String jsonl, Task task) throws IOException {
        return reader.read(new StringReader(jsonl), "data.jsonl", task);
    }

    private static DatasetFormatException failure(DatasetReader reader, String jsonl, Task task) {
        return catchThrowableOfType(DatasetFormatException.class, () -> read(reader, jsonl, task));
    }

    private static DatasetFormatException failure(String jsonl) {
        return failure(DatasetReader.jsonl().build(), jsonl, SENTIMENT);
    }

    @Test
    void should_read_objects_with_ids_labels_splits_and_metadata() throws IOException {
        // given
        String jsonl = "{\"id\":\"a\",\"text\":\"good\",\"label\":\"positive\",\"split\":\"dev\",\"stars\":5,\"tags\":[1,2],"
                + "\"who\":\"bob\",\"gone\":null}\n"
                + "{\"text\":\"bad\",\"label\":\"negative\"}\n"
                + "{\"id\":7,\"text\":\"meh\",\"label\":null,\"split\":\"test\"}\n";

        // when
        Dataset d = read(DatasetReader.jsonl().build(), jsonl, SENTIMENT);

        // then
        assertThat(d.rows()).extracting(LabelledExample::id).containsExactly("a", "row-2", "7");
        assertThat(d.rows()).extracting(LabelledExample::split).containsExactly(Split.DEV, Split.TRAIN, Split.TEST);
        assertThat(d.rows()).extracting(LabelledExample::labels)
                .containsExactly(List.of("positive"), List.of("negative"), List.of());
        assertThat(d.rows().get(0).example().metadata()).isEqualTo(Map.of("stars", "5", "tags", "[1,2]", "who", "bob"));
    }

    @Test
    void should_read_label_arrays_and_separated_labels_for_multi_label_tasks() throws IOException {
        // given
        String jsonl = "{\"text\":\"a\",\"label\":[\"sport\",\"tech\"]}\n"
                + "{\"text\":\"b\",\"label\":\"politics|sport\"}\n"
                + "{\"text\":\"c\",\"label\":[]}\n";

        // when
        Dataset d = read(DatasetReader.jsonl().build(), jsonl, TOPICS);

        // then
        assertThat(d.rows()).extracting(LabelledExample::labels)
                .containsExactly(List.of("sport", "tech"), List.of("politics", "sport"), List.of());
    }

    @Test
    void should_read_custom_field_names_and_skip_blank_lines() throws IOException {
        // given
        String jsonl = "\n{\"uid\":\"x\",\"body\":\"good\",\"y\":\"positive\",\"fold\":\"train\"}\n   \n"
                + "{\"uid\":\"z\",\"body\":\"bad\",\"y\":\"negative\",\"fold\":\"val\"}";
        DatasetReader reader = DatasetReader.jsonl().idColumn("uid").textColumn("body").labelColumn("y")
                .splitColumn("fold").build();

        // when
        Dataset d = read(reader, jsonl, SENTIMENT);

        // then
        assertThat(d.rows()).extracting(LabelledExample::id).containsExactly("x", "z");
        assertThat(d.rows()).extracting(LabelledExample::split).containsExactly(Split.TRAIN, Split.DEV);
    }

    @Test
    void should_fail_with_line_number_when_json_is_malformed() {
        // when
        DatasetFormatException e = failure("{\"text\":\"good\"}\n\n{\"text\": \"bad\"\n");

        // then
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.problem()).startsWith("malformed JSON: ");
        assertThat(e.getMessage()).startsWith("data.jsonl line 3: malformed JSON: ");
    }

    @Test
    void should_fail_when_a_line_holds_two_objects_or_repeats_a_field() {
        // when
        DatasetFormatException twoObjects = failure("{\"text\":\"a\"} {\"text\":\"b\"}\n");
        DatasetFormatException repeated = failure("{\"text\":\"a\",\"text\":\"b\"}\n");

        // then
        assertThat(twoObjects.problem()).startsWith("malformed JSON");
        assertThat(repeated.problem()).startsWith("malformed JSON").contains("text");
    }

    @Test
    void should_fail_when_a_line_is_not_an_object() {
        // when
        DatasetFormatException e = failure("{\"text\":\"a\"}\n[1,2]\n");

        // then
        assertThat(e).hasMessage("data.jsonl line 2: expected a JSON object, got array");
    }

    @Test
    void should_fail_when_the_text_field_is_missing_blank_or_not_a_string() {
        // when
        DatasetFormatException missing = failure("{\"body\":\"a\"}\n");
        DatasetFormatException blank = failure("{\"text\":\"a\"}\n{\"text\":\" \"}\n");
        DatasetFormatException object = failure("{\"text\":{\"a\":1}}\n");

        // then
        assertThat(missing).hasMessage("data.jsonl line 1: missing field 'text'");
        assertThat(blank).hasMessage("data.jsonl line 2: text in field 'text' is blank");
        assertThat(object).hasMessage("data.jsonl line 1: field 'text' must be a string, got object");
    }

    @Test
    void should_fail_when_an_explicitly_named_field_is_missing_from_a_line() {
        // when
        DatasetFormatException e = failure(DatasetReader.jsonl().splitColumn("fold").build(),
                "{\"text\":\"a\",\"fold\":\"dev\"}\n{\"text\":\"b\"}\n", SENTIMENT);

        // then
        assertThat(e).hasMessage("data.jsonl line 2: missing field 'fold'");
    }

    @Test
    void should_fail_with_line_number_on_bad_labels_splits_and_ids() {
        // when
        DatasetFormatException unknown = failure("{\"text\":\"a\",\"label\":\"neutral\"}\n");
        DatasetFormatException tooMany = failure("{\"text\":\"a\"}\n{\"text\":\"b\",\"label\":[\"positive\",\"negative\"]}\n");
        DatasetFormatException split = failure("{\"text\":\"a\",\"split\":\"holdout\"}\n");
        DatasetFormatException duplicate = failure("{\"id\":\"1\",\"text\":\"a\"}\n{\"id\":1,\"text\":\"b\"}\n");
        DatasetFormatException nested = failure("{\"text\":\"a\",\"label\":[[\"positive\"]]}\n");

        // then
        assertThat(unknown).hasMessage(
                "data.jsonl line 1: label 'neutral' is not a label of task 'sentiment' [negative, positive]");
        assertThat(tooMany).hasMessage(
                "data.jsonl line 2: task 'sentiment' is single-label but the row has 2 labels [positive, negative]");
        assertThat(split).hasMessage("data.jsonl line 1: split 'holdout' is not one of train, dev, test (or val, validation)");
        assertThat(duplicate).hasMessage("data.jsonl line 2: duplicate id '1', first used on line 1");
        assertThat(nested).hasMessage(
                "data.jsonl line 1: field 'label' must be a string or an array of strings, got an array holding array");
    }

    @Test
    void should_skip_malformed_lines_and_keep_reading_when_asked() throws IOException {
        // given
        String jsonl = "{\"text\":\"a\"}\n{oops\n{\"text\":\"c\"}\n";
        DatasetReader reader = DatasetReader.jsonl().skipInvalidRows(true).build();

        // when
        DatasetReadResult result = reader.readWithReport(new StringReader(jsonl), "data.jsonl", SENTIMENT);

        // then
        assertThat(result.dataset().rows()).extracting(LabelledExample::id).containsExactly("row-1", "row-3");
        assertThat(result.skipped()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.problem()).startsWith("malformed JSON");
        });
    }
}
