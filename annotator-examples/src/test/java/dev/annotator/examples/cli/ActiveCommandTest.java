package dev.annotator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code active}, end to end through the command line, on a small synthetic slice. */
class ActiveCommandTest {
    @TempDir
    Path dir;

    private Path data() throws IOException {
        List<String> lines = new ArrayList<>(List.of("text,label,split"));
        String[] good = {"great", "wonderful", "loved", "excellent", "brilliant", "superb"};
        String[] bad = {"awful", "terrible", "hated", "dreadful", "boring", "horrible"};
        for (int i = 0; i < 60; i++) {
            boolean pos = i % 2 == 0;
            String[] words = pos ? good : bad;
            String text = "a " + words[i % 6] + " film, " + words[(i / 2 + 1) % 6] + " acting";
            String split = i < 40 ? "train" : i < 50 ? "dev" : "test";
            lines.add("\"" + text + "\"," + (pos ? "positive" : "negative") + "," + split);
        }
        Path f = dir.resolve("slice.csv");
        Files.write(f, lines);
        return f;
    }

    @Test
    void should_run_the_loop_with_a_noisy_oracle_and_reweighting_then_export_and_report() throws IOException {
        // given
        Path out = dir.resolve("run");

        // when
        AnnotateCommandTest.Run r = AnnotateCommandTest.cli("active", "--data", data().toString(), "--annotator", "oracle",
                "--flip", "0.3", "--selector", "least-confidence", "--weigher", "reweight", "--initial", "10", "--rounds", "2",
                "--per-round", "5", "--out", out.toString(), "--seed", "3", "--json");

        // then
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.lastJson();
        assertThat(j.get("labels").asInt()).isEqualTo(20);
        assertThat(j.get("calls").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(j.get("weigher").asText()).isEqualTo("reweight");
        assertThat(j.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(j.get("macroF1").asDouble()).isBetween(0.0, 1.0);
        assertThat(j.get("teacherAccuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(Path.of(j.get("curve").asText())).exists();
        assertThat(out.resolve("run.json")).exists();
        assertThat(out.resolve("student.onnx")).exists();
        assertThat(Files.readAllLines(out.resolve("curve.csv"))).hasSize(4);

        AnnotateCommandTest.Run report = AnnotateCommandTest.cli("report", "--run", out.toString(), "--out",
                dir.resolve("r.html").toString());
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(dir.resolve("r.html")).exists();

        AnnotateCommandTest.Run bad = AnnotateCommandTest.cli("active", "--data", data().toString(), "--annotator", "knn",
                "--flip", "0.3", "--out", out.toString());
        assertThat(bad.exit()).isNotZero();
    }
}
