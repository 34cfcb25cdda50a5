package dev.annotator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotator.core.report.RunRecordJson;
import dev.annotator.testing.FakeOpenAiServer;
import dev.annotator.testing.FakeOpenAiServer.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramsCommandTest {
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

    static String program(String name, String label, String... terms) {
        return "{\"name\": \"" + name + "\", \"task\": \"reviews\", \"rules\": [{\"when\": {\"keywords\": {\"terms\": [\""
                + String.join("\", \"", terms) + "\"]}}, \"label\": \"" + label + "\"}]}";
    }

    /** 40 train rows (30 with a cue word, one of them mislabelled), 10 dev, 10 test. */
    private Path data() throws IOException {
        List<String> lines = new ArrayList<>(List.of("text,label,split"));
        String[] pos = {"great", "loved", "wonderful", "excellent", "superb"};
        String[] neg = {"awful", "hated", "boring", "terrible", "dreadful"};
        for (int i = 0; i < 60; i++) {
            boolean p = i % 2 == 0;
            String split = i < 40 ? "train" : i < 50 ? "dev" : "test";
            String cue = i < 30 || i >= 40 ? (p ? pos[i % 5] : neg[i % 5]) + " " : "";
            String label = i == 4 ? "negative" : p ? "positive" : "negative";
            lines.add(cue + "film number " + i + " with plot " + (i * 7 % 13) + "," + label + "," + split);
        }
        Path f = dir.resolve("reviews.csv");
        Files.write(f, lines);
        return f;
    }

    private Path programs() throws IOException {
        Path p = Files.createDirectories(dir.resolve("programs"));
        Files.writeString(p.resolve("praise.json"), program("praise", "positive", "great", "loved", "wonderful", "excellent", "superb"));
        Files.writeString(p.resolve("pans.json"), program("pans", "negative", "awful", "hated", "boring", "terrible", "dreadful"));
        return p;
    }

    @Test
    void should_analyze_programs_on_dev() throws IOException {
        Run r = cli("programs", "analyze", "--programs", programs().toString(), "--data", data().toString(), "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("praise").contains("pans").contains("coverage");
        JsonNode j = r.lastJson();
        assertThat(j.get("rows").asInt()).isEqualTo(10);
        assertThat(j.get("coverage").asDouble()).isEqualTo(1.0);
        assertThat(j.get("programs")).hasSize(2);
        assertThat(j.get("programs").get(0).get("accuracy").asDouble()).isEqualTo(1.0);
    }

    @Test
    void should_apply_programs_train_the_student_and_write_a_run_the_report_reads() throws IOException {
        Path programs = programs();
        Files.writeString(programs.resolve(ProgramsCommand.SYNTHESIS_LOG),
                "{\"index\":1,\"name\":\"praise\",\"status\":\"valid\",\"answers\":1}\n"
                        + "{\"index\":2,\"name\":\"pans\",\"status\":\"repaired\",\"answers\":2}\n");
        Path out = dir.resolve("run");

        Run r = cli("programs", "apply", "--programs", programs.toString(), "--data", data().toString(), "--out", out.toString(),
                "--buckets", "4096", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.lastJson();
        assertThat(j.get("coverage").asDouble()).isEqualTo(30 / 40.0);
        assertThat(j.get("coveredTrainRows").asInt()).isEqualTo(30);
        assertThat(j.get("labelModelAccuracy").asDouble()).isEqualTo(29 / 30.0);
        assertThat(j.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(j.get("testExamples").asInt()).isEqualTo(10);
        assertThat(j.get("programs").asInt()).isEqualTo(2);
        assertThat(j.get("llmCalls").asLong()).isEqualTo(3);
        assertThat(j.get("perTextCalls").asLong()).isEqualTo(40);
        assertThat(out.resolve("student.onnx")).exists();
        assertThat(RunRecordJson.readFrom(out).sources()).containsEntry("programs", 30L);
        assertThat(cli("report", "--run", out.toString(), "--out", dir.resolve("r.html").toString()).exit()).isZero();
    }

    @Test
    void should_synthesize_programs_through_an_openai_endpoint_and_pay_nothing_on_rerun() throws IOException {
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            server.script(req -> req.userMessage().contains("Write program 1.")
                    ? Reply.content(program("x", "positive", "great", "loved")) : null);
            server.script(req -> req.userMessage().contains("Write program 2.")
                    ? Reply.content(req.messageCount() == 2 ? program("x", "meh", "awful") : program("x", "negative", "awful"))
                    : null);
            Path data = data();
            Path out = dir.resolve("synth");
            String db = dir.resolve("store.db").toString();
            String[] args = {"programs", "synthesize", "--data", data.toString(), "--task-name", "reviews", "--out", out.toString(),
                "--n", "2", "--base-url", server.baseUrl(), "--model", "fake-gpt", "--store", db, "--concurrency", "1", "--json"};

            Run r = cli(args);

            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode j = r.lastJson();
            assertThat(j.get("accepted").asInt()).isEqualTo(2);
            assertThat(j.get("repaired").asInt()).isEqualTo(1);
            assertThat(j.get("calls").asInt()).isEqualTo(3);
            assertThat(out.resolve("synth-01.json")).exists();
            assertThat(out.resolve("synth-02.json")).exists();
            assertThat(server.requests().get(0).request().userMessage()).contains("<example label=\"positive\">");
            assertThat(ProgramsCommand.synthesisAnswers(out)).isEqualTo(3);

            server.clearLog();
            Run again = cli(args);
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(again.lastJson().get("calls").asInt()).isZero();
            assertThat(server.requestCount()).isZero();
            assertThat(ProgramsCommand.synthesisAnswers(out)).isEqualTo(3);
        }
    }

    @Test
    void should_exit_2_naming_what_is_wrong() throws IOException {
        Path programs = programs();
        Files.writeString(programs.resolve("zz-bad.json"), program("bad", "positive", "fine").replace("keywords", "keyword"));
        Run bad = cli("programs", "apply", "--programs", programs.toString(), "--data", data().toString(), "--out",
                dir.resolve("o").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("zz-bad.json:$.rules[0].when");

        Run noModel = cli("programs", "synthesize", "--data", data().toString(), "--out", dir.resolve("s").toString(), "--n", "1");
        assertThat(noModel.exit()).isEqualTo(2);
        assertThat(noModel.err()).contains("--model is required");

        Run testPool = cli("programs", "synthesize", "--data", data().toString(), "--out", dir.resolve("s").toString(), "--n", "1",
                "--model", "m", "--pool-split", "test");
        assertThat(testPool.exit()).isEqualTo(2);
        assertThat(testPool.err()).contains("--pool-split must not be 'test'");

        Files.delete(programs.resolve("zz-bad.json"));
        Run lm = cli("programs", "apply", "--programs", programs.toString(), "--data", data().toString(), "--out",
                dir.resolve("o").toString(), "--label-model", "snorkel");
        assertThat(lm.exit()).isEqualTo(2);
        assertThat(lm.err()).contains("--label-model must be auto, majority-vote or dawid-skene: snorkel");
    }
}
