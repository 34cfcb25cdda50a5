package dev.annotator.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.data.Example;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.task.Task;
import dev.annotator.llm.cost.Budget;
import dev.annotator.llm.cost.BudgetExceededException;
import dev.annotator.llm.cost.Price;
import dev.annotator.llm.cost.PriceTable;
import dev.annotator.testing.FakeOpenAiServer;
import dev.annotator.testing.FakeOpenAiServer.Reply;
import dev.annotator.testing.FakeOpenAiServerExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The annotator through langchain4j's OpenAiChatModel against a real HTTP server on 127.0.0.1. */
class OpenAiWireTest {
    static final Task SPAM = Task.builder().name("spam").instruction("Is this SMS spam?")
            .label("spam", "unsolicited advertising or scams").label("ham", "an ordinary message").build();
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2));

    @RegisterExtension
    final FakeOpenAiServerExtension openAi = FakeOpenAiServerExtension.create()
            .configure(s -> s.keyword("prize", "spam").keyword("free", "spam").defaultLabel("ham"));

    FakeOpenAiServer server;

    @BeforeEach
    void start(FakeOpenAiServer running) {
        server = running;
    }

    LlmAnnotator.Builder annotator(Duration timeout) {
        return LlmAnnotator.builder()
                .chatModel(OpenAiCompatible.chatModel(server.baseUrl(), "fake-gpt", "test-key", timeout))
                .task(SPAM).retryPolicy(FAST);
    }

    LlmAnnotator.Builder annotator() {
        return annotator(Duration.ofSeconds(5));
    }

    @Test
    void should_label_through_the_openai_wire_format_with_a_json_schema() {
        try (LlmAnnotator a = annotator().build()) {
            List<Annotation> out = a.annotate(List.of(Example.of("1", "You won a prize!"), Example.of("2", "hi mum")));

            assertThat(out).extracting(Annotation::labels).containsExactly(List.of("spam"), List.of("ham"));
            assertThat(a.name()).isEqualTo("llm:fake-gpt:none");
            JsonNode body = server.requests().get(0).request().json();
            assertThat(body.path("model").asText()).isEqualTo("fake-gpt");
            assertThat(body.path("temperature").asDouble()).isEqualTo(0.0);
            assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_schema");
            assertThat(body.path("response_format").toString()).contains("\"enum\":[\"spam\",\"ham\"]")
                    .contains("\"strict\":true").contains("\"additionalProperties\":false");
            assertThat(server.requestCount()).isEqualTo(2);
            assertThat(a.ledger().spent().calls()).isEqualTo(2);
            assertThat(a.ledger().spent().inputTokens()).isPositive();
        }
    }

    @Test
    void should_read_confidence_from_logprobs() {
        server.chosenProbability(0.8);
        try (LlmAnnotator a = annotator().confidence(Confidence.logprobs()).build()) {
            LlmAnnotation r = a.annotateDetailed(List.of(Example.of("1", "free prize inside"))).get(0);

            assertThat(server.requests().get(0).request().json().path("logprobs").asBoolean()).isTrue();
            assertThat(server.requests().get(0).request().json().path("top_logprobs").asInt()).isEqualTo(5);
            assertThat(r.method()).isEqualTo(Confidence.Method.LOGPROBS);
            assertThat(r.annotation().labels()).containsExactly("spam");
            assertThat(r.annotation().confidence()).isCloseTo(0.8, within(1e-3));
            assertThat(r.annotation().distribution().orElseThrow().get("ham")).isCloseTo(0.2, within(1e-3));
            assertThat(r.annotation().source()).isEqualTo("llm:fake-gpt:logprobs");
        }
    }

    @Test
    void should_fall_back_to_no_confidence_when_the_server_returns_no_logprobs() {
        server.enqueue(Reply.content("{\"label\":\"ham\"}"));
        try (LlmAnnotator a = annotator().confidence(Confidence.logprobs()).build()) {
            LlmAnnotation r = a.annotateDetailed(List.of(Example.of("1", "hello"))).get(0);

            assertThat(r.method()).isEqualTo(Confidence.Method.NONE);
            assertThat(r.annotation().labels()).containsExactly("ham");
        }
    }

    @Test
    void should_abstain_after_reasking_out_of_set_labels() {
        server.script(req -> Reply.content("{\"label\":\"maybe\"}"));
        try (LlmAnnotator a = annotator().maxReasks(1).build()) {
            Annotation ann = a.annotate(Example.of("1", "hello"));

            assertThat(ann.abstentionReason()).hasValueSatisfying(r -> assertThat(r).contains("'maybe' is not a label"));
            assertThat(server.requestCount()).isEqualTo(2);
            assertThat(server.requests().get(1).request().messageCount()).isEqualTo(4);
        }
    }

    @Test
    void should_reask_broken_json_and_abstain_on_empty_content() {
        server.enqueue(Reply.content("{\"label\":"), Reply.content("{\"label\":\"spam\"}"), Reply.content(null),
                Reply.content(""), Reply.content(null));
        try (LlmAnnotator a = annotator().concurrency(1).build()) {
            Annotation fixed = a.annotate(Example.of("1", "free"));
            Annotation empty = a.annotate(Example.of("2", "other"));

            assertThat(fixed.labels()).containsExactly("spam");
            assertThat(empty.abstentionReason()).hasValue("no valid answer: empty answer");
            assertThat(server.requestCount()).isEqualTo(5);
        }
    }

    @Test
    void should_honour_retry_after_on_429_and_make_no_retries_of_its_own_in_langchain4j() {
        server.enqueue(Reply.rateLimited("1"));
        List<Duration> delays = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LlmAnnotator a = annotator().listener(new LlmListener() {
            @Override
            public void retried(String key, int retry, Duration delay, String reason) {
                delays.add(delay);
            }
        }).build()) {
            long t0 = System.nanoTime();
            Annotation ann = a.annotate(Example.of("1", "free prize"));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(ann.labels()).containsExactly("spam");
            assertThat(server.requestCount()).isEqualTo(2);
            assertThat(delays).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1100)));
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void should_prefer_retry_after_ms_over_backoff() {
        server.enqueue(Reply.rateLimitedMs(300));
        List<Duration> delays = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LlmAnnotator a = annotator().listener(new LlmListener() {
            @Override
            public void retried(String key, int retry, Duration delay, String reason) {
                delays.add(delay);
            }
        }).build()) {
            a.annotate(Example.of("1", "hi"));

            assertThat(delays).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(300), Duration.ofMillis(330)));
        }
    }

    @Test
    void should_retry_server_errors_and_dropped_connections() {
        server.enqueue(Reply.error(500), Reply.drop(), Reply.error(503));
        try (LlmAnnotator a = annotator().build()) {
            Annotation ann = a.annotate(Example.of("1", "free"));

            assertThat(ann.labels()).containsExactly("spam");
            assertThat(server.requestCount()).isEqualTo(4);
            assertThat(a.ledger().spent().calls()).isEqualTo(4);
        }
    }

    @Test
    void should_retry_a_slow_answer_past_the_timeout_then_abstain_when_it_stays_slow() {
        server.enqueue(Reply.content("{\"label\":\"ham\"}").after(Duration.ofMillis(1500)));
        try (LlmAnnotator a = annotator(Duration.ofMillis(300)).build()) {
            Annotation ok = a.annotate(Example.of("1", "hello"));
            assertThat(ok.labels()).containsExactly("ham");
            assertThat(server.requestCount()).isEqualTo(2);

            server.latency(Duration.ofMillis(1500));
            Annotation slow = a.annotate(Example.of("2", "hello again"));
            assertThat(slow.abstentionReason()).hasValue("no valid answer: call failed after 4 attempt(s): timed out");
        }
    }

    @Test
    void should_stop_on_an_authentication_error() {
        server.script(req -> Reply.error(401));
        try (LlmAnnotator a = annotator().build()) {
            assertThatThrownBy(() -> a.annotate(Example.of("1", "hi")))
                    .isInstanceOf(NonRetriableAnnotatorException.class)
                    .hasMessageContaining("HTTP 401").hasMessageContaining("AuthenticationException");
            assertThat(server.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void should_never_exceed_the_token_budget_with_eight_requests_in_flight() {
        server.latency(Duration.ofMillis(30));
        List<Example> data = IntStream.range(0, 60).mapToObj(i -> Example.of("t" + i, "message number " + i)).toList();
        PriceTable prices = PriceTable.of(Map.of("fake-gpt", new Price(0.15, 0.60)));
        try (LlmAnnotator a = annotator().concurrency(8).prices(prices)
                .budget(Budget.UNLIMITED.withMaxTokens(10_000)).build()) {
            assertThatThrownBy(() -> a.annotate(data)).isInstanceOf(BudgetExceededException.class);

            long billed = 0;
            for (FakeOpenAiServer.LoggedRequest r : server.requests()) {
                billed += Math.max(1, r.request().body().length() / 4) + Math.max(1, "{\"label\":\"ham\"}".length() / 4);
            }
            assertThat(a.ledger().spent().tokens()).isEqualTo(billed).isLessThanOrEqualTo(10_000);
            assertThat(server.requestCount()).isGreaterThan(8).isLessThan(60);
            assertThat(server.maxInFlight()).isGreaterThan(1).isLessThanOrEqualTo(8);
            assertThat(a.store().responseCount()).isEqualTo(server.requestCount());
        }
    }

    @Test
    void should_make_zero_http_calls_on_a_rerun_with_the_same_store() {
        InMemoryAnnotationStore store = new InMemoryAnnotationStore();
        List<Example> data = IntStream.range(0, 20).mapToObj(i -> Example.of("t" + i, (i % 3 == 0 ? "free " : "hey ") + i))
                .toList();
        List<Annotation> first;
        try (LlmAnnotator a = annotator().store(store).concurrency(4).build()) {
            first = a.annotate(data);
        }
        int calls = server.requestCount();
        try (LlmAnnotator a = annotator().store(store).concurrency(4).build()) {
            List<Annotation> second = a.annotate(data);

            assertThat(server.requestCount()).isEqualTo(calls).isEqualTo(20);
            assertThat(second).extracting(Annotation::labels).isEqualTo(first.stream().map(Annotation::labels).toList());
        }
    }

    @Test
    void should_end_every_text_labelled_or_abstained_and_pay_for_none_twice_under_injected_faults() {
        server.faultRate(0.3, 42);
        List<Example> data = IntStream.range(0, 40).mapToObj(i -> Example.of("t" + i, (i % 2 == 0 ? "free " : "hey ") + i))
                .toList();
        try (LlmAnnotator a = annotator().concurrency(8).batchSize(2).retryPolicy(
                new RetryPolicy(6, Duration.ofMillis(2), Duration.ofMillis(10), Duration.ofMillis(50))).build()) {
            List<Annotation> out = a.annotate(data);

            assertThat(out).hasSize(40);
            assertThat(out).allSatisfy(ann -> assertThat(ann.isAbstention() ? ann.abstentionReason().orElseThrow()
                    : ann.labels().get(0)).isNotBlank());
            long labelled = out.stream().filter(x -> !x.isAbstention()).count();
            assertThat(labelled).isGreaterThanOrEqualTo(38);
            for (int i = 0; i < 40; i++) {
                if (!out.get(i).isAbstention()) {
                    assertThat(out.get(i).labels()).containsExactly(i % 2 == 0 ? "spam" : "ham");
                }
            }
            // a request body is sent again only when the previous attempt failed (no answer was received)
            Map<String, Integer> answered = new HashMap<>();
            for (FakeOpenAiServer.LoggedRequest r : server.requests()) {
                if (r.reply().status() == 200) {
                    answered.merge(r.request().body(), 1, Integer::sum);
                }
            }
            assertThat(answered.values()).containsOnly(1);
        }
    }
    @Test
    void should_label_batches_and_multi_label_tasks_over_the_wire() {
        Task topics = Task.builder().name("topics").label("sport", "").label("politics", "").multiLabel(true).build();
        server.keyword("match", "sport").keyword("vote", "politics");
        try (LlmAnnotator a = annotator().task(topics).batchSize(3).build()) {
            List<Annotation> out = a.annotate(List.of(Example.of("1", "the match"), Example.of("2", "the vote after the match"),
                    Example.of("3", "cooking"), Example.of("4", "a vote")));

            assertThat(out).extracting(Annotation::labels).containsExactly(List.of("sport"), List.of("sport", "politics"),
                    List.of(), List.of("politics"));
            assertThat(server.requestCount()).isEqualTo(2);
            JsonNode format = server.requests().stream().filter(r -> r.request().texts().size() == 3).findFirst()
                    .orElseThrow().request().json().path("response_format");
            assertThat(format.toString()).contains("\"answers\"").contains("\"enum\":[\"1\",\"2\",\"3\"]")
                    .contains("\"type\":\"array\"");
        }
    }
}
