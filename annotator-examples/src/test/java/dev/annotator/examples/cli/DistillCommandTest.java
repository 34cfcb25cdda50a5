package dev.annotator.examples.cli;

import static dev.annotator.examples.cli.AnnotatorCliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotator.core.report.Evaluation;
import dev.annotator.core.report.RunRecord;
import dev.annotator.core.report.RunRecordJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code distill} and {@code demo} on a slice of the real UCI sentiment data (kept small: 2 shared cores). */
class DistillCommandTest {
    @TempDir
    static Path dir;

    static Path slice;

    @BeforeAll
    static void slice() throws IOException {
        slice = uciSlice(dir);
    }

    /**
     * Writes 400 train, all 100 dev and 200 test rows of uci_sentiment, in file order, into a directory;
     * skips the test when the shared datasets are absent.
     */
    static Path uciSlice(Path dir) throws IOException {
        Path data = AnnotatorCliTest.DATASETS.resolve("uci_sentiment.csv");
        assumeTrue(Files.exists(data), "shared datasets not present");
        List<String> lines = Files.readAllLines(data);
        List<String> out = new ArrayList<>(List.of(lines.get(0)));
        int train = 0;
        int test = 0;
        for (String l : lines.subList(1, lines.size())) {
            if (l.endsWith(",train") && train < 400) {
                train++;
                out.add(l);
            } else if (l.endsWith(",test") && test < 200) {
                test++;
                out.add(l);
            } else if (l.endsWith(",dev")) {
                out.add(l);
            }
        }
        assumeTrue(train == 400 && test == 200, "uci_sentiment.csv has its split column last");
        Path slice = dir.resolve("uci-slice.csv");
        Files.write(slice, out);
        return slice;
    }

    @Test
    void should_distill_the_knn_teacher_into_an_onnx_student_and_relabel_a_corpus() throws IOException {
        Path out = dir.resolve("distill");
        Path corpus = dir.resolve("corpus.jsonl");
        Files.write(corpus, List.of("{\"id\":\"a\",\"text\":\"I love this phone, it works great\"}",
                "{\"id\":\"b\",\"text\":\"Terrible, it broke after a day and I want my money back\"}"));

        AnnotatorCliTest.Run r = cli("distill", "--data", slice.toString(), "--annotator", "knn", "--labels", "150", "--student", "fast",
                "--out", out.toString(), "--relabel", corpus.toString(), "--relabel-out", dir.resolve("labelled.jsonl").toString(),
                "--threads", "2", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.lastJson();
        assertThat(j.get("labels").asInt()).isEqualTo(150);
        assertThat(j.get("calls").asInt()).isEqualTo(150 + 200);      // the sample, then the test set for the teacher's score
        assertThat(j.get("teacherAccuracy").asDouble()).isGreaterThan(0.6);   // chance is 0.5
        assertThat(j.get("studentAccuracy").asDouble()).isGreaterThan(0.55);
        assertThat(j.get("agreement").asDouble()).isGreaterThan(0.55);
        assertThat(j.get("relabelled").asInt()).isEqualTo(2);
        assertThat(j.get("relabelTextsPerSecond").asDouble()).isPositive();
        assertThat(out.resolve("student.onnx")).exists();
        assertThat(out.resolve("report.html")).content().contains("<svg");
        List<String> labelled = Files.readAllLines(dir.resolve("labelled.jsonl"));
        assertThat(labelled).hasSize(2);
        assertThat(labelled.get(0)).contains("\"id\":\"a\"").contains("\"label\":\"positive\"");
        assertThat(labelled.get(1)).contains("\"id\":\"b\"").contains("\"label\":\"negative\"");
        RunRecord record = RunRecordJson.readFrom(out);
        assertThat(record.evaluations()).extracting(Evaluation::split).contains("test", "test, teacher's labels");
        assertThat(r.err()).contains("annotate").contains("150/150");
    }

    @Test
    void should_distill_into_the_encoder_student_and_relabel_with_its_onnx_file() throws IOException {
        Path out = dir.resolve("distill-encoder");

        AnnotatorCliTest.Run r = cli("distill", "--data", slice.toString(), "--annotator", "knn", "--labels", "60", "--student", "encoder",
                "--out", out.toString(), "--relabel", slice.toString(), "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.lastJson();
        assertThat(j.get("student").asText()).isEqualTo("encoder");
        assertThat(j.get("labels").asInt()).isEqualTo(60);
        assertThat(j.get("studentAccuracy").asDouble()).isGreaterThan(0.6);   // MiniLM features: well above chance from 60 labels
        assertThat(j.get("relabelled").asInt()).isEqualTo(700);
        assertThat(out.resolve("student.onnx")).exists();
        assertThat(out.resolve("student-tokenizer.json")).exists();
        assertThat(Files.readAllLines(out.resolve("relabelled.csv"))).hasSize(701);
    }

    @Test
    void should_reject_bad_options_with_exit_2_naming_them() {
        AnnotatorCliTest.Run zero = cli("distill", "--data", slice.toString(), "--annotator", "knn", "--labels", "0", "--out",
                dir.resolve("x").toString());
        assertThat(zero.exit()).isEqualTo(AnnotatorCli.EXIT_BAD_INPUT);
        assertThat(zero.err()).contains("--labels must be at least 1: 0");

        AnnotatorCliTest.Run student = cli("distill", "--data", slice.toString(), "--annotator", "knn", "--labels", "10",
                "--student", "bert", "--out", dir.resolve("y").toString());
        assertThat(student.exit()).isEqualTo(AnnotatorCli.EXIT_BAD_INPUT);
        assertThat(student.err()).contains("--student").contains("bert");

        AnnotatorCliTest.Run orphan = cli("distill", "--data", slice.toString(), "--annotator", "knn", "--labels", "10",
                "--relabel-out", "x.csv", "--out", dir.resolve("z").toString());
        assertThat(orphan.exit()).isEqualTo(AnnotatorCli.EXIT_BAD_INPUT);
        assertThat(orphan.err()).contains("--relabel-out needs --relabel");
    }

    @Test
    void should_run_the_demo_loop_export_relabel_and_report() throws IOException {
        Path out = dir.resolve("demo");

        AnnotatorCliTest.Run r = cli("demo", "--data", slice.toString(), "--out", out.toString(), "--rounds", "2", "--per-round", "50",
                "--no-baseline", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("confusion matrix").contains("sample predictions").contains("teacher");
        JsonNode j = r.lastJson();
        assertThat(j.get("command").asText()).isEqualTo("demo");
        assertThat(j.get("labels").asInt()).isEqualTo(150);
        assertThat(j.get("rounds").asInt()).isEqualTo(3);
        assertThat(j.get("teacherAccuracy").asDouble()).isGreaterThan(0.6);
        assertThat(j.get("studentAccuracy").asDouble()).isGreaterThan(0.55);
        assertThat(j.get("encoderAccuracy").asDouble()).isGreaterThan(0.6);
        assertThat(j.get("relabelled").asInt()).isEqualTo(700);
        assertThat(out.resolve("fast/student.onnx")).exists();
        assertThat(out.resolve("encoder/student.onnx")).exists();
        assertThat(Files.readAllLines(out.resolve("relabelled.csv"))).hasSize(701);
        assertThat(out.resolve("curve.csv")).exists();
        RunRecord record = RunRecordJson.readFrom(out);
        assertThat(record.curve()).hasSize(3);
        assertThat(record.evaluations()).extracting(Evaluation::name).contains("fast student (ONNX file)",
                "encoder student (ONNX file)");
        assertThat(out.resolve("report.html")).content().contains("<svg").contains("fast student (ONNX file)");
        assertThat(r.err()).contains("round  3/3");
    }
}
