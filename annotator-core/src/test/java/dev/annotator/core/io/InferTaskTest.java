package dev.annotator.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.annotator.core.task.Task;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferTaskTest {
    @TempDir
    Path dir;

    @Test
    void should_infer_a_single_label_task_with_sorted_labels() throws IOException {
        // given
        Path file = dir.resolve("s.csv");
        Files.writeString(file, "text,label\na,positive\nb,negative\nc,\nd,positive\n", StandardCharsets.UTF_8);

        // when
        Task task = DatasetReader.csv().build().inferTask(file, "sentiment");

        // then
        assertThat(task.name()).isEqualTo("sentiment");
        assertThat(task.isMultiLabel()).isFalse();
        assertThat(task.labelNames()).containsExactly("negative", "positive");
        assertThat(task.instruction()).isEmpty();
    }

    @Test
    void should_infer_a_multi_label_task_when_a_cell_holds_the_separator() throws IOException {
        // when
        Task task = DatasetReader.csv().labelColumn("tags").build()
                .inferTask(new StringReader("text,tags\na,tech\nb,sport | politics\n"), "t.csv", "topics");

        // then
        assertThat(task.isMultiLabel()).isTrue();
        assertThat(task.labelNames()).containsExactly("politics", "sport", "tech");
    }

    @Test
    void should_infer_a_multi_label_task_from_jsonl_arrays() throws IOException {
        // when
        Task task = DatasetReader.jsonl().build()
                .inferTask(new StringReader("{\"text\":\"a\",\"label\":[\"x\"]}\n"), "t.jsonl", "tags");

        // then
        assertThat(task.isMultiLabel()).isTrue();
        assertThat(task.labelNames()).containsExactly("x");
    }

    @Test
    void should_fail_to_infer_without_a_label_column_or_labels() {
        // when
        DatasetFormatException noColumn = catchThrowableOfType(DatasetFormatException.class,
                () -> DatasetReader.csv().build().inferTask(new StringReader("text\na\n"), "t.csv", "t"));
        DatasetFormatException noLabels = catchThrowableOfType(DatasetFormatException.class,
                () -> DatasetReader.csv().build().inferTask(new StringReader("text,label\na,\n"), "t.csv", "t"));

        // then
        assertThat(noColumn).hasMessage("t.csv line 1: missing column 'label'; the header has [text]");
        assertThat(noLabels).hasMessage("t.csv line 1: no labels in column 'label' to infer task 't' from");
    }

    @Test
    void should_fail_to_infer_a_single_label_task_from_one_label() {
        // when
        DatasetFormatException e = catchThrowableOfType(DatasetFormatException.class,
                () -> DatasetReader.csv().build().inferTask(new StringReader("text,label\na,spam\nb,spam\n"), "t.csv", "t"));

        // then
        assertThat(e).hasMessage(
                "t.csv line 1: only one label [spam] in column 'label', but single-label task 't' needs at least two");
    }

    @Test
    void should_reject_a_blank_task_name() {
        assertThatThrownBy(() -> DatasetReader.csv().build().inferTask(new StringReader("text,label\n"), "t.csv", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("taskName must not be blank: ' '");
    }
}
