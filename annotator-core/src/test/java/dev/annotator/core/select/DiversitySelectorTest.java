package dev.annotator.core.select;

import static dev.annotator.core.select.SelectorFixtures.point;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.data.Example;
import dev.annotator.core.task.LabelDistribution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiversitySelectorTest {

    private static EmbeddingCache embeddings() {
        return EmbeddingCache.of(new SelectorFixtures.VectorTextEmbedder(2));
    }

    private static List<String> ids(List<Example> batch) {
        return batch.stream().map(Example::id).toList();
    }

    /** Four clusters of five points: a centre point {@code k<c>-centre} and four around it at distance 1. */
    private static List<Example> crosses() {
        double[][] centres = {{0, 0}, {50, 0}, {0, 50}, {50, 50}};
        List<Example> pool = new ArrayList<>();
        for (int c = 0; c < centres.length; c++) {
            double x = centres[c][0];
            double y = centres[c][1];
            pool.add(point("k" + c + "-e", x + 1, y));
            pool.add(point("k" + c + "-w", x - 1, y));
            pool.add(point("k" + c + "-centre", x, y));
            pool.add(point("k" + c + "-n", x, y + 1));
            pool.add(point("k" + c + "-s", x, y - 1));
        }
        return pool;
    }

    @Test
    void should_take_the_point_nearest_each_centroid_one_per_cluster() {
        SelectionContext context = SelectionContext.builder().pool(crosses()).batchSize(4).seed(1).embeddings(embeddings())
                .build();

        List<Example> batch = SampleSelector.kMeans().select(context);

        assertThat(ids(batch)).containsExactlyInAnyOrder("k0-centre", "k1-centre", "k2-centre", "k3-centre");
    }

    @Test
    void should_give_the_same_clusters_for_the_same_seed() {
        List<Example> pool = SelectorFixtures.clusteredPool();
        SampleSelector kMeans = KMeansDiversitySelector.builder().maxIterations(20).build();

        List<Example> a = kMeans.select(SelectionContext.builder().pool(pool).batchSize(6).seed(3).embeddings(embeddings()).build());
        List<Example> b = kMeans.select(SelectionContext.builder().pool(pool).batchSize(6).seed(3).embeddings(embeddings()).build());

        assertThat(a).isEqualTo(b).hasSize(6).doesNotHaveDuplicates();
    }

    @Test
    void should_fill_the_batch_when_candidates_share_vectors() {
        // given: ten texts but only two distinct vectors
        List<Example> pool = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pool.add(Example.of("d" + i, i % 2 == 0 ? "0 0" : "5 5"));
        }
        SelectionContext context = SelectionContext.builder().pool(pool).batchSize(4).seed(2).embeddings(embeddings()).build();

        List<Example> batch = SampleSelector.kMeans().select(context);

        assertThat(batch).hasSize(4).doesNotHaveDuplicates();
        assertThat(batch.subList(0, 2)).extracting(Example::text).containsExactlyInAnyOrder("0 0", "5 5");
    }

    @Test
    void should_pick_the_farthest_points_from_the_labelled_set_with_k_center() {
        // given: labelled at the origin; candidates on a line
        List<Example> pool = List.of(point("origin", 0, 0), point("near", 1, 0), point("mid", 5, 0), point("far", 10, 0),
                point("opposite", -6, 0));
        SelectionContext context = SelectionContext.builder().pool(pool).labelledIds(Set.of("origin")).batchSize(2).seed(1)
                .embeddings(embeddings()).build();

        // when
        List<Example> batch = SampleSelector.kCenter().select(context);

        // then: 'far' (10 from the origin), then 'opposite' (6 from the origin, 16 from 'far'), not 'mid' (5)
        assertThat(ids(batch)).containsExactly("far", "opposite");
    }

    @Test
    void should_cover_every_cluster_with_k_center_when_one_is_labelled() {
        List<Example> pool = crosses();
        SelectionContext context = SelectionContext.builder().pool(pool).labelledIds(Set.of("k0-centre")).batchSize(3).seed(4)
                .embeddings(embeddings()).build();

        List<Example> batch = SampleSelector.kCenter().select(context);

        assertThat(batch).extracting(e -> e.id().substring(0, 2)).containsExactlyInAnyOrder("k1", "k2", "k3");
    }

    @Test
    void should_prefilter_by_uncertainty_then_spread_over_clusters_in_the_hybrid() {
        // given: clusters k0 and k1 uncertain, k2 and k3 confident; k0's points slightly more uncertain than k1's
        List<Example> pool = crosses();
        Map<String, LabelDistribution> predictions = new LinkedHashMap<>();
        for (Example e : pool) {
            double top = e.id().startsWith("k0") ? 0.34 : e.id().startsWith("k1") ? 0.4 : 0.95;
            double rest = (1 - top) / 2;
            predictions.put(e.id(), LabelDistribution.of(SelectorFixtures.TOPICS, new double[] {top, rest, 1 - top - rest}));
        }
        SelectionContext context = SelectionContext.builder().pool(pool).batchSize(2).seed(5).predictions(predictions)
                .embeddings(embeddings()).build();

        // when
        List<Example> hybrid = HybridSelector.builder().measure(UncertaintyMeasure.leastConfidence()).multiplier(5).build()
                .select(context);
        List<Example> uncertaintyOnly = SampleSelector.leastConfidence().select(context);

        // then: plain uncertainty takes two from k0; the hybrid one from each uncertain cluster, its centre
        assertThat(uncertaintyOnly).extracting(e -> e.id().substring(0, 2)).containsExactly("k0", "k0");
        assertThat(ids(hybrid)).containsExactlyInAnyOrder("k0-centre", "k1-centre");
    }

    @Test
    void should_use_diversity_on_the_whole_pool_at_cold_start_in_the_hybrid() {
        SelectionContext cold = SelectionContext.builder().pool(crosses()).batchSize(4).seed(1).embeddings(embeddings()).build();

        assertThat(SampleSelector.hybrid().select(cold)).isEqualTo(SampleSelector.kMeans().select(cold));
    }

    @Test
    void should_name_the_selector_when_embeddings_are_missing() {
        SelectionContext noEmbeddings = SelectionContext.builder().pool(crosses()).batchSize(2).seed(1).build();

        assertThatThrownBy(() -> SampleSelector.kMeans().select(noEmbeddings)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kmeans").hasMessageContaining("embeddings");
        assertThatThrownBy(() -> SampleSelector.kCenter().select(noEmbeddings)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kcenter");
    }

    @Test
    void should_reject_bad_settings() {
        assertThatThrownBy(() -> KMeansDiversitySelector.builder().maxIterations(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxIterations must be positive: 0");
        assertThatThrownBy(() -> HybridSelector.builder().multiplier(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("multiplier must be >= 1: 0");
    }
}
