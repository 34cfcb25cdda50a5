package dev.annotator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.task.Task;
import dev.annotator.examples.cli.AnnotateCommandTest.Run;
import dev.annotator.llm.store.SqliteAnnotationStore;
import dev.annotator.testing.FakeOpenAiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code annotate --annotator llm} against a fake OpenAI-compatible server on 127.0.0.1. */
class LlmAnnotateCommandTest {
    private static final Task TASK = Task.singleLabel("reviews", "negative", "positive");

    @TempDir
    Path dir;

    FakeOpenAiServer server;

    @BeforeEach
    void startServer() {
        server = new FakeOpenAiServer().latency(Duration.ofMillis(30)).keyword("good", "positive").defaultLabel("negative");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** 16 rows, "row i was good|bad", the good ones positive; 8 train, 4 dev, 4 test. */
    private Path reviews() throws IOException {
        List<String> lines = new ArrayList<>(List.of("text,label,split"));
        for (int i = 0; i < 16; i++) {
            String split = i < 8 ? "train" : i < 12 ? "dev" : "test";
            boolean good = i % 2 == 1;
            lines.add("\"row " + i + " was " + (good ? "good, I liked it" : "bad, I did not like it") + "\","
                    + (good ? "positive" : "negative") + "," + split);
        }
        Path f = dir.resolve("reviews.csv");
        Files.write(f, lines);
        return f;
    }

    private Run llm(Path data, Path db, String... more) {
        List<String> args = new ArrayList<>(List.of("annotate", "--data", data.toString(), "--annotator", "llm", "--store",
                db.toString(), "--base-url", server.baseUrl(), "--model", "fake-model", "--api-key-env",
                "ANNOTATOR_TEST_UNSET_KEY", "--json"));
        args.addAll(List.of(more));
        return AnnotateCommandTest.cli(args.toArray(String[]::new));
    }

    private static long promptTokens(FakeOpenAiServer.LoggedRequest r) {
        return Math.max(1, r.request().body().length() / 4);
    }

    @Test
    void should_label_every_row_through_the_server_store_it_and_report_what_was_spent() throws IOException {
        // given
        Path data = reviews();
        Path db = dir.resolve("labels.db");

        // when
        Run r = llm(data, db, "--concurrency", "4", "--prices", "fake-model=1000/2000");

        // then every row is labelled as the server's keyword rule says, with its log-probability confidence
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = r.lastJson();
        assertThat(j.get("annotator").asText()).isEqualTo("llm:fake-model:logprobs");
        assertThat(j.get("annotated").asInt()).isEqualTo(16);
        assertThat(j.get("abstained").asInt()).isZero();
        assertThat(j.get("calls").asLong()).isEqualTo(16).isEqualTo(server.requestCount());
        long in = server.requests().stream().mapToLong(LlmAnnotateCommandTest::promptTokens).sum();
        assertThat(j.get("inputTokens").asLong()).isEqualTo(in);
        long out = j.get("outputTokens").asLong();
        assertThat(out).isPositive();
        assertThat(j.get("usd").asDouble()).isCloseTo((in * 1000.0 + out * 2000.0) / 1e6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(server.maxInFlight()).isBetween(2, 4);
        assertThat(r.err()).contains("annotate: 16/16 rows").contains("16 requests");
        try (SqliteAnnotationStore store = SqliteAnnotationStore.open(db)) {
            List<Annotation> all = store.annotations(TASK);
            assertThat(all).hasSize(16).allSatisfy(a -> {
                int line = Integer.parseInt(a.exampleId().substring(4));   // row-1 is the first data line, "row 0 was bad"
                assertThat(a.labels()).containsExactly(line % 2 == 0 ? "positive" : "negative");
                assertThat(a.confidence()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-4));   // the server says 0.9
                assertThat(a.source()).isEqualTo("llm:fake-model:logprobs");
            });
            assertThat(store.responseCount()).isEqualTo(16);
        }

        // and a rerun pays for nothing
        Run again = llm(data, db, "--concurrency", "4");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.lastJson().get("cached").asInt()).isEqualTo(16);
        assertThat(again.lastJson().get("calls").asLong()).isZero();
        assertThat(server.requestCount()).isEqualTo(16);
    }

    @Test
    void should_stop_at_the_call_budget_with_exit_2_keeping_what_was_paid_and_finish_on_a_rerun() throws IOException {
        // given
        Path data = reviews();
        Path db = dir.resolve("labels.db");

        // when the budget allows 5 calls for 16 rows at concurrency 4
        Run r = llm(data, db, "--budget-calls", "5", "--concurrency", "4");

        // then exactly 5 calls reached the server, each answer is stored and used, and the exit says what was spent
        assertThat(r.exit()).as(r.err()).isEqualTo(AnnotateCommand.EXIT_BUDGET).isEqualTo(2);
        assertThat(server.requestCount()).isEqualTo(5);
        JsonNode j = r.lastJson();
        assertThat(j.get("stopped").asText()).isEqualTo("budget");
        assertThat(j.get("calls").asLong()).isEqualTo(5);
        assertThat(j.get("annotated").asInt() + j.get("abstained").asInt()).isEqualTo(5);
        assertThat(j.get("left").asInt()).isEqualTo(11);
        assertThat(r.err()).contains("budget reached").contains("(budget: 5 calls)").contains("spent 5 calls").contains("11 rows are left");
        try (SqliteAnnotationStore store = SqliteAnnotationStore.open(db)) {
            assertThat(store.responseCount()).isEqualTo(5);
            assertThat(store.annotations(TASK)).hasSize(5);
        }

        // when run again with room for the rest
        Run rest = llm(data, db, "--budget-calls", "11", "--concurrency", "4");

        // then it pays only for the 11 rows left, and no text was ever asked twice
        assertThat(rest.exit()).as(rest.err()).isZero();
        assertThat(rest.lastJson().get("cached").asInt()).isEqualTo(5);
        assertThat(rest.lastJson().get("calls").asLong()).isEqualTo(11);
        Map<String, Long> asked = server.textsAsked().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(asked).hasSize(16).allSatisfy((text, n) -> assertThat(n).as(text).isEqualTo(1));
    }

    @Test
    void should_abstain_with_the_reason_when_retries_run_out_and_ask_again_only_with_retry_abstained() throws IOException {
        // given a server that rate-limits the first 6 requests (the first row's attempt and its 5 retries)
        for (int i = 0; i < 6; i++) {
            server.enqueue(FakeOpenAiServer.Reply.rateLimitedMs(1));
        }
        Path data = reviews();
        Path db = dir.resolve("labels.db");

        // when
        Run r = llm(data, db, "--concurrency", "1");

        // then that row is an abstention with the reason, the others are labelled
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lastJson().get("abstained").asInt()).isEqualTo(1);
        assertThat(r.lastJson().get("annotated").asInt()).isEqualTo(15);
        assertThat(r.lastJson().get("retries").asInt()).isEqualTo(5);
        assertThat(r.lastJson().get("calls").asLong()).isEqualTo(21).isEqualTo(server.requestCount());
        try (SqliteAnnotationStore store = SqliteAnnotationStore.open(db)) {
            assertThat(store.annotations(TASK)).filteredOn(Annotation::isAbstention).singleElement()
                    .satisfies(a -> assertThat(a.abstentionReason()).hasValueSatisfying(
                            why -> assertThat(why).contains("call failed after 6 attempt(s)").contains("429")));
        }

        // when rerun: a plain rerun leaves it, --retry-abstained asks about that row only
        Run plain = llm(data, db);
        Run retry = llm(data, db, "--retry-abstained");

        // then
        assertThat(plain.lastJson().get("calls").asLong()).isZero();
        assertThat(plain.lastJson().get("cached").asInt()).isEqualTo(16);
        assertThat(retry.exit()).as(retry.err()).isZero();
        assertThat(retry.lastJson().get("calls").asLong()).isEqualTo(1);
        assertThat(retry.lastJson().get("cached").asInt()).isEqualTo(15);
        assertThat(retry.lastJson().get("annotated").asInt()).isEqualTo(1);
        try (SqliteAnnotationStore store = SqliteAnnotationStore.open(db)) {
            assertThat(store.annotations(TASK)).hasSize(16).noneMatch(Annotation::isAbstention);
        }
    }

    @Test
    void should_stop_with_exit_2_on_bad_credentials_keeping_the_answers_already_stored() throws IOException {
        // given a server that refuses the key when asked about the sixth row
        server.script(req -> req.userMessage().contains("row 5 ") ? FakeOpenAiServer.Reply.error(401) : null);
        Path db = dir.resolve("labels.db");

        // when rows are asked about one at a time, in order
        Run r = llm(reviews(), db, "--concurrency", "1");

        // then the run stops with the provider's refusal, and the five rows before it stay annotated
        assertThat(r.exit()).isEqualTo(AnnotatorCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("error: ").contains("401");
        assertThat(server.requestCount()).isEqualTo(6);
        try (SqliteAnnotationStore store = SqliteAnnotationStore.open(db)) {
            assertThat(store.annotations(TASK)).extracting(Annotation::exampleId)
                    .containsExactlyInAnyOrder("row-1", "row-2", "row-3", "row-4", "row-5");
        }
    }

    @Test
    void should_print_the_plan_without_calling_the_server() throws IOException {
        Run r = llm(reviews(), dir.resolve("labels.db"), "--plan", "2", "--prices", "fake-model=0.15/0.60");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(server.requestCount()).isZero();
        assertThat(r.out()).contains("=== prompt 1 of 2 ===").contains("=== prompt 2 of 2 ===").contains("row 0 was bad")
                .contains("row 1 was good").doesNotContain("row 2 was").contains("nothing was sent");
        JsonNode j = r.lastJson();
        assertThat(j.get("plan").asBoolean()).isTrue();
        assertThat(j.get("requests").asLong()).isEqualTo(16);
        assertThat(j.get("calls").asLong()).isEqualTo(16);
        assertThat(j.get("expectedInputTokens").asLong()).isPositive();
        assertThat(j.get("expectedUsd").asDouble()).isPositive().isLessThanOrEqualTo(j.get("worstCaseUsd").asDouble());

        // and planning needs no API key, even for OpenAI's endpoint
        Run noKey = AnnotateCommandTest.cli("annotate", "--data", reviews().toString(), "--annotator", "llm", "--store",
                dir.resolve("other.db").toString(), "--model", "gpt-4o-mini", "--api-key-env", "ANNOTATOR_TEST_UNSET_KEY",
                "--plan", "1");
        assertThat(noKey.exit()).as(noKey.err()).isZero();
        assertThat(noKey.out()).contains("=== prompt 1 of 1 ===").contains("calls to make: 16");
    }

    @Test
    void should_show_the_nearest_dev_rows_as_demonstrations() throws IOException {
        Run r = llm(reviews(), dir.resolve("labels.db"), "--split", "test", "--demonstrations", "2", "--confidence", "none");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lastJson().get("annotator").asText()).isEqualTo("llm:fake-model:none");
        assertThat(server.requests()).hasSize(4).allSatisfy(req -> {
            String user = req.request().userMessage();
            assertThat(Stream.of("row 8 ", "row 9 ", "row 10 ", "row 11 ").filter(user::contains).count())
                    .as("dev rows shown in %s", user).isEqualTo(2);
        });
    }

    @Test
    void should_train_a_student_on_llm_annotations() throws IOException {
        // given the train rows labelled by the server's keyword classifier
        Path data = reviews();
        Path db = dir.resolve("labels.db");
        assertThat(llm(data, db, "--split", "train").exit()).isZero();

        // when
        Run t = AnnotateCommandTest.cli("train", "--data", data.toString(), "--labels", db.toString(), "--out",
                dir.resolve("m").toString(), "--buckets", "4096", "--json");

        // then
        assertThat(t.exit()).as(t.err()).isZero();
        JsonNode j = t.lastJson();
        assertThat(j.get("labelsSource").asText()).isEqualTo("llm:fake-model:logprobs");
        assertThat(j.get("trainExamples").asInt()).isEqualTo(8);
        assertThat(j.get("labelsAbstained").asInt()).isZero();
        assertThat(j.get("labelsMissing").asInt()).isZero();
        assertThat(Path.of(j.get("model").asText())).exists();
    }

    @Test
    void should_name_the_option_that_is_missing_or_wrong() throws IOException {
        Path data = reviews();
        Path db = dir.resolve("labels.db");

        Run noModel = AnnotateCommandTest.cli("annotate", "--data", data.toString(), "--annotator", "llm", "--store",
                db.toString(), "--base-url", server.baseUrl());
        Run noKeyForOpenAi = AnnotateCommandTest.cli("annotate", "--data", data.toString(), "--annotator", "llm", "--store",
                db.toString(), "--model", "gpt-4o-mini", "--api-key-env", "ANNOTATOR_TEST_UNSET_KEY");
        Run badConfidence = llm(data, db, "--confidence", "sc:1");
        Run usdWithoutPrice = llm(data, db, "--budget-usd", "0.50");
        Run badPrices = llm(data, db, "--prices", "fake-model=cheap");
        Run zeroCalls = llm(data, db, "--budget-calls", "0");
        Run planWithKnn = AnnotateCommandTest.cli("annotate", "--data", data.toString(), "--annotator", "knn", "--store",
                db.toString(), "--plan", "2");

        assertThat(List.of(noModel, noKeyForOpenAi, badConfidence, usdWithoutPrice, badPrices, zeroCalls, planWithKnn))
                .allSatisfy(r -> assertThat(r.exit()).isEqualTo(AnnotatorCli.EXIT_BAD_INPUT));
        assertThat(noModel.err()).contains("--annotator llm needs --model");
        assertThat(noKeyForOpenAi.err()).contains("needs an API key").contains("ANNOTATOR_TEST_UNSET_KEY");
        assertThat(badConfidence.err()).contains("--confidence must be logprobs, none or sc:N").contains("sc:1");
        assertThat(usdWithoutPrice.err()).contains("--budget-usd needs the price of model 'fake-model' in --prices");
        assertThat(badPrices.err()).contains("--prices").contains("fake-model=cheap");
        assertThat(zeroCalls.err()).contains("--budget-calls must be positive: 0");
        assertThat(planWithKnn.err()).contains("are for --annotator llm, not knn");
        assertThat(server.requestCount()).isZero();
    }
}
