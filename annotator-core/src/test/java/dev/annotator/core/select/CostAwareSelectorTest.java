package dev.annotator.core.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.data.Example;
import dev.annotator.core.task.LabelDistribution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostAwareSelectorTest {

    private static LabelDistribution dist(double top) {
        double rest = (1 - top) / 2;
        return LabelDistribution.of(SelectorFixtures.TOPICS, new double[] {top, rest, 1 - top - rest});
    }

    private static SelectionContext context(int batch, Map<Example, LabelDistribution> pool) {
        Map<String, LabelDistribution> byId = new LinkedHashMap<>();
        pool.forEach((e, d) -> byId.put(e.id(), d));
        return SelectionContext.builder().pool(List.copyOf(pool.keySet())).batchSize(batch).seed(3).predictions(byId).build();
    }

    private static List<String> ids(List<Example> batch) {
        return batch.stream().map(Example::id).toList();
    }

    @Test
    void should_prefer_cheap_texts_at_equal_gain() {
        // given: same prediction, texts of 40, 4 and 400 characters
        Map<Example, LabelDistribution> pool = new LinkedHashMap<>();
        pool.put(Example.of("medium", "x".repeat(40)), dist(0.5));
        pool.put(Example.of("short", "x".repeat(4)), dist(0.5));
        pool.put(Example.of("long", "x".repeat(400)), dist(0.5));

        List<Example> batch = CostAwareSelector.builder().budget(1000).build().select(context(3, pool));

        assertThat(ids(batch)).containsExactly("short", "medium", "long");
    }

    @Test
    void should_rank_by_gain_per_token() {
        // given: a long very uncertain text and a short mildly uncertain one
        Map<Example, LabelDistribution> pool = new LinkedHashMap<>();
        pool.put(Example.of("long-unsure", "x".repeat(400)), dist(0.34));
        pool.put(Example.of("short-mild", "x".repeat(8)), dist(0.8));

        List<Example> batch = CostAwareSelector.builder().gain(UncertaintyMeasure.leastConfidence()).budget(1000).build()
                .select(context(2, pool));

        // then: 0.2 / 2 tokens beats 0.66 / 100 tokens
        assertThat(ids(batch)).containsExactly("short-mild", "long-unsure");
    }

    @Test
    void should_never_exceed_the_budget_and_skip_what_does_not_fit() {
        // given: costs 25, 10, 3 tokens (chars/4), gains decreasing with length
        Map<Example, LabelDistribution> pool = new LinkedHashMap<>();
        pool.put(Example.of("a", "x".repeat(100)), dist(0.34));
        pool.put(Example.of("b", "x".repeat(40)), dist(0.34));
        pool.put(Example.of("c", "x".repeat(12)), dist(0.34));
        CostAwareSelector selector = CostAwareSelector.builder().budget(20).build();

        // when
        List<Example> batch = selector.select(context(3, pool));

        // then: c (3) and b (10) fit, a (25) never does
        assertThat(ids(batch)).containsExactly("c", "b");
        assertThat(selector.costOf(batch)).isLessThanOrEqualTo(20);
    }

    @Test
    void should_respect_the_budget_at_cold_start_with_a_random_order() {
        List<Example> pool = SelectorFixtures.clusteredPool();
        SelectionContext cold = SelectionContext.builder().pool(pool).batchSize(40).seed(8).build();
        CostAwareSelector selector = CostAwareSelector.builder().budget(25).build();

        List<Example> batch = selector.select(cold);

        assertThat(selector.costOf(batch)).isLessThanOrEqualTo(25);
        assertThat(batch).isNotEmpty().doesNotHaveDuplicates();
        assertThat(selector.select(cold)).isEqualTo(batch);
    }

    @Test
    void should_use_a_pluggable_cost_function() {
        Map<Example, LabelDistribution> pool = new LinkedHashMap<>();
        pool.put(Example.of("cheap-by-metadata", "x".repeat(400)), dist(0.5));
        pool.put(Example.of("dear-by-metadata", "x"), dist(0.5));
        TextCost byId = e -> e.id().startsWith("cheap") ? 1 : 100;

        List<Example> batch = CostAwareSelector.builder().cost(byId).budget(50).build().select(context(2, pool));

        assertThat(ids(batch)).containsExactly("cheap-by-metadata");
    }

    @Test
    void should_estimate_tokens_as_a_quarter_of_the_characters() {
        assertThat(TextCost.charsOver4().cost(Example.of("a", "abc"))).isEqualTo(1);
        assertThat(TextCost.charsOver4().cost(Example.of("a", "x".repeat(9)))).isEqualTo(3);
    }

    @Test
    void should_reject_bad_budgets_and_costs() {
        assertThatThrownBy(() -> CostAwareSelector.builder().budget(-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("budget must be finite and positive: -3.0");
        assertThatThrownBy(() -> CostAwareSelector.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("budget");
        Map<Example, LabelDistribution> pool = Map.of(Example.of("free", "x"), dist(0.5));
        assertThatThrownBy(() -> CostAwareSelector.builder().cost(e -> 0).budget(5).build().select(context(1, pool)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'free'");
    }
}
