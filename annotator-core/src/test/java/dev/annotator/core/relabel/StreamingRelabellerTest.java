package dev.annotator.core.relabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingRelabellerTest {
    private static final Task TASK = Task.singleLabel("toy", "neg", "pos");

    @TempDir
    Path dir;

    /** Says pos when the text contains "good"; records its threads. */
    static final class KeywordStudent implements StudentModel {
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public Task task() {
            return TASK;
        }

        @Override
        public Provenance provenance() {
            return new Provenance("toy", "keyword", Map.of(), 0, "x", "none", "test", "2026-01-01T00:00:00Z");
        }

        @Override
        public List<LabelDistribution> predictBatch(List<String> texts) {
            threads.add(Thread.currentThread().getName() + Thread.currentThread().getId());
            return texts.stream().map(t -> LabelDistribution.of(TASK, t.contains("good") ? new double[] {0.2, 0.8}
                    : new double[] {0.9, 0.1})).toList();
        }

        @Override
        public void close() {
        }
    }

    private Path corpus(int n, String name) throws IOException {
        Path f = dir.resolve(name);
        List<String> lines = new ArrayList<>(List.of("body"));
        for (int i = 0; i < n; i++) {
            lines.add(i % 3 == 0 ? "\"good, " + i + "\"" : "bad " + i);
        }
        Files.write(f, lines);
        return f;
    }

    @Test
    void should_label_every_text_in_input_order_on_several_threads() throws IOException {
        // given
        KeywordStudent student = new KeywordStudent();
        List<Long> progress = new ArrayList<>();
        StreamingRelabeller r = StreamingRelabeller.builder().student(student).threads(2).batchSize(50).textColumn("body")
                .progress((texts, seconds) -> progress.add(texts)).build();

        // when
        RelabelResult result = r.relabel(corpus(10_000, "c.csv"), dir.resolve("sub/out.csv"));

        // then
        assertThat(result.texts()).isEqualTo(10_000);
        assertThat(result.textsPerSecond()).isPositive();
        List<String> out = Files.readAllLines(dir.resolve("sub/out.csv"));
        assertThat(out).hasSize(10_001);
        assertThat(out.get(0)).isEqualTo("id,label,confidence,p_neg,p_pos");
        assertThat(out.get(1)).isEqualTo("row-1,pos,0.8,0.2,0.8");
        assertThat(out.get(2)).isEqualTo("row-2,neg,0.9,0.9,0.1");
        for (int i = 1; i <= 10_000; i++) {
            assertThat(out.get(i)).startsWith("row-" + i + "," + ((i - 1) % 3 == 0 ? "pos" : "neg") + ",");
        }
        assertThat(student.threads).hasSize(2);
        assertThat(progress).isSorted().hasSizeGreaterThan(10).last().isEqualTo(10_000L);
    }

    @Test
    void should_write_jsonl_when_the_output_is_named_so() throws IOException {
        Path in = dir.resolve("c.jsonl");
        Files.write(in, List.of("{\"id\":\"a\",\"text\":\"good\"}", "{\"id\":\"b\",\"text\":\"meh\"}"));

        StreamingRelabeller.builder().student(new KeywordStudent()).threads(1).build().relabel(in, dir.resolve("o.jsonl"));

        List<String> out = Files.readAllLines(dir.resolve("o.jsonl"));
        assertThat(out).hasSize(2);
        JsonNode b = new ObjectMapper().readTree(out.get(1));
        assertThat(b.get("id").asText()).isEqualTo("b");
        assertThat(b.get("label").asText()).isEqualTo("neg");
        assertThat(b.get("p_neg").asDouble()).isEqualTo(0.9, org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void should_name_what_is_wrong() throws IOException {
        assertThatThrownBy(() -> StreamingRelabeller.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("student");
        assertThatThrownBy(() -> StreamingRelabeller.builder().threads(0)).hasMessageContaining("threads must be >= 1: 0");
        Path in = corpus(3, "c.csv");
        StreamingRelabeller r = StreamingRelabeller.builder().student(new KeywordStudent()).textColumn("missing").build();
        assertThatThrownBy(() -> r.relabel(in, dir.resolve("o.csv"))).hasMessageContaining("missing");
    }
}
