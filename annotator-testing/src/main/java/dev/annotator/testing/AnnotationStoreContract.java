package dev.annotator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.StoredResponse;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link AnnotationStore} honours. An implementation's test extends this class and
 * supplies a fresh empty store; a durable implementation also overrides {@link #reopen()} so the
 * persistence tests run. Published in annotator-testing.
 */
public abstract class AnnotationStoreContract {

    /** A single-label task used by the contract. */
    protected static final Task SENTIMENT = Task.builder().name("contract-sentiment")
            .label("negative", "the writer disliked it").label("positive", "the writer liked it").build();
    /** A multi-label task used by the contract. */
    protected static final Task TOPICS = Task.builder().name("contract-topics").multiLabel(true)
            .label("sports", "").label("money", "").label("politics", "").build();

    private static final int THREADS = 8;

    /** The store under test, created fresh before every test and closed after it. */
    protected AnnotationStore store;

    /**
     * @return a new, empty store of the implementation under test
     */
    protected abstract AnnotationStore newStore();

    /**
     * Returns a second store over the same durable data as the last
     * {@link #newStore()} (for a file: the same file). The contract closes the first store before
     * calling this. In-memory stores keep the default, which skips the persistence tests.
     *
     * @return a store over the same data, or empty when the implementation is not durable
     */
    protected Optional<AnnotationStore> reopen() {
        return Optional.empty();
    }

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /**
     * @param key a key
     * @param answer the answer text
     * @return a response with a fixed model, request and cost
     */
    protected static StoredResponse response(String key, String answer) {
        return new StoredResponse(key, "model-x", "prompt for " + key, answer, new Cost(120, 7, 0.000_123_4),
                Instant.parse("2026-01-02T03:04:05.123456789Z"));
    }

    private static Annotation labelled(String id, double positive, String source) {
        return Annotation.labelled(id, LabelDistribution.of(SENTIMENT, new double[] {1 - positive, positive}), Math.max(positive, 1 - positive),
                source, new Cost(10, 2, 0.001));
    }

    private static void assertSameAnnotation(Annotation actual, Annotation expected) {
        assertThat(actual.exampleId()).isEqualTo(expected.exampleId());
        assertThat(actual.source()).isEqualTo(expected.source());
        assertThat(actual.isAbstention()).isEqualTo(expected.isAbstention());
        assertThat(actual.abstentionReason()).isEqualTo(expected.abstentionReason());
        assertThat(actual.labels()).isEqualTo(expected.labels());
        assertThat(actual.confidence()).isEqualTo(expected.confidence());
        assertThat(actual.cost()).isEqualTo(expected.cost());
        assertThat(actual.distribution().map(LabelDistribution::toArray).orElse(null))
                .isEqualTo(expected.distribution().map(LabelDistribution::toArray).orElse(null));
    }

    private static <T> List<T> runConcurrently(int tasks, Callable<T> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return body.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- responses

    @Test
    void should_find_nothing_for_an_unknown_key() {
        assertThat(store.findResponse("never-asked")).isEmpty();
        assertThat(store.responseCount()).isZero();
    }

    @Test
    void should_return_a_stored_response_exactly() {
        StoredResponse r = new StoredResponse("k1", "gpt-x", "Classify: «naïve» 😀\n\"quoted\"", "{\"label\":\"positive\"}",
                new Cost(1234, 56, 0.000_789_1), Instant.parse("2026-05-06T07:08:09.987654321Z"));

        assertThat(store.putResponse(r)).isEqualTo(r);

        assertThat(store.findResponse("k1")).contains(r);
        assertThat(store.responseCount()).isEqualTo(1);
    }

    @Test
    void should_keep_the_first_response_for_a_key() {
        StoredResponse first = response("k", "first");
        StoredResponse second = response("k", "second");

        store.putResponse(first);
        StoredResponse kept = store.putResponse(second);

        assertThat(kept).isEqualTo(first);
        assertThat(store.findResponse("k")).contains(first);
        assertThat(store.responseCount()).isEqualTo(1);
    }

    @Test
    void should_keep_a_large_response() {
        String big = "x".repeat(1_000_000);

        store.putResponse(response("big", big));

        assertThat(store.findResponse("big").orElseThrow().response()).hasSize(1_000_000);
    }

    @Test
    void should_give_every_racing_writer_of_one_key_the_same_winner() throws Exception {
        List<StoredResponse> kept = runConcurrently(64, () -> store.putResponse(response("race",
                "answer from " + Thread.currentThread().getName() + " " + System.nanoTime())));

        assertThat(new HashSet<>(kept)).hasSize(1);
        assertThat(store.findResponse("race")).contains(kept.get(0));
        assertThat(store.responseCount()).isEqualTo(1);
    }

    @Test
    void should_keep_every_response_written_from_many_threads() throws Exception {
        int[] next = {0};
        runConcurrently(200, () -> {
            int i;
            synchronized (next) {
                i = next[0]++;
            }
            return store.putResponse(response("key-" + i, "answer " + i));
        });

        assertThat(store.responseCount()).isEqualTo(200);
        for (int i = 0; i < 200; i++) {
            assertThat(store.findResponse("key-" + i).orElseThrow().response()).isEqualTo("answer " + i);
        }
    }

    // ---- annotations

    @Test
    void should_list_nothing_for_a_task_without_annotations() {
        assertThat(store.annotations(SENTIMENT)).isEmpty();
    }

    @Test
    void should_round_trip_labelled_and_abstained_annotations() {
        Annotation yes = labelled("e1", 0.8, "knn");
        Annotation no = Annotation.abstained("e2", "answer 'maybe' is not a label", "knn", new Cost(5, 1, 0.25));

        store.putAnnotation(SENTIMENT, yes);
        store.putAnnotation(SENTIMENT, no);

        List<Annotation> all = store.annotations(SENTIMENT);
        assertThat(all).hasSize(2);
        assertSameAnnotation(all.get(0), yes);
        assertSameAnnotation(all.get(1), no);
    }

    @Test
    void should_round_trip_multi_label_annotations() {
        Annotation a = Annotation.labelled("m1", LabelDistribution.of(TOPICS, new double[] {0.9, 0.55, 0.1}), 0.55, "llm:x",
                Cost.FREE);
        Annotation none = Annotation.labelled("m2", LabelDistribution.of(TOPICS, new double[] {0.1, 0.2, 0.3}), List.of(), 0.7,
                "llm:x", Cost.FREE);

        store.putAnnotation(TOPICS, a);
        store.putAnnotation(TOPICS, none);

        List<Annotation> all = store.annotations(TOPICS);
        assertThat(all).hasSize(2);
        assertSameAnnotation(all.get(0), a);
        assertThat(all.get(0).labels()).containsExactly("sports", "money");
        assertSameAnnotation(all.get(1), none);
    }

    @Test
    void should_replace_an_annotation_from_the_same_source() {
        store.putAnnotation(SENTIMENT, labelled("e1", 0.9, "knn"));
        Annotation later = labelled("e1", 0.2, "knn");

        store.putAnnotation(SENTIMENT, later);

        List<Annotation> all = store.annotations(SENTIMENT);
        assertThat(all).hasSize(1);
        assertSameAnnotation(all.get(0), later);
    }

    @Test
    void should_replace_a_labelled_annotation_with_an_abstention() {
        store.putAnnotation(SENTIMENT, labelled("e1", 0.9, "llm"));
        Annotation later = Annotation.abstained("e1", "retries exhausted", "llm", Cost.FREE);

        store.putAnnotation(SENTIMENT, later);

        assertThat(store.annotations(SENTIMENT)).singleElement().satisfies(a -> assertSameAnnotation(a, later));
    }

    @Test
    void should_keep_annotations_from_different_sources_and_tasks_apart() {
        store.putAnnotation(SENTIMENT, labelled("e1", 0.9, "knn"));
        store.putAnnotation(SENTIMENT, labelled("e1", 0.1, "llm"));
        store.putAnnotation(TOPICS, Annotation.labelled("e1", LabelDistribution.ofLabels(TOPICS, Set.of("money")), 1.0, "knn",
                Cost.FREE));

        assertThat(store.annotations(SENTIMENT)).extracting(Annotation::source).containsExactly("knn", "llm");
        assertThat(store.annotations(TOPICS)).singleElement().satisfies(a -> assertThat(a.labels()).containsExactly("money"));
    }

    @Test
    void should_order_annotations_by_example_id_then_source() {
        String[][] puts = {{"b", "z"}, {"a", "z"}, {"b", "a"}, {"a10", "m"}, {"a2", "m"}, {"B", "q"}};
        for (String[] p : puts) {
            store.putAnnotation(SENTIMENT, labelled(p[0], 0.7, p[1]));
        }

        List<String> order = store.annotations(SENTIMENT).stream().map(a -> a.exampleId() + "/" + a.source()).toList();

        assertThat(order).containsExactly("B/q", "a/z", "a10/m", "a2/m", "b/a", "b/z");
    }

    @Test
    void should_put_many_annotations_at_once_with_the_last_winning() {
        List<Annotation> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(labelled(String.format("e%04d", i), (i % 10) / 10.0, "knn"));
        }
        batch.add(labelled("e0000", 0.99, "knn"));

        store.putAnnotations(SENTIMENT, batch);

        List<Annotation> all = store.annotations(SENTIMENT);
        assertThat(all).hasSize(500);
        assertThat(all.get(0).confidence()).isEqualTo(0.99);
        assertSameAnnotation(all.get(499), batch.get(499));
    }

    @Test
    void should_reject_an_annotation_of_another_task() {
        Annotation topic = Annotation.labelled("e1", LabelDistribution.ofLabels(TOPICS, Set.of("money")), 1.0, "knn", Cost.FREE);

        assertThatThrownBy(() -> store.putAnnotation(SENTIMENT, topic)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(TOPICS.name()).hasMessageContaining(SENTIMENT.name());
        assertThat(store.annotations(SENTIMENT)).isEmpty();
    }

    @Test
    void should_keep_every_annotation_written_from_many_threads() throws Exception {
        int[] next = {0};
        runConcurrently(200, () -> {
            int i;
            synchronized (next) {
                i = next[0]++;
            }
            store.putAnnotation(SENTIMENT, labelled(String.format("t%03d", i), 0.75, "src-" + (i % 3)));
            return i % 20 == 0 ? store.annotations(SENTIMENT).size() : 0;
        });

        List<Annotation> all = store.annotations(SENTIMENT);
        assertThat(all).hasSize(200);
        assertThat(all.get(0).exampleId()).isEqualTo("t000");
        assertThat(all.get(199).exampleId()).isEqualTo("t199");
    }

    // ---- durability (only for stores that override reopen())

    @Test
    void should_keep_responses_and_annotations_after_reopening() {
        StoredResponse r = response("durable", "answer");
        Annotation a = labelled("e1", 0.6, "knn");
        store.putResponse(r);
        store.putAnnotation(SENTIMENT, a);
        store.close();

        Optional<AnnotationStore> again = reopen();
        assumeTrue(again.isPresent(), "store is not durable");
        store = again.get();

        assertThat(store.findResponse("durable")).contains(r);
        assertThat(store.responseCount()).isEqualTo(1);
        assertThat(store.annotations(SENTIMENT)).singleElement().satisfies(x -> assertSameAnnotation(x, a));
    }
}
