package dev.annotator.llm.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.llm.store.SqliteAnnotationStore;
import dev.annotator.testing.FakeOpenAiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test of issue 4: a child JVM annotating through the SQLite store is killed with SIGKILL
 * mid-run; a second run finishes the job, and the server's request log shows no text paid for twice
 * beyond those in flight at the kill.
 */
class LlmCrashTest {
    private static final int TEXTS = 80;
    private static final int CONCURRENCY = 4;

    @TempDir
    Path dir;

    @Test
    void should_finish_after_sigkill_paying_again_only_for_requests_in_flight() throws Exception {
        Path db = dir.resolve("crash.db");
        try (FakeOpenAiServer server = new FakeOpenAiServer().latency(Duration.ofMillis(100)).keyword("great", "positive")
                .defaultLabel("negative")) {
            // given a child annotating 80 texts at concurrency 4, killed with SIGKILL once 12 requests reached the server
            Process first = child(server, db, "first");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (server.requestCount() < 12 && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            boolean killedMidRun = first.isAlive();
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(killedMidRun).as("first child still running at the kill; its stderr: %s", stderr("first")).isTrue();
            Thread.sleep(500);   // let the server log any request whose body had arrived before the kill
            int firstRunRequests = server.requestCount();
            long storedResponses;
            try (SqliteAnnotationStore store = SqliteAnnotationStore.open(db)) {
                storedResponses = store.responseCount();
                assertThat(store.annotations(LlmCrashChild.TASK)).as("annotations after the kill").hasSizeLessThan(TEXTS);
            }
            assertThat(storedResponses).as("answers stored before the kill").isPositive().isLessThanOrEqualTo(firstRunRequests);

            // when a second child runs the same job to the end
            Process second = child(server, db, "second");
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as("second child's stderr: %s", stderr("second")).isZero();

            // then every text is labelled (correctly) or abstained with a reason
            try (SqliteAnnotationStore store = SqliteAnnotationStore.open(db)) {
                List<Annotation> all = store.annotations(LlmCrashChild.TASK);
                assertThat(all).hasSize(TEXTS);
                for (Annotation a : all) {
                    if (a.isAbstention()) {
                        assertThat(a.abstentionReason()).as(a.exampleId()).isPresent();
                    } else {
                        int i = Integer.parseInt(a.exampleId().substring(1));
                        assertThat(a.labels()).as(a.exampleId()).containsExactly(i % 3 == 0 ? "positive" : "negative");
                    }
                }
            }
            // and the server saw each text once, except those in flight at the kill
            Map<String, Long> asked = server.textsAsked().stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            long askedTwice = asked.values().stream().filter(c -> c > 1).count();
            assertThat(asked).hasSize(TEXTS);
            assertThat(asked.values()).allSatisfy(c -> assertThat(c).isLessThanOrEqualTo(2));
            assertThat(askedTwice).as("texts paid for twice").isLessThanOrEqualTo(CONCURRENCY)
                    .isEqualTo(firstRunRequests - storedResponses);
            assertThat(server.requestCount() - firstRunRequests).as("calls of the second run")
                    .isEqualTo(TEXTS - storedResponses);
        }
    }

    private Process child(FakeOpenAiServer server, Path db, String name) throws java.io.IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                LlmCrashChild.class.getName(), server.baseUrl(), db.toString(), Integer.toString(TEXTS),
                Integer.toString(CONCURRENCY))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve(name + ".err").toFile()).start();
    }

    private String stderr(String name) throws java.io.IOException {
        Path f = dir.resolve(name + ".err");
        return Files.exists(f) ? Files.readString(f) : "";
    }
}
