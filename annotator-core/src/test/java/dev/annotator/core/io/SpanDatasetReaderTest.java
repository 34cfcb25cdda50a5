package dev.annotator.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.annotator.core.data.Split;
import dev.annotator.core.eval.SpanMetrics;
import dev.annotator.core.eval.SpanReport;
import dev.annotator.core.span.BioCodec;
import dev.annotator.core.span.SpanAligner;
import dev.annotator.core.span.SpanAnswer;
import dev.annotator.core.span.TokenOffsets;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanDataset;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpanDatasetReaderTest {
    private static final Task NER = Task.builder().name("ner").kind(TaskKind.SPAN).label("PER", "a person")
            .label("LOC", "a place").build();
    private static final SpanDatasetReader READER = SpanDatasetReader.builder().build();

    private static SpanDataset read(String jsonl) throws IOException {
        return READER.read(new StringReader(jsonl), "t.jsonl", NER);
    }

    private static void assertFails(String jsonl, long line, String problem) {
        assertThatThrownBy(() -> read(jsonl)).isInstanceOfSatisfying(DatasetFormatException.class, e -> {
            assertThat(e.source()).isEqualTo("t.jsonl");
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.problem()).contains(problem);
        });
    }

    @Test
    void should_read_spans_splits_ids_and_metadata() throws IOException {
        // given
        String jsonl = "{\"id\":\"a\",\"text\":\"Ann met Bob in Rome\",\"spans\":[{\"start\":15,\"end\":19,\"type\":\"LOC\"},"
                + "{\"start\":0,\"end\":3,\"type\":\"PER\"}],\"split\":\"dev\",\"genre\":\"news\"}\n"
                + "\n"
                + "{\"text\":\"nothing here\",\"spans\":[]}\n";

        // when
        SpanDataset d = read(jsonl);

        // then
        SpanExample a = d.rows().get(0);
        assertThat(a.spans()).containsExactly(Span.of(0, 3, "PER"), Span.of(15, 19, "LOC"));
        assertThat(a.spanTexts()).containsExactly("Ann", "Rome");
        assertThat(a.split()).isEqualTo(Split.DEV);
        assertThat(a.example().metadata()).containsEntry("genre", "news");
        SpanExample b = d.rows().get(1);
        assertThat(b.id()).isEqualTo("row-2");
        assertThat(b.split()).isEqualTo(Split.TRAIN);
        assertThat(b.spans()).isEmpty();
    }

    @Test
    void should_name_file_line_and_problem() {
        String ok = "{\"text\":\"Ann\",\"spans\":[]}\n";
        assertFails(ok + "{\"text\":\"Ann\",\"spans\":[{\"start\":0,\"end\":9,\"type\":\"PER\"}]}", 2,
                "offsets outside the text (length 3)");
        assertFails(ok + "{\"text\":\"Ann Lee\",\"spans\":[{\"start\":0,\"end\":3,\"type\":\"PER\"},"
                + "{\"start\":2,\"end\":7,\"type\":\"PER\"}]}", 2, "overlap");
        assertFails("{\"text\":\"Ann\",\"spans\":[{\"start\":0,\"end\":3,\"type\":\"ORG\"}]}", 1,
                "type 'ORG' is not an entity type of task 'ner' [PER, LOC]");
        assertFails("{\"text\":\"Ann\",\"spans\":[],\"split\":\"holdout\"}", 1, "split 'holdout' is not train, dev or test");
        assertFails("{\"text\":\"Ann\"}", 1, "missing field 'spans'");
        assertFails("{\"text\":\"  \",\"spans\":[]}", 1, "'text' must not be blank");
        assertFails("{\"text\":\"Ann\",\"spans\":[{\"start\":2,\"end\":1,\"type\":\"PER\"}]}", 1, "end must be greater");
        assertFails("{\"text\":\"Ann\",\"spans\":[{\"start\":\"0\",\"end\":1,\"type\":\"PER\"}]}", 1, "integer 'start'");
        assertFails("{\"text\":\"Ann\",\"spans\":[{\"start\":0,\"end\":1}]}", 1, "string 'type'");
        assertFails("{\"id\":\"x\",\"text\":\"Ann\",\"spans\":[]}\n{\"id\":\"x\",\"text\":\"Bo\",\"spans\":[]}", 2,
                "duplicate id 'x'");
        assertFails("{\"text\":\"Ann\",", 1, "malformed JSON");
    }

    @Test
    void should_skip_and_report_bad_rows_when_asked() throws IOException {
        // given
        List<DatasetFormatException> skipped = new ArrayList<>();
        SpanDatasetReader lenient = SpanDatasetReader.builder().skipInvalidRows(true).onSkippedRow(skipped::add).build();

        // when
        SpanDataset d = lenient.read(new StringReader("{\"text\":\"Ann\",\"spans\":[]}\n{\"text\":\"Bo\"}\n"), "t.jsonl", NER);

        // then
        assertThat(d.size()).isEqualTo(1);
        assertThat(skipped).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(2));
    }

    @Test
    void should_count_file_offsets_in_code_points() throws IOException {
        // given: the emoji is one code point but two Java chars
        String text = "\uD83D\uDE00 Ann";

        // when
        SpanDataset d = read("{\"text\":\"" + text + "\",\"spans\":[{\"start\":2,\"end\":5,\"type\":\"PER\"}]}");

        // then
        assertThat(d.rows().get(0).spans()).containsExactly(Span.of(3, 6, "PER"));
        assertThat(d.rows().get(0).spanTexts()).containsExactly("Ann");
    }

    @Test
    void should_infer_the_entity_types_in_order_of_first_appearance(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ner.jsonl");
        Files.writeString(file, "\uFEFF{\"text\":\"Ann in Rome\",\"spans\":[{\"start\":8,\"end\":12,\"type\":\"LOC\"},"
                + "{\"start\":0,\"end\":3,\"type\":\"PER\"}]}\n\nnot json\n"
                + "{\"text\":\"Bo at Acme\",\"spans\":[{\"start\":6,\"end\":10,\"type\":\"ORG\"},{\"start\":0,\"end\":2,\"type\":\"PER\"}]}\n");

        Task task = SpanDatasetReader.builder().build().inferTask(file, "ner");

        assertThat(task.name()).isEqualTo("ner");
        assertThat(task.kind()).isEqualTo(TaskKind.SPAN);
        assertThat(task.labelNames()).containsExactly("LOC", "PER", "ORG");
        assertThat(task.instruction()).isEqualTo("Mark every LOC, PER, ORG span.");
        assertThat(task.labels().get(0).description()).isEqualTo("entity type LOC");

        Path none = dir.resolve("none.jsonl");
        Files.writeString(none, "{\"text\":\"no spans\",\"spans\":[]}\n");
        assertThatThrownBy(() -> SpanDatasetReader.builder().build().inferTask(none, "ner"))
                .isInstanceOf(DatasetFormatException.class).hasMessageContaining("no entity type");
    }

    @Test
    void should_round_trip_through_the_writer(@TempDir Path dir) throws IOException {
        // given
        SpanDataset d = read("{\"id\":\"a\",\"text\":\"\uD83D\uDE00 Ann in Rome\",\"spans\":[{\"start\":2,\"end\":5,\"type\":\"PER\"},"
                + "{\"start\":9,\"end\":13,\"type\":\"LOC\"}],\"split\":\"test\",\"genre\":\"x\"}\n"
                + "{\"id\":\"b\",\"text\":\"none\",\"spans\":[]}\n");
        Path file = dir.resolve("out.jsonl");

        // when
        SpanDatasetWriter.write(d, file);
        SpanDataset back = READER.read(file, NER);

        // then
        assertThat(back.rows()).isEqualTo(d.rows());
        assertThat(back.fingerprint()).isEqualTo(d.fingerprint());
        assertThat(Files.readAllLines(file).get(0)).contains("\"start\":2,\"end\":5");
    }

    @Test
    void should_stream_without_collecting() throws IOException {
        // given
        StringWriter out = new StringWriter();
        String jsonl = "{\"text\":\"Ann\",\"spans\":[{\"start\":0,\"end\":3,\"type\":\"PER\"}]}\n{\"text\":\"Bo\",\"spans\":[]}\n";

        // when
        try (Stream<SpanExample> rows = READER.stream(new StringReader(jsonl), "t.jsonl", NER)) {
            SpanDatasetWriter.write(rows::iterator, out);
        }

        // then
        assertThat(out.toString()).isEqualTo(
                "{\"id\":\"row-1\",\"text\":\"Ann\",\"spans\":[{\"start\":0,\"end\":3,\"type\":\"PER\"}],\"split\":\"train\"}\n"
                + "{\"id\":\"row-2\",\"text\":\"Bo\",\"spans\":[],\"split\":\"train\"}\n");
    }

    @Test
    void should_reject_a_classification_task() {
        assertThatThrownBy(() -> READER.read(new StringReader(""), "t.jsonl", Task.singleLabel("s", "a", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a SPAN task");
    }

    @Test
    void should_read_the_brown_proper_nouns_dataset() throws IOException {
        // given
        Path file = Path.of("..", "..", "shared", "datasets", "brown_proper_nouns.jsonl");
        assumeTrue(Files.exists(file), () -> "shared dataset not found: " + file.toAbsolutePath());
        Task names = Task.builder().name("names").kind(TaskKind.SPAN).label("NAME", "a proper name").build();

        // when
        SpanDataset d = READER.read(file, names);

        // then
        assertThat(d.split(Split.TRAIN)).hasSize(12000);
        assertThat(d.split(Split.DEV)).hasSize(100);
        assertThat(d.split(Split.TEST)).hasSize(3000);
        SpanExample second = d.rows().get(1);
        assertThat(second.spanTexts()).containsExactly("Georgia's");
        assertThat(second.example().metadata()).containsEntry("genre", "news");

        // and the core pieces agree on real data: gold spans lie on whitespace tokens, so BIO
        // round-trips exactly; an oracle annotator naming the gold strings is aligned almost perfectly
        BioCodec bio = BioCodec.of(names);
        SpanAligner aligner = SpanAligner.of(names);
        List<SpanExample> test = d.split(Split.TEST);
        List<List<Span>> aligned = new ArrayList<>();
        for (SpanExample e : test) {
            TokenOffsets tokens = TokenOffsets.whitespace(e.text());
            assertThat(bio.decode(bio.encode(e, tokens), tokens)).as(e.id()).isEqualTo(e.spans());
            List<SpanAnswer> answers = e.spanTexts().stream().map(t -> SpanAnswer.of(t, "NAME")).toList();
            aligned.add(aligner.align(e.text(), answers).spans());
        }
        SpanReport oracle = SpanMetrics.evaluate(names, SpanMetrics.goldSpans(test), aligned);
        assertThat(oracle.recall()).isEqualTo(1.0);
        assertThat(oracle.precision()).isGreaterThan(0.99);   // measured 2231 of 2233: a name also unmarked elsewhere
    }
}
