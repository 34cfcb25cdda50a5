package dev.annotator.core.annotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.embed.TextEmbedder;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.UnknownLabelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EmbeddingKnnAnnotatorTest {
    static final Task SENTIMENT = Task.builder().name("sentiment")
            .label("negative", "awful terrible").label("positive", "great wonderful").build();
    static final Task BARE = Task.singleLabel("sentiment", "negative", "positive");
    static final Task TOPICS = Task.builder().name("topics").multiLabel(true).label("sports", "").label("money", "")
            .label("politics", "").build();

    /** Deterministic bag-of-words embedder over a fixed vocabulary; unknown words count nothing. */
    static class WordEmbedder implements TextEmbedder {
        static final List<String> VOCAB = List.of("great", "wonderful", "loved", "awful", "terrible", "hated", "film", "football",
                "tennis", "stock", "bank", "vote", "senate", "music");
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger texts = new AtomicInteger();

        @Override
        public int dimension() {
            return VOCAB.size();
        }

        @Override
        public String name() {
            return "words";
        }

        @Override
        public List<float[]> embedAll(List<String> in) {
            calls.incrementAndGet();
            texts.addAndGet(in.size());
            List<float[]> out = new ArrayList<>();
            for (String t : in) {
                float[] v = new float[VOCAB.size()];
                for (String w : t.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
                    int i = VOCAB.indexOf(w);
                    if (i >= 0) {
                        v[i] += 1;
                    }
                }
                out.add(v);
            }
            return out;
        }
    }

    static LabelledExample gold(String id, String text, String... labels) {
        return new LabelledExample(Example.of(id, text), List.of(labels), Split.DEV);
    }

    static List<LabelledExample> sentimentPool() {
        return List.of(gold("g1", "great film", "positive"), gold("g2", "loved the music", "positive"),
                gold("g3", "wonderful great", "positive"), gold("g4", "awful film", "negative"),
                gold("g5", "hated the music", "negative"), gold("g6", "terrible awful", "negative"));
    }

    @Test
    void should_label_by_similarity_weighted_votes_of_the_nearest_gold_examples() {
        // given
        WordEmbedder e = new WordEmbedder();
        EmbeddingKnnAnnotator knn = EmbeddingKnnAnnotator.builder().task(BARE).embedder(e).goldPool(sentimentPool()).k(3).build();

        // when
        List<Annotation> out = knn.annotate(List.of(Example.of("a", "a great wonderful film"), Example.of("b", "hated it, awful")));

        // then
        assertThat(out).extracting(Annotation::exampleId).containsExactly("a", "b");
        assertThat(out.get(0).labels()).containsExactly("positive");
        assertThat(out.get(1).labels()).containsExactly("negative");
        double[] p = out.get(0).distribution().orElseThrow().toArray();
        assertThat(p[0] + p[1]).isCloseTo(1.0, within(1e-9));
        assertThat(p[1]).isGreaterThan(0.5);
        assertThat(out.get(0).confidence()).isEqualTo(p[1]);
        assertThat(out.get(0).source()).isEqualTo(knn.name()).startsWith("knn:words:k=3");
        assertThat(out.get(0).cost()).isEqualTo(Cost.FREE);
    }

    @Test
    void should_weigh_closer_neighbours_more_as_temperature_falls() {
        // "great film" is nearest to g1 (positive) but shares 'film' with g4 (negative)
        List<LabelledExample> pool = List.of(gold("g1", "great film", "positive"), gold("g4", "awful film", "negative"));
        Example text = Example.of("x", "great great film");

        double sharp = EmbeddingKnnAnnotator.builder().task(BARE).embedder(new WordEmbedder()).goldPool(pool).k(2)
                .temperature(0.05).build().annotate(text).confidence();
        double soft = EmbeddingKnnAnnotator.builder().task(BARE).embedder(new WordEmbedder()).goldPool(pool).k(2)
                .temperature(100).build().annotate(text).confidence();

        assertThat(sharp).isGreaterThan(0.99);
        assertThat(soft).isBetween(0.5, 0.51);
    }

    @Test
    void should_embed_the_reference_set_once() {
        WordEmbedder e = new WordEmbedder();
        EmbeddingKnnAnnotator knn = EmbeddingKnnAnnotator.builder().task(SENTIMENT).embedder(e).goldPool(sentimentPool()).build();
        assertThat(e.calls.get()).isEqualTo(1);
        assertThat(e.texts.get()).isEqualTo(6 + 2);

        knn.annotate(List.of(Example.of("a", "great"), Example.of("b", "awful")));
        knn.annotate(Example.of("c", "loved"));

        assertThat(e.calls.get()).isEqualTo(3);
        assertThat(e.texts.get()).isEqualTo(8 + 3);
        assertThat(knn.goldPoolSize()).isEqualTo(6);
        assertThat(knn.descriptionCount()).isEqualTo(2);
    }

    @Test
    void should_label_from_label_descriptions_alone() {
        EmbeddingKnnAnnotator knn = EmbeddingKnnAnnotator.builder().task(SENTIMENT).embedder(new WordEmbedder()).build();

        assertThat(knn.annotate(Example.of("a", "what a wonderful film")).labels()).containsExactly("positive");
        assertThat(knn.annotate(Example.of("b", "terrible")).labels()).containsExactly("negative");
        assertThat(knn.name()).endsWith(":descriptions");
    }

    @Test
    void should_abstain_with_a_reason_when_there_is_nothing_to_compare_with() {
        EmbeddingKnnAnnotator knn = EmbeddingKnnAnnotator.builder().task(SENTIMENT).embedder(new WordEmbedder())
                .labelDescriptions(false).build();

        Annotation a = knn.annotate(Example.of("a", "great"));

        assertThat(a.isAbstention()).isTrue();
        assertThat(a.abstentionReason()).hasValueSatisfying(r -> assertThat(r).contains("no gold examples"));
    }

    @Test
    void should_abstain_when_the_text_embeds_to_zero_or_is_too_far_or_ties() {
        EmbeddingKnnAnnotator knn = EmbeddingKnnAnnotator.builder().task(BARE).embedder(new WordEmbedder())
                .goldPool(sentimentPool()).build();
        EmbeddingKnnAnnotator strict = EmbeddingKnnAnnotator.builder().task(BARE).embedder(new WordEmbedder())
                .goldPool(sentimentPool()).minSimilarity(0.9).build();
        EmbeddingKnnAnnotator tied = EmbeddingKnnAnnotator.builder().task(BARE).embedder(new WordEmbedder())
                .goldPool(List.of(gold("p", "great film", "positive"), gold("n", "awful film", "negative"))).build();

        assertThat(knn.annotate(Example.of("z", "zzz qqq")).abstentionReason()).hasValueSatisfying(
                r -> assertThat(r).contains("zero vector"));
        assertThat(strict.annotate(Example.of("f", "film music")).abstentionReason()).hasValueSatisfying(
                r -> assertThat(r).contains("below the minimum 0.900"));
        assertThat(tied.annotate(Example.of("t", "film")).abstentionReason()).hasValueSatisfying(
                r -> assertThat(r).contains("tie between labels"));
    }

    @Test
    void should_never_use_a_gold_example_as_its_own_neighbour() {
        List<LabelledExample> pool = List.of(gold("g1", "great film", "negative"), gold("g2", "great film music", "positive"),
                gold("g3", "wonderful film", "positive"));
        EmbeddingKnnAnnotator knn = EmbeddingKnnAnnotator.builder().task(BARE).embedder(new WordEmbedder()).goldPool(pool).k(1)
                .build();

        assertThat(knn.annotate(Example.of("g1", "great film")).labels()).containsExactly("positive");
        assertThat(knn.annotate(Example.of("other", "great film")).labels()).containsExactly("negative");
    }

    @Test
    void should_choose_every_label_most_neighbours_carry_for_multi_label_tasks() {
        List<LabelledExample> pool = List.of(gold("1", "football club stock", "sports", "money"),
                gold("2", "football bank", "sports", "money"), gold("3", "tennis stock", "sports", "money"),
                gold("4", "vote senate", "politics"), gold("5", "senate", "politics"));
        EmbeddingKnnAnnotator knn = EmbeddingKnnAnnotator.builder().task(TOPICS).embedder(new WordEmbedder()).goldPool(pool).k(3)
                .temperature(1).build();

        Annotation a = knn.annotate(Example.of("q", "football stock bank"));

        assertThat(a.labels()).containsExactly("sports", "money");
        double[] p = a.distribution().orElseThrow().toArray();
        assertThat(p[0]).isEqualTo(1.0);
        assertThat(p[1]).isEqualTo(1.0);
        assertThat(p[2]).isZero();
        assertThat(a.confidence()).isEqualTo(1.0);
    }

    @Test
    void should_name_its_gold_pool_so_stored_answers_of_another_pool_are_not_reused() {
        EmbeddingKnnAnnotator a = EmbeddingKnnAnnotator.builder().task(BARE).embedder(new WordEmbedder()).goldPool(sentimentPool())
                .build();
        EmbeddingKnnAnnotator b = EmbeddingKnnAnnotator.builder().task(BARE).embedder(new WordEmbedder())
                .goldPool(sentimentPool().subList(0, 5)).build();
        EmbeddingKnnAnnotator c = EmbeddingKnnAnnotator.builder().task(BARE).embedder(new WordEmbedder()).goldPool(sentimentPool())
                .build();

        assertThat(a.name()).isNotEqualTo(b.name()).isEqualTo(c.name());
    }

    @Test
    void should_fail_the_run_when_the_embedder_breaks_its_contract() {
        TextEmbedder broken = new WordEmbedder() {
            @Override
            public List<float[]> embedAll(List<String> in) {
                return in.stream().map(t -> new float[3]).toList();
            }
        };

        assertThatThrownBy(() -> EmbeddingKnnAnnotator.builder().task(BARE).embedder(broken).goldPool(sentimentPool()).build())
                .isInstanceOf(NonRetriableAnnotatorException.class).hasMessageContaining("length 3");
    }

    @Test
    void should_reject_bad_settings_naming_them() {
        assertThatThrownBy(() -> EmbeddingKnnAnnotator.builder().k(0)).hasMessageContaining("k must be at least 1: 0");
        assertThatThrownBy(() -> EmbeddingKnnAnnotator.builder().temperature(-1)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> EmbeddingKnnAnnotator.builder().minSimilarity(2)).hasMessageContaining("minSimilarity");
        assertThatThrownBy(() -> EmbeddingKnnAnnotator.builder().task(BARE).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("embedder");
        assertThatThrownBy(() -> EmbeddingKnnAnnotator.builder().task(BARE).embedder(new WordEmbedder())
                .goldPool(List.of(gold("x", "great", "spam"))).build()).isInstanceOf(UnknownLabelException.class)
                .hasMessageContaining("spam");
    }
}
