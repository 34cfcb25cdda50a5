package dev.annotator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotatorCliTest {
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

    private Path toyCsv() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("review,sentiment,part");
        String[] pos = {"great film", "loved it", "wonderful story", "excellent acting", "great fun", "loved the music"};
        String[] neg = {"awful film", "hated it", "boring story", "terrible acting", "awful fun", "hated the music"};
        for (int i = 0; i < pos.length; i++) {
            String split = i < 4 ? "train" : i == 4 ? "dev" : "test";
            lines.add("\"" + pos[i] + ", really\",pos," + split);
            lines.add(neg[i] + ",neg," + split);
        }
        Path f = dir.resolve("toy.csv");
        Files.write(f, lines);
        return f;
    }

    @Test
    void should_train_with_custom_columns_and_print_a_json_summary() throws IOException {
        Path data = toyCsv();

        Run r = cli("train", "--data", data.toString(), "--student", "fast", "--out", dir.resolve("m").toString(),
                "--text-col", "review", "--label-col", "sentiment", "--split-col", "part", "--buckets", "4096", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.lastJson();
        assertThat(j.get("trainExamples").asInt()).isEqualTo(8);
        assertThat(j.get("testExamples").asInt()).isEqualTo(2);
        assertThat(j.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(j.has("macroF1")).isTrue();
        assertThat(j.get("trainSeconds").asDouble()).isPositive();
        assertThat(Path.of(j.get("model").asText())).exists().hasFileName("student.onnx");
    }

    @Test
    void should_predict_a_file_without_labels_and_count_texts() throws IOException {
        Path data = toyCsv();
        Path model = dir.resolve("m");
        assertThat(cli("train", "--data", data.toString(), "--out", model.toString(), "--text-col", "review", "--label-col",
                "sentiment", "--split-col", "part", "--buckets", "4096").exit()).isZero();
        Path texts = dir.resolve("texts.csv");
        List<String> lines = new ArrayList<>(List.of("text"));
        for (int i = 0; i < 1000; i++) {
            lines.add(i % 2 == 0 ? "\"great, loved it " + i + "\"" : "awful and hated " + i);
        }
        Files.write(texts, lines);

        Run r = cli("predict", "--model", model.toString(), "--data", texts.toString(), "--out",
                dir.resolve("pred.csv").toString(), "--batch-size", "64", "--threads", "2", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lastJson().get("texts").asLong()).isEqualTo(1000);
        assertThat(r.lastJson().get("textsPerSecond").asDouble()).isPositive();
        List<String> pred = Files.readAllLines(dir.resolve("pred.csv"));
        assertThat(pred).hasSize(1001);
        assertThat(pred.get(0)).isEqualTo("id,label,confidence,p_neg,p_pos");
        assertThat(pred.get(1)).startsWith("row-1,pos,");
        assertThat(pred.get(2)).startsWith("row-2,neg,");
        assertThat(pred.get(1000)).startsWith("row-1000,");
    }

    @Test
    void should_write_jsonl_predictions_when_asked() throws IOException {
        Path data = toyCsv();
        Path model = dir.resolve("m");
        cli("train", "--data", data.toString(), "--out", model.toString(), "--text-col", "review", "--label-col", "sentiment",
                "--split-col", "part", "--buckets", "4096");
        Path texts = dir.resolve("texts.jsonl");
        Files.write(texts, List.of("{\"id\":\"a\",\"text\":\"great film\"}", "{\"id\":\"b\",\"text\":\"hated it\"}"));

        Run r = cli("predict", "--model", model.resolve("student.onnx").toString(), "--data", texts.toString(), "--out",
                dir.resolve("pred.jsonl").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> pred = Files.readAllLines(dir.resolve("pred.jsonl"));
        assertThat(pred).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(pred.get(0));
        assertThat(first.get("id").asText()).isEqualTo("a");
        assertThat(first.get("p_pos").asDouble() + first.get("p_neg").asDouble()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
    }

    @Test
    void should_train_multi_label_and_evaluate_on_a_separate_file() throws IOException {
        // given multi-label training data without a split column (all train) and a separate eval file
        List<String> train = new ArrayList<>(List.of("text,label"));
        String[][] rows = {{"football match tonight", "sports"}, {"tennis final result", "sports"},
            {"stock prices fell", "money"}, {"bank interest rates", "money"},
            {"football club stock prices", "sports|money"}, {"tennis star bank deal", "sports|money"}};
        for (int rep = 0; rep < 3; rep++) {
            for (String[] r : rows) {
                train.add(r[0] + " " + rep + "," + r[1]);
            }
        }
        Path data = dir.resolve("topics.csv");
        Files.write(data, train);
        Path eval = dir.resolve("topics-eval.csv");
        Files.write(eval, List.of("text,label,split", "football and tennis,sports,test", "stock and bank,money,test",
                "football club bank deal,sports|money,test"));

        Run r = cli("train", "--data", data.toString(), "--eval", eval.toString(), "--out", dir.resolve("m").toString(),
                "--buckets", "4096", "--json");

        // then the summary reports multi-label metrics on the eval file's test split
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.lastJson();
        assertThat(j.get("trainExamples").asInt()).isEqualTo(18);
        assertThat(j.get("devExamples").asInt()).isZero();
        assertThat(j.get("testExamples").asInt()).isEqualTo(3);
        assertThat(j.has("microF1")).isTrue();
        assertThat(j.get("macroF1").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void should_report_no_evaluation_when_there_is_no_test_split() throws IOException {
        Path data = dir.resolve("train-only.csv");
        Files.write(data, List.of("text,label", "great,pos", "awful,neg", "loved it,pos", "hated it,neg"));

        Run r = cli("train", "--data", data.toString(), "--out", dir.resolve("m").toString(), "--buckets", "1024", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("not evaluated");
        assertThat(r.lastJson().get("testExamples").asInt()).isZero();
        assertThat(r.lastJson().has("accuracy")).isFalse();
    }

    @Test
    void should_exit_with_bad_input_naming_file_and_line() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.write(bad, List.of("text,label,split", "fine,a,train", "also fine,b,train", "oops,a,holdout"));

        Run r = cli("train", "--data", bad.toString(), "--out", dir.resolve("m").toString());

        assertThat(r.exit()).isEqualTo(AnnotatorCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("bad.csv line 4").contains("holdout");
    }

    @Test
    void should_exit_with_io_error_for_a_missing_file() {
        Run r = cli("predict", "--model", dir.resolve("nope").toString(), "--data", "x.csv", "--out", "y.csv");

        assertThat(r.exit()).isEqualTo(AnnotatorCli.EXIT_IO);
        assertThat(r.err()).startsWith("error:").contains("nope");
    }

    @Test
    void should_learn_real_sentiment_well_above_chance() throws IOException {
        Path data = DATASETS.resolve("uci_sentiment.csv");
        assumeTrue(Files.exists(data), "shared datasets not present");

        Run r = cli("train", "--data", data.toString(), "--out", dir.resolve("m").toString(), "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.lastJson();
        assertThat(j.get("trainExamples").asInt()).isEqualTo(2000);
        assertThat(j.get("testExamples").asInt()).isEqualTo(900);
        assertThat(j.get("accuracy").asDouble()).isGreaterThan(0.75);
        assertThat(j.get("macroF1").asDouble()).isGreaterThan(0.75);
    }
}
