package dev.annotator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotator.testing.FakeOpenAiServer;
import dev.annotator.testing.FakeOpenAiServer.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code incubate} end to end through the command line, against the fake OpenAI server, then {@code train}. */
class IncubateCommandTest {
    static final Pattern REQUEST = Pattern.compile("Request -?\\d+-(\\d+):");
    static final String[] FOOD = {"The ramen place downtown makes a rich miso broth with soft eggs.",
        "My grandmother's apple pie recipe needs tart apples and cold butter.",
        "We ordered spicy tacos and a bowl of guacamole for the table.",
        "Sourdough bread takes two days because the starter ferments slowly.",
        "The curry was far too salty, so we sent it back to the kitchen.",
        "Fresh oysters with lemon are the best thing on the seaside menu.",
        "I bake chocolate chip cookies every Sunday for the neighbours.",
        "The farmers market sells ripe peaches and homemade jam in summer."};
    static final String[] MOVIES = {"The new space thriller has stunning visual effects but a weak plot.",
        "I cried at the end of that animated film about a lost robot.",
        "The director's cut of the western runs almost four hours.",
        "Critics praised the lead actress in the courtroom drama.",
        "We watched a silly horror sequel at the drive-in last night.",
        "The documentary about jazz musicians won an award at the festival.",
        "That romantic comedy recycles every cliche in the genre.",
        "The cinema is showing a restored print of a silent classic."};

    @TempDir
    Path dir;

    FakeOpenAiServer server;

    @BeforeEach
    void start() {
        server = new FakeOpenAiServer();
        server.script(r -> {
            String u = r.userMessage();
            if (u.contains("Propose the labels")) {
                return Reply.content("{\"labels\": [{\"name\": \"food\", \"description\": \"about food and eating\"},"
                        + " {\"name\": \"movies\", \"description\": \"about films and cinema\"}]}");
            }
            Matcher m = REQUEST.matcher(u);
            if (!m.find()) {
                return null;
            }
            int n = Integer.parseInt(m.group(1)) % FOOD.length;
            return Reply.content("{\"food\": \"" + FOOD[n] + "\", \"movies\": \"" + MOVIES[n] + "\"}");
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

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

    String[] incubate(String... more) {
        List<String> a = new ArrayList<>(List.of("incubate", "--instruction", "Classify messages as about food or about movies.",
                "--base-url", server.baseUrl(), "--model", "fake-gpt", "--api-key-env", "NO_SUCH_KEY_VARIABLE", "--json"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void should_write_text_label_rows_that_train_reads_and_pay_nothing_on_a_rerun() throws IOException {
        // given
        Path out = dir.resolve("gen.csv");
        Path db = dir.resolve("store.db");

        // when: 4 per label from 2x candidates; request n gets text n mod 8, so 8 requests give 8 distinct per label
        Run r = cli(incubate("--labels", "food,movies", "--per-label", "4", "--oversample", "2", "--out", out.toString(),
                "--store", db.toString()));

        // then
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.lastJson();
        assertThat(j.get("generated").asInt()).isEqualTo(16);
        assertThat(j.get("kept").asInt()).isEqualTo(8);
        assertThat(j.get("calls").asInt()).isEqualTo(8);
        assertThat(j.get("diversityBefore").asDouble()).isPositive();
        assertThat(j.get("diversityAfter").asDouble()).isPositive();
        assertThat(server.requestCount()).isEqualTo(8);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("text,label");
        assertThat(lines).hasSize(9);
        assertThat(lines.stream().filter(l -> l.endsWith(",food"))).hasSize(4);
        assertThat(lines.stream().filter(l -> l.endsWith(",movies"))).hasSize(4);

        // a rerun with the same store makes no call and writes the same rows
        server.clearLog();
        Path again = dir.resolve("again.csv");
        Run r2 = cli(incubate("--labels", "food,movies", "--per-label", "4", "--oversample", "2", "--out", again.toString(),
                "--store", db.toString()));
        assertThat(r2.exit()).as(r2.err()).isZero();
        assertThat(r2.lastJson().get("calls").asInt()).isZero();
        assertThat(server.requestCount()).isZero();
        assertThat(Files.readAllLines(again)).isEqualTo(lines);

        // and train reads the file
        Path eval = dir.resolve("eval.csv");
        Files.write(eval, List.of("text,label,split", "\"We grilled fish with lemon and herbs.\",food,test",
                "\"The thriller's ending surprised the whole cinema.\",movies,test"));
        Run t = cli("train", "--data", out.toString(), "--eval", eval.toString(), "--out", dir.resolve("m").toString(),
                "--buckets", "4096", "--json");
        assertThat(t.exit()).as(t.err()).isZero();
        assertThat(t.lastJson().get("trainExamples").asInt()).isEqualTo(8);
        assertThat(t.lastJson().get("testExamples").asInt()).isEqualTo(2);
    }

    @Test
    void should_propose_labels_and_stop_without_labels() {
        Path out = dir.resolve("gen.csv");

        Run r = cli(incubate("--per-label", "4", "--out", out.toString()));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("- food: about food and eating", "--labels food,movies");
        assertThat(out).doesNotExist();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void should_generate_for_accepted_proposed_labels_within_the_call_budget() throws IOException {
        Path out = dir.resolve("gen.csv");

        Run r = cli(incubate("--accept-proposed", "--per-label", "4", "--oversample", "4", "--out", out.toString(),
                "--budget-calls", "5", "--concurrency", "1"));

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.lastJson();
        assertThat(j.get("proposedLabels").toString()).contains("\"name\":\"food\"");
        assertThat(j.get("calls").asInt()).isEqualTo(5);
        assertThat(j.get("budgetExhausted").asBoolean()).isTrue();
        assertThat(j.get("kept").asInt()).isEqualTo(8);
        assertThat(server.requestCount()).isEqualTo(5);
        assertThat(r.err()).contains("budget stopped generation early");
    }

    @Test
    void should_take_the_majority_key_set_as_labels_with_labels_from_answers() throws IOException {
        Path out = dir.resolve("gen.csv");

        Run r = cli(incubate("--labels-from-answers", "--per-label", "2", "--oversample", "2", "--out", out.toString()));

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.lastJson();
        assertThat(j.get("labels").toString()).isEqualTo("[\"food\",\"movies\"]");
        assertThat(j.get("kept").asInt()).isEqualTo(4);
        assertThat(server.requests().get(0).request().userMessage()).contains("Decide which labels");
        assertThat(Files.readAllLines(out)).hasSize(5);
    }

    @Test
    void should_reject_bad_options_naming_them() {
        Run oneLabel = cli(incubate("--labels", "food", "--per-label", "2", "--out", dir.resolve("x.csv").toString()));
        assertThat(oneLabel.exit()).isEqualTo(AnnotatorCli.EXIT_BAD_INPUT);
        assertThat(oneLabel.err()).contains("--labels").contains("at least two labels");

        Run noOut = cli(incubate("--labels", "food,movies", "--per-label", "2"));
        assertThat(noOut.exit()).isEqualTo(AnnotatorCli.EXIT_BAD_INPUT);
        assertThat(noOut.err()).contains("--out is required");

        Run usd = cli(incubate("--labels", "food,movies", "--per-label", "2", "--out", dir.resolve("x.csv").toString(),
                "--budget-usd", "1"));
        assertThat(usd.exit()).isEqualTo(AnnotatorCli.EXIT_BAD_INPUT);
        assertThat(usd.err()).contains("--budget-usd needs --prices");

        Run both = cli(incubate("--labels", "food,movies", "--accept-proposed", "--per-label", "2", "--out",
                dir.resolve("x.csv").toString()));
        assertThat(both.exit()).isEqualTo(AnnotatorCli.EXIT_BAD_INPUT);
        assertThat(both.err()).contains("at most one of --labels, --accept-proposed and --labels-from-answers");
        assertThat(server.requestCount()).isZero();
    }
}
