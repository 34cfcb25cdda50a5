package dev.annotator.core.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.data.Example;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UncertaintySelectorTest {
    private static final Task TOPICS = SelectorFixtures.TOPICS;
    private static final Task TAGS = SelectorFixtures.TAGS;

    /** Pool of examples e0..e(n-1) with the given predictions over TOPICS, no embeddings. */
    private static SelectionContext.Builder context(int batch, double[]... predictions) {
        List<Example> pool = new ArrayList<>();
        Map<String, LabelDistribution> byId = new LinkedHashMap<>();
        for (int i = 0; i < predictions.length; i++) {
            Example e = Example.of("e" + i, "text " + i);
            pool.add(e);
            Task task = predictions[i].length == 2 ? TAGS : TOPICS;
            byId.put(e.id(), LabelDistribution.of(task, predictions[i]));
        }
        return SelectionContext.builder().pool(pool).batchSize(batch).seed(7).predictions(byId);
    }

    private static List<String> ids(List<Example> batch) {
        return batch.stream().map(Example::id).toList();
    }

    @Test
    void should_pick_the_flattest_distributions_by_least_confidence() {
        // given: e2 is the flattest, e4 next, the rest confident
        SelectionContext context = context(2,
                new double[] {0.9, 0.05, 0.05}, new double[] {0.8, 0.1, 0.1}, new double[] {0.34, 0.33, 0.33},
                new double[] {0.98, 0.01, 0.01}, new double[] {0.5, 0.3, 0.2}).build();

        // when
        List<Example> batch = SampleSelector.leastConfidence().select(context);

        // then
        assertThat(ids(batch)).containsExactly("e2", "e4");
    }

    @Test
    void should_rank_by_the_gap_between_the_top_two_for_margin() {
        // given: e0 has a low top probability but a clear winner; e1 a tie between two labels
        SelectionContext context = context(1, new double[] {0.4, 0.3, 0.3}, new double[] {0.5, 0.5, 0.0},
                new double[] {0.7, 0.2, 0.1}).build();

        // then: margin wants the tie, least confidence the flat one
        assertThat(ids(SampleSelector.margin().select(context))).containsExactly("e1");
        assertThat(ids(SampleSelector.leastConfidence().select(context))).containsExactly("e0");
    }

    @Test
    void should_break_margin_ties_deterministically_per_seed_and_without_pool_order_bias() {
        // given: 30 identical predictions, i.e. all tied
        double[][] same = new double[30][];
        for (int i = 0; i < same.length; i++) {
            same[i] = new double[] {0.6, 0.3, 0.1};
        }

        // when
        List<String> a = ids(SampleSelector.margin().select(context(5, same).seed(1).build()));
        List<String> b = ids(SampleSelector.margin().select(context(5, same).seed(1).build()));
        List<String> c = ids(SampleSelector.margin().select(context(5, same).seed(2).build()));

        // then
        assertThat(a).isEqualTo(b).doesNotHaveDuplicates().hasSize(5);
        assertThat(c).isNotEqualTo(a);
        assertThat(a).isNotEqualTo(List.of("e0", "e1", "e2", "e3", "e4"));
    }

    @Test
    void should_prefer_the_highest_entropy() {
        SelectionContext context = context(1, new double[] {0.5, 0.5, 0.0}, new double[] {0.4, 0.3, 0.3},
                new double[] {0.9, 0.1, 0.0}).build();

        assertThat(ids(SampleSelector.entropy().select(context))).containsExactly("e1");
    }

    @Test
    void should_use_mean_binary_entropy_for_multi_label_tasks() {
        // given: e1 is unsure on both labels, e0 on one, e2 on none
        SelectionContext context = context(3, new double[] {0.5, 0.99}, new double[] {0.5, 0.5},
                new double[] {0.01, 0.99}).build();

        assertThat(ids(SampleSelector.entropy().select(context))).containsExactly("e1", "e0", "e2");
        assertThat(UncertaintyMeasure.entropy().uncertainty(LabelDistribution.of(TAGS, new double[] {0.5, 0.5})))
                .isCloseTo(Math.log(2), within(1e-12));
        assertThat(UncertaintyMeasure.leastConfidence().uncertainty(LabelDistribution.of(TAGS, new double[] {0.5, 1.0})))
                .isCloseTo(0.25, within(1e-12));
        assertThat(UncertaintyMeasure.margin().uncertainty(LabelDistribution.of(TAGS, new double[] {0.75, 0.0})))
                .isCloseTo(0.25, within(1e-12));
    }

    @Test
    void should_compute_the_single_label_measures_exactly() {
        LabelDistribution d = LabelDistribution.of(TOPICS, new double[] {0.5, 0.3, 0.2});

        assertThat(UncertaintyMeasure.leastConfidence().uncertainty(d)).isCloseTo(0.5, within(1e-12));
        assertThat(UncertaintyMeasure.margin().uncertainty(d)).isCloseTo(0.8, within(1e-12));
        assertThat(UncertaintyMeasure.entropy().uncertainty(d))
                .isCloseTo(-(0.5 * Math.log(0.5) + 0.3 * Math.log(0.3) + 0.2 * Math.log(0.2)), within(1e-12));
        assertThat(UncertaintyMeasure.entropy().uncertainty(LabelDistribution.oneHot(TOPICS, "money"))).isZero();
    }

    @Test
    void should_fall_back_to_the_configured_selector_at_cold_start() {
        SelectionContext cold = SelectorFixtures.standardContext(4).predictions(Map.of()).build();

        assertThat(SampleSelector.leastConfidence().select(cold)).isEqualTo(SampleSelector.random().select(cold));
        assertThat(UncertaintySelector.builder().coldStart(SampleSelector.kMeans()).build().select(cold))
                .isEqualTo(SampleSelector.kMeans().select(cold));
    }

    @Test
    void should_never_repick_labelled_ids_even_when_most_uncertain() {
        SelectionContext context = context(2, new double[] {0.34, 0.33, 0.33}, new double[] {0.4, 0.3, 0.3},
                new double[] {0.9, 0.05, 0.05}).labelledIds(Set.of("e0")).build();

        assertThat(ids(SampleSelector.leastConfidence().select(context))).containsExactly("e1", "e2");
    }

    @Test
    void should_name_the_example_when_a_custom_measure_misbehaves() {
        SelectionContext context = context(1, new double[] {0.5, 0.3, 0.2}).build();
        SampleSelector broken = UncertaintySelector.of(d -> Double.NaN);

        assertThatThrownBy(() -> broken.select(context)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'e0'").hasMessageContaining("NaN");
    }

    @Test
    void should_describe_itself() {
        assertThat(SampleSelector.margin().name()).isEqualTo("uncertainty(margin)");
        assertThat(SampleSelector.hybrid().name()).isEqualTo("hybrid(entropy,x5,kmeans)");
    }
}
