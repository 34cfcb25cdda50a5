package dev.annotator.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.task.Label;
import dev.annotator.core.task.Task;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetReaderTest {
    private static final Task SENTIMENT = Task.singleLabel("sentiment", "negative", "positive");
    private static final Task TOPICS = Task.builder().name("topics").multiLabel(true)
            .labels(List.of(Label.of("sport"), Label.of("politics"), Label.of("tech"))).build();

    @TempDir
    Path dir;

    private static Dataset read(String csv) throws IOException {
        return DatasetReader.csv().build().read(new StringReader(csv), "uci.csv", SENTIMENT);
    }

    private static DatasetFormatException failure(DatasetReader reader, String csv, Task task) {
        return catchThrowableOfType(DatasetFormatException.class, () -> reader.read(new StringReader(csv), "uci.csv", task));
    }

    private static DatasetFormatException failure(String csv) {
        return failure(DatasetReader.csv().build(), csv, SENTIMENT);
    }

    @Test
    void should_read_default_columns_with_row_number_ids_and_splits() throws IOException {
        // given
        String csv = "text,label,split\ngood,positive,train\nbad,negative,dev\nmeh,negative,test\n";

        // when
        Dataset d = read(csv);

        // then
        assertThat(d.task()).isEqualTo(SENTIMENT);
        assertThat(d.rows()).extracting(LabelledExample::id).containsExactly("row-1", "row-2", "row-3");
        assertThat(d.rows()).extracting(LabelledExample::text).containsExactly("good", "bad", "meh");
        assertThat(d.rows()).extracting(LabelledExample::labels)
                .containsExactly(List.of("positive"), List.of("negative"), List.of("negative"));
        assertThat(d.split(Split.TRAIN)).hasSize(1);
        assertThat(d.split(Split.DEV)).hasSize(1);
        assertThat(d.split(Split.TEST)).hasSize(1);
        assertThat(d.rows()).allSatisfy(r -> assertThat(r.example().metadata()).isEmpty());
    }

    @Test
    void should_read_a_file_from_disk() throws IOException {
        // given
        Path file = dir.resolve("uci.csv");
        Files.writeString(file, "text,label,split\ngood,positive,train\n", StandardCharsets.UTF_8);

        // when
        Dataset d = DatasetReader.csv().build().read(file, SENTIMENT);

        // then
        assertThat(d.size()).isEqualTo(1);
        assertThat(d.rows().get(0).text()).isEqualTo("good");
    }

    @Test
    void should_put_every_row_in_train_when_there_is_no_split_column() throws IOException {
        // when
        Dataset d = read("text,label\ngood,positive\nbad,negative\n");

        // then
        assertThat(d.rows()).extracting(LabelledExample::split).containsOnly(Split.TRAIN);
        assertThat(d.split(Split.TRAIN)).hasSize(2);
    }

    @Test
    void should_read_unlabelled_rows_when_there_is_no_label_column_or_the_cell_is_empty() throws IOException {
        // when
        Dataset noColumn = read("text\ngood\nbad\n");
        Dataset emptyCells = read("text,label\ngood,\nbad,  \nugly,negative\n");

        // then
        assertThat(noColumn.rows()).noneMatch(LabelledExample::isLabelled);
        assertThat(emptyCells.rows()).extracting(LabelledExample::labels)
                .containsExactly(List.of(), List.of(), List.of("negative"));
    }

    @Test
    void should_read_custom_columns_and_keep_the_others_as_metadata() throws IOException {
        // given
        String csv = "uid,body,y,fold,source,stars\n"
                + "a1,good,positive,test,amazon,5\n"
                + "a2,bad,negative,validation,yelp,\n";
        DatasetReader reader = DatasetReader.csv().idColumn("uid").textColumn("body").labelColumn("y").splitColumn("fold")
                .build();

        // when
        Dataset d = reader.read(new StringReader(csv), "reviews.csv", SENTIMENT);

        // then
        assertThat(d.rows()).extracting(LabelledExample::id).containsExactly("a1", "a2");
        assertThat(d.rows()).extracting(LabelledExample::text).containsExactly("good", "bad");
        assertThat(d.rows()).extracting(LabelledExample::split).containsExactly(Split.TEST, Split.DEV);
        assertThat(d.rows().get(0).example().metadata()).isEqualTo(Map.of("source", "amazon", "stars", "5"));
        assertThat(d.rows().get(1).example().metadata()).isEqualTo(Map.of("source", "yelp", "stars", ""));
    }

    @Test
    void should_use_an_id_column_named_id_when_present() throws IOException {
        // when
        Dataset d = read("id,text,label\nx-9,good,positive\n");

        // then
        assertThat(d.rows().get(0).id()).isEqualTo("x-9");
        assertThat(d.rows().get(0).example().metadata()).isEmpty();
    }

    @Test
    void should_read_quoted_fields_with_commas_newlines_and_quotes() throws IOException {
        // given
        String csv = "text,label,split\n"
                + "\"Good case, Excellent value.\",positive,train\n"
                + "\"The ear \"\"clip\"\" is odd\",negative,test\n"
                + "\"first line\nsecond line\r\nthird, with comma\",negative,dev\n"
                + "\" padded \",positive,train\n";

        // when
        Dataset d = read(csv);

        // then
        assertThat(d.rows()).extracting(LabelledExample::text).containsExactly("Good case, Excellent value.",
                "The ear \"clip\" is odd", "first line\nsecond line\r\nthird, with comma", " padded ");
        assertThat(d.rows()).extracting(LabelledExample::id).containsExactly("row-1", "row-2", "row-3", "row-4");
    }

    @Test
    void should_ignore_blank_lines_a_byte_order_mark_and_windows_line_ends() throws IOException {
        // when
        Dataset d = read("\uFEFFtext,label\r\ngood,positive\r\n\r\nbad,negative\r\n\r\n");

        // then
        assertThat(d.rows()).extracting(LabelledExample::text).containsExactly("good", "bad");
        assertThat(d.rows()).extracting(LabelledExample::id).containsExactly("row-1", "row-2");
    }

    @Test
    void should_split_multi_label_cells_on_the_separator() throws IOException {
        // given
        String csv = "text,label\nmatch report,sport\nelection and football,politics | sport\nnothing,\n";

        // when
        Dataset d = DatasetReader.csv().build().read(new StringReader(csv), "topics.csv", TOPICS);

        // then
        assertThat(d.rows()).extracting(LabelledExample::labels)
                .containsExactly(List.of("sport"), List.of("politics", "sport"), List.of());
    }

    @Test
    void should_split_on_a_custom_separator() throws IOException {
        // given
        String csv = "text,label\nelection and football,\"politics,sport\"\n";

        // when
        Dataset d = DatasetReader.csv().labelSeparator(",").build().read(new StringReader(csv), "topics.csv", TOPICS);

        // then
        assertThat(d.rows().get(0).labels()).containsExactly("politics", "sport");
    }

    @Test
    void should_take_a_cell_that_is_a_whole_label_as_one_label_even_with_the_separator() throws IOException {
        // given
        Task task = Task.singleLabel("t", "a|b", "c");

        // when
        Dataset d = DatasetReader.csv().build().read(new StringReader("text,label\nx,a|b\n"), "t.csv", task);

        // then
        assertThat(d.rows().get(0).labels()).containsExactly("a|b");
    }

    // ---- bad input ----

    @Test
    void should_fail_with_line_number_when_label_not_in_task() {
        // given
        StringBuilder csv = new StringBuilder("text,label,split\n");
        for (int i = 0; i < 15; i++) {
            csv.append("text ").append(i).append(",positive,train\n");
        }
        csv.append("so so,neutral,train\n");

        // when
        DatasetFormatException e = failure(csv.toString());

        // then
        assertThat(e).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessage("uci.csv line 17: label 'neutral' is not a label of task 'sentiment' [negative, positive]");
        assertThat(e.source()).isEqualTo("uci.csv");
        assertThat(e.line()).isEqualTo(17);
        assertThat(e.problem()).isEqualTo("label 'neutral' is not a label of task 'sentiment' [negative, positive]");
    }

    @Test
    void should_report_the_physical_line_where_a_row_starts_after_multi_line_cells() {
        // given: row 2 spans lines 3-5, so the bad row 3 starts on line 6
        String csv = "text,label\nfine,positive\n\"one\ntwo\nthree\",negative\nbad,neutral\n";

        // when
        DatasetFormatException e = failure(csv);

        // then
        assertThat(e.line()).isEqualTo(6);
    }

    @Test
    void should_fail_on_line_1_when_the_text_column_is_missing() {
        // when
        DatasetFormatException e = failure(DatasetReader.csv().textColumn("body").build(), "text,label\nx,positive\n",
                SENTIMENT);

        // then
        assertThat(e.line()).isEqualTo(1);
        assertThat(e).hasMessage("uci.csv line 1: missing column 'body'; the header has [text, label]");
    }

    @Test
    void should_fail_on_line_1_when_an_explicitly_named_column_is_missing() {
        // when
        DatasetFormatException label = failure(DatasetReader.csv().labelColumn("y").build(), "text,label\nx,positive\n",
                SENTIMENT);
        DatasetFormatException split = failure(DatasetReader.csv().splitColumn("fold").build(), "text,label\nx,positive\n",
                SENTIMENT);
        DatasetFormatException id = failure(DatasetReader.csv().idColumn("uid").build(), "text,label\nx,positive\n",
                SENTIMENT);

        // then
        assertThat(label).hasMessage("uci.csv line 1: missing column 'y'; the header has [text, label]");
        assertThat(split).hasMessage("uci.csv line 1: missing column 'fold'; the header has [text, label]");
        assertThat(id).hasMessage("uci.csv line 1: missing column 'uid'; the header has [text, label]");
    }

    @Test
    void should_fail_when_the_file_is_empty() {
        // when
        DatasetFormatException e = failure("");

        // then
        assertThat(e).hasMessage("uci.csv line 1: no header row: the file is empty");
    }

    @Test
    void should_fail_when_a_header_column_repeats() {
        // when
        DatasetFormatException e = failure("text,label,text\nx,positive,y\n");

        // then
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.problem()).startsWith("column 'text' appears more than once in the header");
    }

    @Test
    void should_fail_with_line_number_when_text_is_blank() {
        // when
        DatasetFormatException empty = failure("text,label\ngood,positive\n,negative\n");
        DatasetFormatException blank = failure("text,label\ngood,positive\n\"   \",negative\n");

        // then
        assertThat(empty).hasMessage("uci.csv line 3: text in column 'text' is blank");
        assertThat(blank).hasMessage("uci.csv line 3: text in column 'text' is blank");
    }

    @Test
    void should_fail_with_line_number_when_split_is_unknown() {
        // when
        DatasetFormatException e = failure("text,label,split\ngood,positive,train\nbad,negative,holdout\n");

        // then
        assertThat(e).hasMessage("uci.csv line 3: split 'holdout' is not one of train, dev, test (or val, validation)");
    }

    @Test
    void should_fail_with_line_number_when_id_repeats() {
        // when
        DatasetFormatException e = failure("id,text,label\n1,good,positive\n2,bad,negative\n1,meh,negative\n");

        // then
        assertThat(e).hasMessage("uci.csv line 4: duplicate id '1', first used on line 2");
    }

    @Test
    void should_fail_with_line_number_when_id_is_blank() {
        // when
        DatasetFormatException e = failure("id,text,label\n1,good,positive\n ,bad,negative\n");

        // then
        assertThat(e).hasMessage("uci.csv line 3: id in column 'id' is blank");
    }

    @Test
    void should_fail_with_line_number_when_single_label_row_has_several_labels() {
        // when
        DatasetFormatException e = failure("text,label\ngood,positive\nmixed,positive|negative\n");

        // then
        assertThat(e).hasMessage(
                "uci.csv line 3: task 'sentiment' is single-label but the row has 2 labels [positive, negative]");
    }

    @Test
    void should_fail_when_a_multi_label_cell_has_an_empty_or_repeated_label() {
        // given
        DatasetReader reader = DatasetReader.csv().build();

        // when
        DatasetFormatException empty = failure(reader, "text,label\nx,sport||tech\n", TOPICS);
        DatasetFormatException repeated = failure(reader, "text,label\nx,sport|sport\n", TOPICS);

        // then
        assertThat(empty).hasMessage("uci.csv line 2: empty label in 'sport||tech' (labels are separated by '|')");
        assertThat(repeated).hasMessage("uci.csv line 2: label 'sport' appears twice in [sport, sport]");
    }

    @Test
    void should_fail_with_line_number_when_a_row_has_the_wrong_number_of_cells() {
        // when
        DatasetFormatException tooMany = failure("text,label\ngood,positive\nbad,negative,extra\n");
        DatasetFormatException tooFew = failure("text,label\ngood,positive\nbad\n");

        // then
        assertThat(tooMany).hasMessage("uci.csv line 3: row has 3 cells but the header has 2 columns [text, label]");
        assertThat(tooFew).hasMessage("uci.csv line 3: row has 1 cells but the header has 2 columns [text, label]");
    }

    @Test
    void should_fail_with_line_number_when_csv_is_malformed() {
        // when
        DatasetFormatException junkAfterQuote = failure("text,label\ngood,positive\n\"bad\"x,negative\n");
        DatasetFormatException unclosedQuote = failure("text,label\ngood,positive\n\"bad,negative\nmore,positive\n");

        // then
        assertThat(junkAfterQuote.line()).isEqualTo(3);
        assertThat(junkAfterQuote.problem()).startsWith("malformed CSV: Unexpected character ('x'");
        assertThat(junkAfterQuote.getCause()).isNotNull();
        assertThat(unclosedQuote.line()).isEqualTo(5);
        assertThat(unclosedQuote.problem())
                .isEqualTo("malformed CSV: Missing closing quote for value (the row starts on line 3)");
    }

    // ---- skipping ----

    @Test
    void should_skip_and_report_invalid_rows_when_asked() throws IOException {
        // given
        String csv = "id,text,label,split\n"
                + "1,good,positive,train\n"
                + "2,,negative,train\n"
                + "3,so so,neutral,train\n"
                + "4,bad,negative,later\n"
                + "1,again,negative,train\n"
                + "5,mixed,positive|negative,test\n"
                + "6,short\n"
                + "7,fine,negative,test\n";
        List<DatasetFormatException> heard = new ArrayList<>();
        DatasetReader reader = DatasetReader.csv().skipInvalidRows(true).onSkippedRow(heard::add).build();

        // when
        DatasetReadResult result = reader.readWithReport(new StringReader(csv), "uci.csv", SENTIMENT);

        // then
        assertThat(result.dataset().rows()).extracting(LabelledExample::id).containsExactly("1", "7");
        assertThat(result.skipped()).extracting(DatasetFormatException::line).containsExactly(3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(heard).isEqualTo(result.skipped());
    }

    @Test
    void should_number_row_ids_by_file_position_even_when_rows_are_skipped() throws IOException {
        // given
        DatasetReader reader = DatasetReader.csv().skipInvalidRows(true).build();

        // when
        Dataset d = reader.read(new StringReader("text,label\ngood,positive\n,negative\nbad,negative\n"), "uci.csv",
                SENTIMENT);

        // then
        assertThat(d.rows()).extracting(LabelledExample::id).containsExactly("row-1", "row-3");
    }

    @Test
    void should_have_no_skipped_rows_by_default() throws IOException {
        // when
        DatasetReadResult result = DatasetReader.csv().build().readWithReport(new StringReader("text\nx\n"), "a.csv",
                SENTIMENT);

        // then
        assertThat(result.skipped()).isEmpty();
    }

    @Test
    void should_still_fail_on_malformed_csv_or_missing_columns_when_skipping() {
        // given
        DatasetReader reader = DatasetReader.csv().skipInvalidRows(true).build();
        DatasetReader needsBody = DatasetReader.csv().textColumn("body").skipInvalidRows(true).build();

        // when / then
        assertThatThrownBy(() -> reader.read(new StringReader("text,label\n\"bad\"x,negative\nok,positive\n"), "uci.csv",
                SENTIMENT)).isInstanceOf(DatasetFormatException.class).hasMessageContaining("line 2: malformed CSV");
        assertThatThrownBy(() -> needsBody.read(new StringReader("text\nx\n"), "uci.csv", SENTIMENT))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("line 1: missing column 'body'");
    }
}
