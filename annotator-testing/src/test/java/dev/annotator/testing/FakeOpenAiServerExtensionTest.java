package dev.annotator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotator.testing.FakeOpenAiServer.Fault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension runs a configured server per test (or per class), and the server's scripts and faults work on the wire. */
class FakeOpenAiServerExtensionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<String> URLS = new ArrayList<>();

    @RegisterExtension
    final FakeOpenAiServerExtension openAi = FakeOpenAiServerExtension.create()
            .configure(s -> s.keyword("refund", "billing").defaultLabel("other"));

    /** A classification prompt as annotator-llm writes it: labels listed, texts delimited. */
    static String prompt(String... texts) {
        StringBuilder sb = new StringBuilder("Labels:\n- \"billing\"\n- \"other\"\n\n");
        for (int i = 0; i < texts.length; i++) {
            sb.append("<text id=\"t").append(i).append("\">\n").append(texts[i]).append("\n</text>\n");
        }
        sb.append(texts.length > 1 ? "Answer {\"answers\": [{\"id\": ..., \"label\": ...}]}" : "Answer {\"label\": ...}");
        return sb.toString();
    }

    static HttpResponse<String> post(String baseUrl, String userMessage, Duration timeout) throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("model", "fake").set("messages", JSON.createArrayNode()
                .add(JSON.createObjectNode().put("role", "user").put("content", userMessage))).toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions")).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static String content(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).path("choices").get(0).path("message").path("content").asText();
    }

    @Test
    void should_answer_with_the_configured_classifier_and_log_the_request() throws Exception {
        HttpResponse<String> r = post(openAi.baseUrl(), prompt("I want a refund"), Duration.ofSeconds(5));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(content(r)).path("label").asText()).isEqualTo("billing");
        assertThat(openAi.server().requests()).singleElement()
                .satisfies(l -> assertThat(l.request().texts()).containsEntry("t0", "I want a refund"));
        URLS.add(openAi.baseUrl());
    }

    @Test
    void should_start_a_fresh_server_for_each_test(FakeOpenAiServer server) throws Exception {
        assertThat(server).isSameAs(openAi.server());
        assertThat(server.requestCount()).isZero();
        post(server.baseUrl(), prompt("hello"), Duration.ofSeconds(5));
        assertThat(server.requestCount()).isEqualTo(1);
        URLS.add(server.baseUrl());
    }

    @AfterAll
    static void servers_were_distinct_and_are_stopped() {
        assertThat(URLS).hasSize(2).doesNotHaveDuplicates();
        for (String url : URLS) {
            assertThatThrownBy(() -> post(url, prompt("x"), Duration.ofSeconds(2))).isInstanceOf(IOException.class);
        }
    }

    @Test
    void should_answer_by_prompt_text_and_by_a_labeller_function() throws Exception {
        openAi.server().whenPromptContains("special case", "{\"label\":\"other\",\"note\":\"scripted\"}")
                .labeller(t -> t.startsWith("invoice") ? "billing" : null);

        assertThat(content(post(openAi.baseUrl(), prompt("a special case"), Duration.ofSeconds(5)))).contains("scripted");
        assertThat(JSON.readTree(content(post(openAi.baseUrl(), prompt("invoice 12", "refund now", "hi"), Duration.ofSeconds(5))))
                .path("answers").findValuesAsText("label")).containsExactly("billing", "billing", "other");
    }

    @Test
    void should_report_and_sum_token_usage() throws Exception {
        openAi.server().usage(120, 7);

        JsonNode usage = JSON.readTree(post(openAi.baseUrl(), prompt("a"), Duration.ofSeconds(5)).body()).path("usage");
        post(openAi.baseUrl(), prompt("b"), Duration.ofSeconds(5));

        assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(120);
        assertThat(usage.path("completion_tokens").asLong()).isEqualTo(7);
        assertThat(openAi.server().promptTokens()).isEqualTo(240);
        assertThat(openAi.server().completionTokens()).isEqualTo(14);
    }

    @Test
    void should_inject_each_kind_of_fault() throws Exception {
        FakeOpenAiServer s = openAi.server().timeoutDelay(Duration.ofMillis(800));

        s.faults(1, 1, Fault.RATE_LIMIT);
        HttpResponse<String> limited = post(s.baseUrl(), prompt("a"), Duration.ofSeconds(5));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");

        s.faults(1, 1, Fault.SERVER_ERROR);
        assertThat(post(s.baseUrl(), prompt("a"), Duration.ofSeconds(5)).statusCode()).isEqualTo(500);

        s.faults(1, 1, Fault.BROKEN_JSON);
        String broken = content(post(s.baseUrl(), prompt("a"), Duration.ofSeconds(5)));
        assertThatThrownBy(() -> JSON.readTree(broken)).isInstanceOf(IOException.class);

        s.faults(1, 1, Fault.OUT_OF_SET_LABEL);
        assertThat(JSON.readTree(content(post(s.baseUrl(), prompt("refund"), Duration.ofSeconds(5)))).path("label").asText())
                .isEqualTo(FakeOpenAiServer.OUT_OF_SET_LABEL);

        s.faults(1, 1, Fault.DROP);
        assertThatThrownBy(() -> post(s.baseUrl(), prompt("a"), Duration.ofSeconds(5))).isInstanceOf(IOException.class);

        s.faults(1, 1, Fault.TIMEOUT);
        assertThatThrownBy(() -> post(s.baseUrl(), prompt("a"), Duration.ofMillis(200))).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void should_inject_faults_at_the_rate_reproducibly_for_a_seed() throws Exception {
        List<Integer> first = statuses(openAi.server().faults(0.3, 42, Fault.SERVER_ERROR));
        openAi.server().clearLog();
        List<Integer> second = statuses(openAi.server().faults(0.3, 42, Fault.SERVER_ERROR));

        assertThat(second).isEqualTo(first);
        long errors = first.stream().filter(c -> c == 500).count();
        assertThat(errors).isBetween(2L, 12L);
        assertThat(first).containsOnly(200, 500);
    }

    private static List<Integer> statuses(FakeOpenAiServer s) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.add(post(s.baseUrl(), prompt("x" + i), Duration.ofSeconds(5)).statusCode());
        }
        return out;
    }

    @Test
    void should_reject_a_bad_fault_rate() {
        assertThatThrownBy(() -> openAi.server().faults(1.5, 1, Fault.DROP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fault rate must be in [0, 1]: 1.5");
        assertThatThrownBy(() -> openAi.server().faults(0.5, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A static registration shares one server across the tests of the class. */
    @Nested
    class PerClass {
        @RegisterExtension
        static final FakeOpenAiServerExtension SHARED = FakeOpenAiServerExtension.create();
        static final List<FakeOpenAiServer> SEEN = new ArrayList<>();

        @Test
        void first() {
            SEEN.add(SHARED.server());
        }

        @Test
        void second() {
            SEEN.add(SHARED.server());
        }

        @AfterAll
        static void one_server_for_both() {
            assertThat(SEEN).hasSize(2);
            assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
        }
    }

    @Test
    void should_refuse_server_outside_a_test() {
        assertThatThrownBy(() -> FakeOpenAiServerExtension.create().server()).isInstanceOf(IllegalStateException.class);
    }
}
