package dev.annotator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

/** {@code train --student encoder} and {@code predict} on its model directory. */
class EncoderCliTest {
    @TempDir
    Path dir;

    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = AnnotatorCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    static JsonNode lastJson(String out) throws IOException {
        String[] lines = out.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    @Test
    void should_train_an_encoder_student_and_predict_with_its_directory() throws IOException {
        // given a small labelled slice with train/dev/test splits
        List<String> lines = new ArrayList<>(List.of("text,label,split"));
        String[] pos = {"great film, loved it", "wonderful acting and story", "excellent, would watch again",
            "a moving and beautiful film", "brilliant fun", "loved the music"};
        String[] neg = {"awful film, hated it", "boring acting and story", "dreadful, never again", "a dull and ugly film",
            "terrible waste of time", "hated the music"};
        for (int i = 0; i < pos.length; i++) {
            String split = i < 4 ? "train" : i == 4 ? "dev" : "test";
            lines.add("\"" + pos[i] + "\",pos," + split);
            lines.add("\"" + neg[i] + "\",neg," + split);
        }
        Path data = Files.write(dir.resolve("reviews.csv"), lines);
        Path model = dir.resolve("model");

        // when trained as an encoder student
        String[] train = run("train", "--data", data.toString(), "--student", "encoder", "--out", model.toString(), "--epochs", "40",
                "--max-length", "8", "--encoder-threads", "1", "--json");

        // then the directory holds the ONNX file and its tokenizer, and truncation is reported
        assertThat(train[0]).as(train[2]).isEqualTo("0");
        assertThat(train[1]).contains("were longer than 8 tokens and were truncated");
        JsonNode j = lastJson(train[1]);
        assertThat(j.get("trainExamples").asInt()).isEqualTo(8);
        assertThat(j.get("testExamples").asInt()).isEqualTo(2);
        assertThat(j.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(model.resolve("student.onnx")).exists();
        assertThat(model.resolve("student-tokenizer.json")).exists();

        // and predict labels a file of texts through the model directory
        List<String> texts = new ArrayList<>(List.of("text"));
        for (int i = 0; i < 40; i++) {
            texts.add(i % 2 == 0 ? "\"loved it, wonderful " + i + "\"" : "\"hated it, awful " + i + "\"");
        }
        Path in = Files.write(dir.resolve("texts.csv"), texts);
        Path out = dir.resolve("predictions.csv");
        String[] predict = run("predict", "--model", model.toString(), "--data", in.toString(), "--out", out.toString(), "--threads",
                "1", "--json");

        assertThat(predict[0]).as(predict[2]).isEqualTo("0");
        List<String> rows = Files.readAllLines(out);
        assertThat(rows).hasSize(41);
        assertThat(rows.get(0)).startsWith("id,label,confidence");
        assertThat(rows.get(1)).contains(",pos,");
        assertThat(rows.get(2)).contains(",neg,");
    }

    @Test
    void should_reject_an_unknown_student_type() {
        String[] r = run("train", "--data", "x.csv", "--student", "bert", "--out", dir.toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("--student must be 'fast' or 'encoder': bert");
    }
}
