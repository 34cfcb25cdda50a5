package dev.annotator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.task.Task;
import dev.annotator.llm.store.SqliteAnnotationStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code annotate} and {@code train --labels}, end to end through the command line. */
class AnnotateCommandTest {
    static final Path DATASETS = Path.of("..", "..", "shared", "datasets");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        JsonNode lastJson() throws IOException {
            String[] lines = out.strip().split("\n");
            return new ObjectMapper().readTree(lines[lines.length - 1]);
        }
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = AnnotatorCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** 8 train, 4 dev, 4 test rows of obvious sentiment. */
    private Path reviews() throws IOException {
        List<String> lines = new ArrayList<>(List.of("text,label,split"));
        String[] pos = {"A great film, I loved it", "Wonderful story and lovely acting", "Excellent, I enjoyed every minute",
            "Brilliant and delightful", "What a fantastic movie", "Superb, truly great", "I loved this wonderful film",
            "Great fun, highly recommended"};
        String[] neg = {"An awful film, I hated it", "Boring story and terrible acting", "Dreadful, a waste of time",
            "Dull and painful to watch", "What a horrible movie", "Terrible, truly bad", "I hated this awful film",
            "Worst film ever, avoid it"};
        for (int i = 0; i < pos.length; i++) {
            String split = i < 4 ? "train" : i < 6 ? "dev" : "test";
            lines.add("\"" + pos[i] + "\",positive," + split);
            lines.add("\"" + neg[i] + "\",negative," + split);
        }
        Path f = dir.resolve("reviews.csv");
        Files.write(f, lines);
        return f;
    }

    @Test
    void should_label_every_row_with_knn_into_the_store_and_report_counts() throws IOException {
        // given
        Path data = reviews();
        Path db = dir.resolve("labels.db");

        // when
        Run r = cli("annotate", "--data", data.toString(), "--annotator", "knn", "--store", db.toString(), "--batch-size", "5",
                "--json");

        // then
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.lastJson();
        assertThat(j.get("rows").asInt()).isEqualTo(16);
        assertThat(j.get("annotated").asInt() + j.get("abstained").asInt()).isEqualTo(16);
        assertThat(j.get("cached").asInt()).isZero();
        assertThat(j.get("calls").asLong()).isZero();
        assertThat(j.get("inputTokens").asLong()).isZero();
        assertThat(j.get("outputTokens").asLong()).isZero();
        assertThat(j.get("usd").asDouble()).isZero();
        assertThat(j.get("annotator").asText()).startsWith("knn:all-minilm-l6-v2-q:");
        assertThat(r.err()).contains("annotate: 16/16 rows");
        Task task = Task.singleLabel("reviews", "negative", "positive");
        try (SqliteAnnotationStore store = SqliteAnnotationStore.open(db)) {
            List<Annotation> all = store.annotations(task);
            assertThat(all).hasSize(16).allSatisfy(a -> assertThat(a.source()).isEqualTo(j.get("annotator").asText()));
            long right = all.stream().filter(a -> !a.isAbstention())
                    .filter(a -> a.labels().get(0).equals(Integer.parseInt(a.exampleId().substring(4)) % 2 == 1 ? "positive"
                            : "negative")).count();
            assertThat(right).as("rows labelled as their gold label").isGreaterThanOrEqualTo(14);
        }
    }

    @Test
    void should_count_rows_already_in_the_store_as_cached_on_a_rerun() throws IOException {
        Path data = reviews();
        Path db = dir.resolve("labels.db");
        assertThat(cli("annotate", "--data", data.toString(), "--annotator", "knn", "--store", db.toString(), "--split", "test")
                .exit()).isZero();

        Run r = cli("annotate", "--data", data.toString(), "--annotator", "knn", "--store", db.toString(), "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lastJson().get("cached").asInt()).isEqualTo(4);
        assertThat(r.lastJson().get("annotated").asInt() + r.lastJson().get("abstained").asInt()).isEqualTo(12);
        Run again = cli("annotate", "--data", data.toString(), "--annotator", "knn", "--store", db.toString(), "--json");
        assertThat(again.lastJson().get("cached").asInt()).isEqualTo(16);
        assertThat(again.lastJson().get("annotated").asInt()).isZero();
    }

    @Test
    void should_label_an_unlabelled_file_from_label_descriptions_of_a_task_file() throws IOException {
        Path data = dir.resolve("texts.csv");
        Files.write(data, List.of("text", "\"I loved it, wonderful\"", "\"I hated it, awful\""));
        Path task = dir.resolve("task.json");
        Files.writeString(task, "{\"name\":\"sentiment\",\"instruction\":\"\",\"kind\":\"SINGLE_LABEL\",\"labels\":["
                + "{\"name\":\"negative\",\"description\":\"the writer disliked it, bad and awful\"},"
                + "{\"name\":\"positive\",\"description\":\"the writer liked it, good and wonderful\"}]}");

        Run r = cli("annotate", "--data", data.toString(), "--task", task.toString(), "--annotator", "knn", "--store",
                dir.resolve("s.db").toString(), "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lastJson().get("task").asText()).isEqualTo("sentiment");
        try (SqliteAnnotationStore store = SqliteAnnotationStore.open(dir.resolve("s.db"))) {
            List<Annotation> all = store.annotations(store.task("sentiment").orElseThrow());
            assertThat(all).extracting(a -> a.labels().get(0)).containsExactly("positive", "negative");
        }
    }

    @Test
    void should_refuse_knn_without_a_gold_pool_or_descriptions() throws IOException {
        Path data = dir.resolve("nodev.csv");
        Files.write(data, List.of("text,label", "good,pos", "bad,neg"));

        Run r = cli("annotate", "--data", data.toString(), "--annotator", "knn", "--store", dir.resolve("s.db").toString());

        assertThat(r.exit()).isEqualTo(AnnotatorCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("needs a gold pool").contains("nodev.csv");
    }

    @Test
    void should_refuse_a_store_that_is_not_a_sqlite_database_naming_it() throws IOException {
        Path notDb = dir.resolve("notes.db");
        Files.writeString(notDb, "not a database at all\n".repeat(100));

        Run r = cli("annotate", "--data", reviews().toString(), "--annotator", "knn", "--store", notDb.toString());

        assertThat(r.exit()).isEqualTo(AnnotatorCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains(notDb.toString()).contains("not a SQLite database");
    }

    @Test
    void should_reject_an_unknown_annotator_or_split() throws IOException {
        Path data = reviews();
        Run unknown = cli("annotate", "--data", data.toString(), "--annotator", "oracle", "--store", dir.resolve("s.db").toString());
        Run split = cli("annotate", "--data", data.toString(), "--annotator", "knn", "--split", "holdout", "--store",
                dir.resolve("s.db").toString());

        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("oracle").contains("knn, llm");
        assertThat(split.exit()).isEqualTo(AnnotatorCli.EXIT_BAD_INPUT);
        assertThat(split.err()).contains("--split must be train, dev or test: holdout");
    }

    @Test
    void should_train_on_stored_annotations_instead_of_gold_labels() throws IOException {
        // given the train rows of a file labelled by knn into a store
        Path data = reviews();
        Path db = dir.resolve("labels.db");
        assertThat(cli("annotate", "--data", data.toString(), "--annotator", "knn", "--store", db.toString(), "--split", "train")
                .exit()).isZero();

        // when
        Run r = cli("train", "--data", data.toString(), "--labels", db.toString(), "--out", dir.resolve("m").toString(),
                "--buckets", "4096", "--json");

        // then
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.lastJson();
        assertThat(j.get("trainExamples").asInt() + j.get("labelsAbstained").asInt()).isEqualTo(8);
        assertThat(j.get("labelsMissing").asInt()).isZero();
        assertThat(j.get("labelsSource").asText()).startsWith("knn:");
        assertThat(j.get("devExamples").asInt()).isEqualTo(4);
        assertThat(j.get("testExamples").asInt()).isEqualTo(4);
        assertThat(r.out()).contains("stored annotations from knn:");
    }

    @Test
    void should_explain_when_stored_labels_do_not_fit_the_data() throws IOException {
        Path data = reviews();
        Path db = dir.resolve("labels.db");
        cli("annotate", "--data", data.toString(), "--annotator", "knn", "--store", db.toString(), "--split", "test");

        Run otherTask = cli("train", "--data", data.toString(), "--task-name", "other", "--labels", db.toString(), "--out",
                dir.resolve("m").toString());
        Run noTrainRows = cli("train", "--data", data.toString(), "--labels", db.toString(), "--out", dir.resolve("m").toString());
        Run missing = cli("train", "--data", data.toString(), "--labels", dir.resolve("nope.db").toString(), "--out",
                dir.resolve("m").toString());

        assertThat(otherTask.exit()).isEqualTo(AnnotatorCli.EXIT_BAD_INPUT);
        assertThat(otherTask.err()).contains("no annotations of task 'other'").contains("[reviews]");
        assertThat(noTrainRows.exit()).isEqualTo(AnnotatorCli.EXIT_BAD_INPUT);
        assertThat(noTrainRows.err()).contains("no usable annotation").contains("8 not annotated");
        assertThat(missing.exit()).isEqualTo(AnnotatorCli.EXIT_IO);
        assertThat(missing.err()).contains("nope.db");
        assertThat(dir.resolve("nope.db")).doesNotExist();
    }

    @Test
    void should_distil_knn_labels_of_real_sentiment_into_a_student_above_chance() throws IOException {
        // given 200 unlabelled train sentences, the 100 gold dev rows and the 900 gold test rows
        Path source = DATASETS.resolve("uci_sentiment.csv");
        assumeTrue(Files.exists(source), "shared datasets not present");
        List<String> lines = Files.readAllLines(source);
        List<String> subset = new ArrayList<>(List.of(lines.get(0)));
        int train = 0;
        for (String line : lines.subList(1, lines.size())) {
            if (line.endsWith(",train")) {
                if (train++ < 200) {
                    subset.add(line);
                }
            } else {
                subset.add(line);
            }
        }
        Path data = dir.resolve("uci200.csv");
        Files.write(data, subset);
        Path db = dir.resolve("uci.db");

        // when
        Run a = cli("annotate", "--data", data.toString(), "--annotator", "knn", "--store", db.toString(), "--split", "train",
                "--batch-size", "100", "--json");
        Run t = cli("train", "--data", data.toString(), "--labels", db.toString(), "--out", dir.resolve("m").toString(), "--json");

        // then
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(a.lastJson().get("annotated").asInt()).isGreaterThan(195);
        assertThat(t.exit()).as(t.err()).isZero();
        assertThat(t.lastJson().get("testExamples").asInt()).isEqualTo(900);
        assertThat(t.lastJson().get("accuracy").asDouble()).isGreaterThan(0.6);
    }
}
