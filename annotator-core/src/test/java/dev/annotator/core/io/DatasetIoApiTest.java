package dev.annotator.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatasetIoApiTest {

    @Test
    void should_reject_blank_or_padded_column_names_naming_the_parameter_and_value() {
        assertThatThrownBy(() -> DatasetReader.csv().textColumn(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("textColumn must be non-blank without surrounding whitespace: ' '");
        assertThatThrownBy(() -> DatasetReader.csv().labelColumn(" y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labelColumn must be non-blank without surrounding whitespace: ' y'");
        assertThatThrownBy(() -> DatasetWriter.jsonl().idColumn(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idColumn must be non-blank without surrounding whitespace: ''");
    }

    @Test
    void should_reject_an_empty_label_separator() {
        assertThatThrownBy(() -> DatasetReader.csv().labelSeparator(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labelSeparator must not be empty or blank: ''");
        assertThatThrownBy(() -> DatasetWriter.csv().labelSeparator(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labelSeparator must not be empty or blank: ' '");
    }

    @Test
    void should_reject_two_roles_for_one_column() {
        assertThatThrownBy(() -> DatasetReader.csv().labelColumn("split").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labelColumn and splitColumn must differ but both are 'split'");
        assertThatThrownBy(() -> DatasetWriter.csv().idColumn("text").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("textColumn and idColumn must differ but both are 'text'");
    }

    @Test
    void should_choose_the_format() {
        assertThat(DatasetReader.builder().build().format()).isEqualTo(DatasetFormat.CSV);
        assertThat(DatasetReader.builder().format(DatasetFormat.JSONL).build().format()).isEqualTo(DatasetFormat.JSONL);
        assertThat(DatasetReader.jsonl().build().format()).isEqualTo(DatasetFormat.JSONL);
        assertThat(DatasetWriter.builder().build().format()).isEqualTo(DatasetFormat.CSV);
        assertThat(DatasetWriter.jsonl().build().format()).isEqualTo(DatasetFormat.JSONL);
    }

    @Test
    void should_guess_the_format_from_the_file_name() {
        assertThat(DatasetFormat.fromFileName("data/UCI.CSV")).contains(DatasetFormat.CSV);
        assertThat(DatasetFormat.fromFileName("a.jsonl")).contains(DatasetFormat.JSONL);
        assertThat(DatasetFormat.fromFileName("a.ndjson")).contains(DatasetFormat.JSONL);
        assertThat(DatasetFormat.fromFileName("a.parquet")).isEqualTo(Optional.empty());
    }

    @Test
    void should_format_the_exception_message_from_source_line_and_problem() {
        // when
        DatasetFormatException e = new DatasetFormatException("a.csv", 3, "bad");

        // then
        assertThat(e).hasMessage("a.csv line 3: bad");
        assertThat(e.source()).isEqualTo("a.csv");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.problem()).isEqualTo("bad");
        assertThatThrownBy(() -> new DatasetFormatException("a.csv", 0, "bad"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("line must be >= 1: 0");
    }

    @Test
    void should_copy_the_skipped_list_of_a_result() {
        // given
        List<DatasetFormatException> skipped = new java.util.ArrayList<>();
        DatasetReadResult r = new DatasetReadResult(
                dev.annotator.core.data.Dataset.of(dev.annotator.core.task.Task.singleLabel("t", "a", "b"), List.of()),
                skipped);

        // when
        skipped.add(new DatasetFormatException("a.csv", 1, "x"));

        // then
        assertThat(r.skipped()).isEmpty();
    }
}
