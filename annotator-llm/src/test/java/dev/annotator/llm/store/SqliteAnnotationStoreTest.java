package dev.annotator.llm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.AnnotatorException;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.store.StoredResponse;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAnnotationStoreTest {
    static final Task TASK = Task.builder().name("sentiment").instruction("Is it positive?")
            .label("negative", "disliked").label("positive", "liked").build();

    @TempDir
    Path dir;

    private static StoredResponse response(String key, Instant at) {
        return new StoredResponse(key, "m", "req " + key, "ans " + key, new Cost(3, 1, 0.01), at);
    }

    @Test
    void should_write_a_file_any_sqlite_client_can_read_with_the_documented_schema() throws Exception {
        // given
        Path file = dir.resolve("sub/dir/labels.db");
        try (SqliteAnnotationStore store = SqliteAnnotationStore.open(file)) {
            store.putResponse(response("k1", Instant.parse("2026-01-01T00:00:00Z")));
            store.putAnnotation(TASK, Annotation.labelled("e1", LabelDistribution.of(TASK, new double[] {0.25, 0.75}), 0.75,
                    "knn", new Cost(0, 0, 0)));
            store.putAnnotation(TASK, Annotation.abstained("e2", "no neighbours", "knn", Cost.FREE));
        }

        // when read with plain JDBC, as any SQLite tool would
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            // then
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                assertThat(rs.getInt(1)).isEqualTo(SqliteAnnotationStore.SCHEMA_VERSION);
            }
            try (ResultSet rs = s.executeQuery("PRAGMA application_id")) {
                assertThat(rs.getInt(1)).isEqualTo(SqliteAnnotationStore.APPLICATION_ID);
            }
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            try (ResultSet rs = s.executeQuery("SELECT key, model, input_tokens, usd, created_at FROM responses")) {
                assertThat(rs.getString("key")).isEqualTo("k1");
                assertThat(rs.getLong("input_tokens")).isEqualTo(3);
                assertThat(rs.getString("created_at")).isEqualTo("2026-01-01T00:00:00.000000000Z");
            }
            try (ResultSet rs = s.executeQuery("SELECT example_id, labels, confidence, abstention_reason,"
                    + " json_extract(annotation, '$.distribution.positive') AS p FROM annotations WHERE task = 'sentiment'"
                    + " ORDER BY example_id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("labels")).isEqualTo("[\"positive\"]");
                assertThat(rs.getDouble("confidence")).isEqualTo(0.75);
                assertThat(rs.getString("abstention_reason")).isNull();
                assertThat(rs.getDouble("p")).isEqualTo(0.75);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("labels")).isEqualTo("[]");
                assertThat(rs.getString("abstention_reason")).isEqualTo("no neighbours");
            }
            try (ResultSet rs = s.executeQuery("SELECT json_extract(task_json, '$.instruction') FROM tasks WHERE name = 'sentiment'")) {
                assertThat(rs.getString(1)).isEqualTo("Is it positive?");
            }
        }
    }

    @Test
    void should_keep_the_task_definition_and_list_task_names() {
        try (SqliteAnnotationStore store = SqliteAnnotationStore.open(dir.resolve("s.db"))) {
            store.putAnnotation(TASK, Annotation.abstained("e", "r", "s", Cost.FREE));

            assertThat(store.taskNames()).containsExactly("sentiment");
            assertThat(store.task("sentiment")).contains(TASK);
            assertThat(store.task("other")).isEmpty();
            assertThat(store.annotationCount(TASK)).isEqualTo(1);
        }
    }

    @Test
    void should_list_annotations_of_one_source() {
        try (SqliteAnnotationStore store = SqliteAnnotationStore.open(dir.resolve("s.db"))) {
            store.putAnnotation(TASK, Annotation.abstained("e1", "r", "a", Cost.FREE));
            store.putAnnotation(TASK, Annotation.abstained("e2", "r", "b", Cost.FREE));
            store.putAnnotation(TASK, Annotation.abstained("e3", "r", "a", Cost.FREE));

            assertThat(store.annotations(TASK, "a")).extracting(Annotation::exampleId).containsExactly("e1", "e3");
            assertThat(store.annotatedExampleIds(TASK, "a")).containsExactlyInAnyOrder("e1", "e3");
            assertThat(store.annotatedExampleIds(TASK, "nobody")).isEmpty();
        }
    }

    @Test
    void should_stream_responses_oldest_first_and_annotations_in_order_for_audits() {
        try (SqliteAnnotationStore store = SqliteAnnotationStore.open(dir.resolve("s.db"))) {
            Instant t = Instant.parse("2026-03-01T10:00:00Z");
            store.putResponse(response("late", t.plusNanos(100_000_000)));
            store.putResponse(response("early", t));
            store.putResponse(response("middle", t.plusNanos(1)));
            for (String id : List.of("c", "a", "b")) {
                store.putAnnotation(TASK, Annotation.abstained(id, "r", "s", Cost.FREE));
            }

            List<String> keys = new ArrayList<>();
            long n = store.forEachResponse(r -> keys.add(r.key()));
            List<String> ids = new ArrayList<>();
            // the action may itself write to the store while it streams
            store.forEachAnnotation(TASK, a -> {
                ids.add(a.exampleId());
                store.putResponse(response("during-" + a.exampleId(), t));
            });

            assertThat(n).isEqualTo(3);
            assertThat(keys).containsExactly("early", "middle", "late");
            assertThat(ids).containsExactly("a", "b", "c");
            assertThat(store.responseCount()).isEqualTo(6);
        }
    }

    @Test
    void should_refuse_a_file_that_is_not_a_sqlite_database_naming_it() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "these are my notes, not a database\n".repeat(200));

        assertThatThrownBy(() -> SqliteAnnotationStore.open(file)).isInstanceOf(IncompatibleStoreException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not a SQLite database")
                .satisfies(e -> assertThat(((IncompatibleStoreException) e).file()).isEqualTo(file));
        assertThat(Files.readString(file)).startsWith("these are my notes");
    }

    @Test
    void should_refuse_a_newer_schema_naming_file_and_versions() throws Exception {
        Path file = dir.resolve("future.db");
        SqliteAnnotationStore.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 7");
        }

        assertThatThrownBy(() -> SqliteAnnotationStore.open(file)).isInstanceOf(IncompatibleStoreException.class)
                .isInstanceOf(AnnotatorException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("schema version 7")
                .hasMessageContaining("newer");
    }

    @Test
    void should_refuse_another_applications_database_and_leave_it_untouched() throws Exception {
        Path file = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
        }

        assertThatThrownBy(() -> SqliteAnnotationStore.open(file)).isInstanceOf(IncompatibleStoreException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not an annotation store")
                .hasMessageContaining("customers");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_schema WHERE type = 'table'")) {
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void should_refuse_use_after_close() {
        SqliteAnnotationStore store = SqliteAnnotationStore.open(dir.resolve("s.db"));
        store.close();
        store.close();

        assertThatThrownBy(() -> store.findResponse("k")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void should_share_one_file_between_two_open_stores() {
        Path file = dir.resolve("shared.db");
        try (SqliteAnnotationStore a = SqliteAnnotationStore.open(file); SqliteAnnotationStore b = SqliteAnnotationStore.open(file)) {
            a.putResponse(response("k", Instant.parse("2026-01-01T00:00:00Z")));
            StoredResponse kept = b.putResponse(new StoredResponse("k", "m", "other", "other", Cost.FREE, Instant.now()));

            assertThat(kept.response()).isEqualTo("ans k");
            assertThat(b.findResponse("k")).contains(kept);
        }
    }

    @Test
    void should_keep_every_put_that_returned_when_the_process_is_killed() throws Exception {
        // given a child JVM putting responses and annotations in a loop
        Path file = dir.resolve("crash.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StoreCrashChild.class.getName(),
                file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int lastReported = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (lastReported < 40 && (line = out.readLine()) != null) {
                lastReported = Integer.parseInt(line.substring("PUT ".length()));
            }
            // when it is killed with SIGKILL mid-run, without any chance to close the store
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(lastReported).as("child reported puts").isEqualTo(40);

        // then every put it reported is in the file
        try (SqliteAnnotationStore store = SqliteAnnotationStore.open(file)) {
            for (int i = 0; i <= lastReported; i++) {
                assertThat(store.findResponse("key-" + i)).as("response " + i).hasValueSatisfying(
                        r -> assertThat(r.response()).startsWith("answer "));
            }
            assertThat(store.responseCount()).isGreaterThanOrEqualTo(lastReported + 1);
            assertThat(store.annotations(StoreCrashChild.TASK).size()).isGreaterThanOrEqualTo(lastReported + 1);
        }
    }
}
