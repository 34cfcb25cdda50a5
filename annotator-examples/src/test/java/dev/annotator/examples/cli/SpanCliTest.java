package dev.annotator.examples.cli;

import static dev.annotator.examples.cli.EncoderCliTest.lastJson;
import static dev.annotator.examples.cli.EncoderCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} on span JSONL trains the span tagger; {@code predict} with it writes spans. */
class SpanCliTest {
    static final String[] NAMES = {"Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts",
        "Walker", "Wright", "Hughes", "Green", "Hall", "Wood", "Harris", "Jackson", "Clarke", "Turner", "Moore"};
    static final String[] TEMPLATES = {"Yesterday Mr. %s went to the market in Boston.", "The letter from Mr. %s arrived on Monday.",
        "We asked Mr. %s about the new bridge.", "After dinner Mr. %s read the paper quietly.",
        "Paris was cold when Mr. %s arrived."};
    static final String[] NONE = {"The weather in April was mild.", "Tuesday the council met again.",
        "Prices rose sharply in Chicago last year.", "The committee in Denver sold the farm.", "London asked the mayor for a report."};

    @TempDir
    Path dir;

    Path data;

    static String row(String id, String template, String name, String split) {
        String text = String.format(template, name);
        int at = text.indexOf("Mr. ") + 4;
        return "{\"id\": \"" + id + "\", \"text\": \"" + text + "\", \"spans\": [{\"start\": " + at + ", \"end\": "
                + (at + name.length()) + ", \"type\": \"NAME\"}], \"split\": \"" + split + "\", \"genre\": \"made-up\"}";
    }

    @BeforeEach
    void data() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            String split = i < 14 ? "train" : i < 16 ? "dev" : "test";
            for (int t = 0; t < (i < 14 ? 2 : 1); t++) {
                lines.add(row("r" + i + "-" + t, TEMPLATES[(i + 2 * t) % TEMPLATES.length], NAMES[i], split));
            }
        }
        for (int i = 0; i < NONE.length; i++) {
            lines.add("{\"id\": \"none" + i + "\", \"text\": \"" + NONE[i] + "\", \"spans\": [], \"split\": \"train\"}");
        }
        data = Files.write(dir.resolve("names.jsonl"), lines);
    }

    @Test
    void should_train_a_span_tagger_on_span_jsonl_and_predict_spans_with_it() throws IOException {
        // when trained on the span file (no --student: span data means the encoder's token tagger)
        Path model = dir.resolve("model");
        String[] train = run("train", "--data", data.toString(), "--out", model.toString(), "--encoder-threads", "1", "--json");

        // then it reports span scores on 'test' and writes one ONNX file with its tokenizer
        assertThat(train[0]).as(train[2]).isEqualTo("0");
        assertThat(train[1]).contains("trained span tagger for task 'names' [NAME] on 33 texts").contains("span precision");
        JsonNode j = lastJson(train[1]);
        assertThat(j.get("studentType").asText()).isEqualTo("span-tagger");
        assertThat(j.get("trainExamples").asInt()).isEqualTo(33);
        assertThat(j.get("devExamples").asInt()).isEqualTo(2);
        assertThat(j.get("testExamples").asInt()).isEqualTo(4);
        assertThat(j.get("spanF1").asDouble()).as(train[1]).isGreaterThan(0.5);
        double precision = j.get("precision").asDouble();
        double recall = j.get("recall").asDouble();
        // (this data gives precision and recall 1.0; one wrong span in the 4 test texts would still be above 0.5)
        assertThat(precision).as(train[1]).isBetween(0.0, 1.0).isGreaterThan(0.5);
        assertThat(recall).as(train[1]).isBetween(0.0, 1.0).isGreaterThan(0.5);
        assertThat(j.get("spanF1").asDouble()).isCloseTo(2 * precision * recall / (precision + recall), within(1e-9));
        assertThat(j.get("trainSeconds").asDouble()).isPositive();
        assertThat(j.get("model").asText()).endsWith("student.onnx");
        assertThat(model.resolve("student.onnx")).exists();
        assertThat(model.resolve("student-tokenizer.json")).exists();

        // and predict writes the spans of each text as JSONL, offsets into the text
        Path in = Files.write(dir.resolve("texts.jsonl"), List.of("{\"id\": \"a\", \"text\": \"They said Mr. Morgan had sold the farm.\"}",
                "{\"text\": \"Snow fell on Sunday.\"}"));
        Path out = dir.resolve("spans.jsonl");
        String[] predict = run("predict", "--model", model.toString(), "--data", in.toString(), "--out", out.toString(),
                "--threads", "1", "--json");
        assertThat(predict[0]).as(predict[2]).isEqualTo("0");
        assertThat(lastJson(predict[1]).get("texts").asInt()).isEqualTo(2);
        List<String> rows = Files.readAllLines(out);
        assertThat(rows).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(rows.get(0));
        assertThat(first.get("id").asText()).isEqualTo("a");
        assertThat(first.get("spans")).hasSize(1);
        assertThat(first.get("spans").get(0).get("text").asText()).isEqualTo("Morgan");
        assertThat(first.get("spans").get(0).get("start").asInt()).isEqualTo(14);
        JsonNode second = new ObjectMapper().readTree(rows.get(1));
        assertThat(second.get("id").asText()).isEqualTo("row-2");
        assertThat(second.get("spans")).isEmpty();

        // a CSV input is refused with the reason
        Path csv = Files.write(dir.resolve("texts.csv"), List.of("text", "Mr. Hill"));
        String[] bad = run("predict", "--model", model.toString(), "--data", csv.toString(), "--out", out.toString());
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[2]).contains("a span tagger reads JSON Lines");
    }

    @Test
    void should_refuse_the_fast_student_and_a_hidden_layer_on_span_data() {
        String[] fast = run("train", "--data", data.toString(), "--student", "fast", "--out", dir.resolve("m").toString());
        assertThat(fast[0]).isEqualTo("2");
        assertThat(fast[2]).contains("--student fast cannot tag spans").contains("is span data");
        String[] hidden = run("train", "--data", data.toString(), "--hidden", "8", "--out", dir.resolve("m").toString());
        assertThat(hidden[0]).isEqualTo("2");
        assertThat(hidden[2]).contains("the span tagger's head is linear");
    }
}
