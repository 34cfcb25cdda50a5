package dev.annotator.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.task.Label;
import dev.annotator.core.task.Task;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetWriterTest {
    private static final Task SENTIMENT = Task.singleLabel("sentiment", "negative", "positive");
    private static final Task TOPICS = Task.builder().name("topics").multiLabel(true)
            .labels(List.of(Label.of("sport"), Label.of("politics"), Label.of("tech"))).build();

    @TempDir
    Path dir;

    private static LabelledExample row(String id, String text, List<String> labels, Split split, Map<String, String> meta) {
        return new LabelledExample(new Example(id, text, meta), labels, split);
    }

    private static Dataset tricky(Task task, List<String> someLabels) {
        return Dataset.of(task, List.of(
                row("1", "plain", someLabels, Split.TRAIN, Map.of("source", "amazon", "stars", "5")),
                row("2", "comma, \"quotes\" and\nnew\r\nlines", List.of(), Split.DEV, Map.of("source", "", "stars", "1")),
                row(" 3 ", "  leading and trailing  ", List.of(task.labelNames().get(0)), Split.TEST,
                        Map.of("source", "x,y", "stars", "#")),
                row("row-4", "ünïcødé ✓ \t tab", List.of(task.labelNames().get(1)), Split.TRAIN,
                        Map.of("source", " s ", "stars", "\"\""))));
    }

    @Test
    void should_round_trip_a_single_label_dataset_through_csv() throws IOException {
        // given
        Dataset original = tricky(SENTIMENT, List.of("positive"));
        Path file = dir.resolve("out.csv");

        // when
        DatasetWriter.csv().build().write(original, file);
        Dataset back = DatasetReader.csv().build().read(file, SENTIMENT);

        // then
        assertThat(back.rows()).isEqualTo(original.rows());
        assertThat(back.fingerprint()).isEqualTo(original.fingerprint());
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("id,text,label,split,source,stars");
    }

    @Test
    void should_round_trip_a_multi_label_dataset_through_csv_and_jsonl() throws IOException {
        // given
        Dataset original = tricky(TOPICS, List.of("tech", "sport"));

        // when
        StringWriter csv = new StringWriter();
        DatasetWriter.csv().build().write(original, csv);
        StringWriter jsonl = new StringWriter();
        DatasetWriter.jsonl().build().write(original, jsonl);

        // then
        assertThat(csv.toString()).contains(",tech|sport,");
        assertThat(jsonl.toString()).contains("\"label\":[\"tech\",\"sport\"]");
        assertThat(DatasetReader.csv().build().read(new StringReader(csv.toString()), "m.csv", TOPICS).rows())
                .isEqualTo(original.rows());
        assertThat(DatasetReader.jsonl().build().read(new StringReader(jsonl.toString()), "m.jsonl", TOPICS).rows())
                .isEqualTo(original.rows());
    }

    @Test
    void should_round_trip_a_single_label_dataset_through_jsonl_file() throws IOException {
        // given
        Dataset original = tricky(SENTIMENT, List.of());
        Path file = dir.resolve("out.jsonl");

        // when
        DatasetWriter.jsonl().build().write(original, file);
        Dataset back = DatasetReader.jsonl().build().read(file, SENTIMENT);

        // then
        assertThat(back.rows()).isEqualTo(original.rows());
        assertThat(Files.readAllLines(file)).hasSize(4);
        assertThat(Files.readAllLines(file).get(0))
                .isEqualTo("{\"id\":\"1\",\"text\":\"plain\",\"label\":null,\"split\":\"train\",\"source\":\"amazon\",\"stars\":\"5\"}");
    }

    @Test
    void should_round_trip_custom_column_names_and_separator() throws IOException {
        // given
        Dataset original = tricky(TOPICS, List.of("sport", "politics"));
        StringWriter out = new StringWriter();

        // when
        DatasetWriter.csv().idColumn("uid").textColumn("body").labelColumn("y").splitColumn("fold").labelSeparator(";")
                .build().write(original, out);
        Dataset back = DatasetReader.csv().idColumn("uid").textColumn("body").labelColumn("y").splitColumn("fold")
                .labelSeparator(";").build().read(new StringReader(out.toString()), "c.csv", TOPICS);

        // then
        assertThat(out.toString()).startsWith("uid,body,y,fold,source,stars\n");
        assertThat(back.rows()).isEqualTo(original.rows());
    }

    @Test
    void should_write_an_empty_cell_for_metadata_a_row_lacks() throws IOException {
        // given
        Dataset d = Dataset.of(SENTIMENT, List.of(row("1", "a", List.of(), Split.TRAIN, Map.of("k", "v")),
                row("2", "b", List.of(), Split.TRAIN, Map.of())));
        StringWriter out = new StringWriter();

        // when
        DatasetWriter.csv().build().write(d, out);

        // then
        assertThat(out.toString()).isEqualTo("id,text,label,split,k\n1,a,,train,v\n2,b,,train,\n");
    }

    @Test
    void should_refuse_metadata_keys_that_are_column_names() {
        // given
        Dataset d = Dataset.of(SENTIMENT, List.of(row("1", "a", List.of(), Split.TRAIN, Map.of("label", "v"))));

        // when / then
        assertThatThrownBy(() -> DatasetWriter.csv().build().write(d, new StringWriter()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata key 'label'");
    }

    @Test
    void should_refuse_labels_that_would_not_read_back_from_csv() {
        // given
        Task task = Task.builder().name("t").multiLabel(true)
                .labels(List.of(Label.of("a|b"), Label.of("a"), Label.of("b"), Label.of("c"))).build();
        Dataset containsSeparator = Dataset.of(task, List.of(row("1", "x", List.of("a|b", "c"), Split.TRAIN, Map.of())));
        Dataset joinedIsALabel = Dataset.of(task, List.of(row("1", "x", List.of("a", "b"), Split.TRAIN, Map.of())));
        Path file = dir.resolve("never.csv");

        // when / then
        assertThatThrownBy(() -> DatasetWriter.csv().build().write(containsSeparator, file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 'a|b' of example '1'");
        assertThatThrownBy(() -> DatasetWriter.csv().build().write(joinedIsALabel, file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("single label 'a|b'");
        assertThat(file).doesNotExist();
    }
}
