package dev.annotator.core.select;

import static dev.annotator.core.select.SelectorFixtures.point;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.data.Example;
import dev.annotator.core.embed.TextEmbedder;
import dev.annotator.core.task.LabelDistribution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SelectionContextTest {
    private static final List<Example> POOL = List.of(Example.of("a", "alpha"), Example.of("b", "beta"), Example.of("c", "gamma"));

    @Test
    void should_offer_the_unlabelled_examples_as_candidates_in_pool_order() {
        SelectionContext context = SelectionContext.builder().pool(POOL).labelledIds(Set.of("b", "elsewhere")).batchSize(2)
                .seed(1).build();

        assertThat(context.candidates()).extracting(Example::id).containsExactly("a", "c");
        assertThat(context.labelledInPool()).extracting(Example::id).containsExactly("b");
        assertThat(context.hasPredictions()).isFalse();
    }

    @Test
    void should_reject_missing_and_contradictory_settings() {
        assertThatThrownBy(() -> SelectionContext.builder().pool(POOL).batchSize(1).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("seed");
        assertThatThrownBy(() -> SelectionContext.builder().batchSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize must be positive: 0");
        assertThatThrownBy(() -> SelectionContext.builder().pool(List.of(Example.of("a", "x"), Example.of("a", "y")))
                .batchSize(1).seed(1).build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' repeats");
        Map<String, LabelDistribution> predictions = Map.of("a", LabelDistribution.oneHot(SelectorFixtures.TOPICS, "money"));
        assertThatThrownBy(() -> SelectionContext.builder().pool(POOL).batchSize(1).seed(1).predictions(predictions)
                .student(SelectorFixtures.fixedStudent(Map.of("alpha", predictions.get("a")), new ArrayList<>())).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
    }

    @Test
    void should_ask_the_student_once_per_example_and_only_for_what_is_needed() {
        Map<String, LabelDistribution> byText = new LinkedHashMap<>();
        POOL.forEach(e -> byText.put(e.text(), LabelDistribution.oneHot(SelectorFixtures.TOPICS, "money")));
        List<String> calls = new ArrayList<>();
        SelectionContext context = SelectionContext.builder().pool(POOL).labelledIds(Set.of("b")).batchSize(1).seed(1)
                .student(SelectorFixtures.fixedStudent(byText, calls)).build();

        SampleSelector.entropy().select(context);
        SampleSelector.margin().select(context);

        assertThat(calls).containsExactly("alpha", "gamma");
    }

    @Test
    void should_name_the_example_without_a_prediction() {
        SelectionContext context = SelectionContext.builder().pool(POOL).batchSize(1).seed(1)
                .predictions(Map.of("a", LabelDistribution.oneHot(SelectorFixtures.TOPICS, "money"))).build();

        assertThatThrownBy(() -> SampleSelector.entropy().select(context)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no prediction for example 'b'");
    }

    @Test
    void should_restrict_candidates_but_not_to_labelled_or_foreign_examples() {
        SelectionContext context = SelectionContext.builder().pool(POOL).labelledIds(Set.of("b")).batchSize(1).seed(1).build();

        assertThat(context.restrictedTo(List.of(POOL.get(2), POOL.get(0))).candidates()).extracting(Example::id)
                .containsExactly("a", "c");
        assertThatThrownBy(() -> context.restrictedTo(List.of(POOL.get(1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'b' is labelled");
        assertThatThrownBy(() -> context.restrictedTo(List.of(Example.of("z", "zeta"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'z' is not in the selection pool");
    }

    @Test
    void should_embed_each_example_once_across_rounds() {
        SelectorFixtures.VectorTextEmbedder embedder = new SelectorFixtures.VectorTextEmbedder(2);
        EmbeddingCache cache = EmbeddingCache.of(embedder);
        List<Example> pool = SelectorFixtures.clusteredPool();
        Set<String> labelled = new java.util.HashSet<>();

        for (int round = 0; round < 3; round++) {
            SelectionContext context = SelectionContext.builder().pool(pool).labelledIds(labelled).batchSize(4).seed(round)
                    .embeddings(cache).build();
            SampleSelector.kCenter().select(context).forEach(e -> labelled.add(e.id()));
        }

        assertThat(labelled).hasSize(12);
        assertThat(embedder.embedded()).isEqualTo(pool.size());
        assertThat(cache.size()).isEqualTo(pool.size());
    }

    @Test
    void should_refuse_an_id_embedded_with_another_text() {
        EmbeddingCache cache = EmbeddingCache.of(new SelectorFixtures.VectorTextEmbedder(2));
        cache.vectors(List.of(point("p", 1, 2)));

        assertThatThrownBy(() -> cache.vectors(List.of(point("p", 3, 4)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'p' was embedded with another text");
    }

    @Test
    void should_name_the_example_when_the_embedder_returns_a_wrong_vector() {
        TextEmbedder wrong = new TextEmbedder() {
            @Override
            public int dimension() {
                return 3;
            }

            @Override
            public String name() {
                return "wrong";
            }

            @Override
            public List<float[]> embedAll(List<String> texts) {
                return texts.stream().map(t -> new float[2]).toList();
            }
        };

        assertThatThrownBy(() -> EmbeddingCache.of(wrong).vectors(List.of(Example.of("q", "text"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'q'").hasMessageContaining("expected 3");
    }
}
