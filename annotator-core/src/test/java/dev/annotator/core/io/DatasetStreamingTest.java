package dev.annotator.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.data.Example;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetStreamingTest {
    @TempDir
    Path dir;

    /** An endless CSV: a header, then rows "text i" forever; counts the characters handed out. */
    private static final class EndlessCsv extends Reader {
        private final StringBuilder pending = new StringBuilder("text,label,split\n");
        private long row;
        long charsRead;
        boolean closed;

        @Override
        public int read(char[] buf, int off, int len) {
            while (pending.length() < len) {
                pending.append("text ").append(++row).append(",whatever,train\n");
            }
            pending.getChars(0, len, buf, off);
            pending.delete(0, len);
            charsRead += len;
            return len;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void should_stream_lazily_without_reading_the_whole_input() throws IOException {
        // given
        EndlessCsv endless = new EndlessCsv();
        List<Example> first;

        // when
        try (Stream<Example> s = DatasetReader.csv().build().streamExamples(endless, "endless.csv")) {
            first = s.limit(3).collect(Collectors.toList());
        }

        // then
        assertThat(first).extracting(Example::text).containsExactly("text 1", "text 2", "text 3");
        assertThat(first).extracting(Example::id).containsExactly("row-1", "row-2", "row-3");
        assertThat(endless.charsRead).isLessThan(100_000);
        assertThat(endless.closed).as("the caller's reader stays open").isFalse();
    }

    @Test
    void should_stream_texts_ignoring_labels_and_splits() throws IOException {
        // given: labels and splits that a task-bound read would reject
        Path file = dir.resolve("predict.csv");
        Files.writeString(file, "id,text,label,split,lang\na,hello,???,nonsense,en\nb,\"bonjour, monde\",,,fr\n",
                StandardCharsets.UTF_8);

        // when
        List<Example> examples;
        try (Stream<Example> s = DatasetReader.csv().build().streamExamples(file)) {
            examples = s.collect(Collectors.toList());
        }

        // then
        assertThat(examples).containsExactly(new Example("a", "hello", Map.of("lang", "en")),
                new Example("b", "bonjour, monde", Map.of("lang", "fr")));
    }

    @Test
    void should_stream_jsonl() throws IOException {
        // given
        String jsonl = "{\"id\":\"a\",\"text\":\"hello\",\"label\":[\"x\"]}\n{\"text\":\"world\",\"n\":2}\n";

        // when
        List<Example> examples;
        try (Stream<Example> s = DatasetReader.jsonl().build().streamExamples(new StringReader(jsonl), "p.jsonl")) {
            examples = s.collect(Collectors.toList());
        }

        // then
        assertThat(examples).containsExactly(Example.of("a", "hello"), new Example("row-2", "world", Map.of("n", "2")));
    }

    @Test
    void should_throw_format_errors_from_the_stream_with_line_numbers() throws IOException {
        // given
        String csv = "text\nfine\n\"  \"\n";

        // when / then
        try (Stream<Example> s = DatasetReader.csv().build().streamExamples(new StringReader(csv), "p.csv")) {
            assertThatThrownBy(() -> s.forEach(e -> { }))
                    .isInstanceOf(DatasetFormatException.class)
                    .hasMessage("p.csv line 3: text in column 'text' is blank");
        }
    }

    @Test
    void should_detect_duplicate_ids_while_streaming() throws IOException {
        // given
        String csv = "id,text\n1,a\n1,b\n";

        // when / then
        try (Stream<Example> s = DatasetReader.csv().build().streamExamples(new StringReader(csv), "p.csv")) {
            assertThatThrownBy(() -> s.forEach(e -> { }))
                    .isInstanceOf(DatasetFormatException.class)
                    .hasMessage("p.csv line 3: duplicate id '1', first used on line 2");
        }
    }

    @Test
    void should_stream_repeated_ids_when_the_duplicate_check_is_off() throws IOException {
        // given
        String jsonl = "{\"id\":\"1\",\"text\":\"a\"}\n{\"id\":\"1\",\"text\":\"b\"}\n";

        // when
        List<Example> rows;
        try (Stream<Example> s = DatasetReader.jsonl().streamDuplicateCheck(false).build()
                .streamExamples(new StringReader(jsonl), "p.jsonl")) {
            rows = s.collect(Collectors.toList());
        }

        // then
        assertThat(rows).extracting(Example::text).containsExactly("a", "b");
    }

    @Test
    void should_skip_and_report_bad_rows_while_streaming_when_asked() throws IOException {
        // given
        String jsonl = "{\"text\":\"a\"}\nnot json\n{\"text\":\"\"}\n{\"text\":\"d\"}\n";
        List<DatasetFormatException> skipped = new ArrayList<>();
        DatasetReader reader = DatasetReader.jsonl().skipInvalidRows(true).onSkippedRow(skipped::add).build();

        // when
        List<String> texts;
        try (Stream<Example> s = reader.streamExamples(new StringReader(jsonl), "p.jsonl")) {
            texts = s.map(Example::text).collect(Collectors.toList());
        }

        // then
        assertThat(texts).containsExactly("a", "d");
        assertThat(skipped).extracting(DatasetFormatException::line).containsExactly(2L, 3L);
    }

    @Test
    void should_fail_before_streaming_when_the_text_column_is_missing() throws IOException {
        // given
        Path file = dir.resolve("p.csv");
        Files.writeString(file, "body\nx\n", StandardCharsets.UTF_8);

        // when / then
        assertThatThrownBy(() -> DatasetReader.csv().build().streamExamples(file))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(file + " line 1: missing column 'text'; the header has [body]");
        Files.delete(file); // the failed call closed the file (matters on Windows)
    }

    @Test
    void should_report_io_errors_while_streaming_as_unchecked() throws IOException {
        // given
        Reader failing = new Reader() {
            private boolean sent;

            @Override
            public int read(char[] buf, int off, int len) throws IOException {
                if (sent) {
                    throw new IOException("disk gone");
                }
                sent = true;
                "text\na\nb\n".getChars(0, 9, buf, off);
                return 9;
            }

            @Override
            public void close() {
            }
        };

        // when / then
        try (Stream<Example> s = DatasetReader.csv().build().streamExamples(failing, "p.csv")) {
            assertThatThrownBy(() -> s.forEach(e -> { }))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasRootCauseMessage("disk gone");
        }
    }
}
