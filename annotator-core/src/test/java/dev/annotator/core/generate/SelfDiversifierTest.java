package dev.annotator.core.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annotator.core.embed.TextEmbedder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelfDiversifierTest {
    /** Embeds texts by looking their vectors up. */
    record TableEmbedder(Map<String, float[]> vectors) implements TextEmbedder {
        @Override
        public int dimension() {
            return vectors.values().iterator().next().length;
        }

        @Override
        public String name() {
            return "table";
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            return texts.stream().map(vectors::get).toList();
        }
    }

    /**
     * Three tight clusters on the unit circle's directions (0°, 120°, 240°); in each, the centre
     * point lies exactly at the cluster mean and four satellites sit symmetrically around it.
     */
    private static Map<String, float[]> clusters(List<String> centres, List<String> all) {
        Map<String, float[]> v = new LinkedHashMap<>();
        for (int c = 0; c < 3; c++) {
            double a = Math.toRadians(120 * c);
            float x = (float) Math.cos(a);
            float y = (float) Math.sin(a);
            String centre = "c" + c;
            v.put(centre, new float[] {x, y, 0f});
            centres.add(centre);
            float[][] offsets = {{0.05f, 0, 0.05f}, {-0.05f, 0, 0.05f}, {0, 0.05f, -0.05f}, {0, -0.05f, -0.05f}};
            for (int s = 0; s < offsets.length; s++) {
                v.put(centre + "s" + s, new float[] {x + offsets[s][0], y + offsets[s][1], offsets[s][2]});
            }
        }
        all.addAll(v.keySet());
        return v;
    }

    @Test
    void should_keep_the_candidate_nearest_each_centre() {
        List<String> centres = new ArrayList<>();
        List<String> all = new ArrayList<>();
        TableEmbedder embedder = new TableEmbedder(clusters(centres, all));

        SelfDiversifier.Result r = new SelfDiversifier(embedder, 7).select(Map.of("food", all), 3);

        assertThat(r.kept().get("food")).containsExactlyInAnyOrderElementsOf(centres);
        assertThat(r.diversityAfter()).isGreaterThan(r.diversityBefore());
        // the centres are 120 degrees apart: cosine distance 1.5 between each pair
        assertThat(r.diversityAfter()).isCloseTo(1.5, org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void should_keep_every_candidate_of_a_label_with_few_of_them_and_be_deterministic() {
        List<String> centres = new ArrayList<>();
        List<String> all = new ArrayList<>();
        TableEmbedder embedder = new TableEmbedder(clusters(centres, all));
        Map<String, List<String>> candidates = new LinkedHashMap<>();
        candidates.put("food", all);
        candidates.put("movies", List.of("c0", "c1"));

        SelfDiversifier.Result a = new SelfDiversifier(embedder, 3).select(candidates, 3);
        SelfDiversifier.Result b = new SelfDiversifier(embedder, 3).select(candidates, 3);

        assertThat(a.kept().get("movies")).containsExactly("c0", "c1");
        assertThat(a.kept()).isEqualTo(b.kept());
        assertThat(a.kept().keySet()).containsExactly("food", "movies");
    }

    @Test
    void should_measure_mean_pairwise_cosine_distance() {
        List<float[]> v = List.of(new float[] {1, 0}, new float[] {0, 1}, new float[] {-1, 0});

        // pairs: (1,2) 1, (1,3) 2, (2,3) 1 -> mean 4/3
        assertThat(Diversity.meanPairwiseCosineDistance(v)).isCloseTo(4.0 / 3, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Diversity.meanPairwiseCosineDistance(List.of(new float[] {1, 0}))).isZero();
    }

    @Test
    void should_drop_exact_and_near_duplicates_keeping_the_first() {
        Map<String, float[]> v = new LinkedHashMap<>();
        v.put("Great pasta!", new float[] {1, 0});
        v.put("great   pasta", new float[] {1, 0});
        v.put("Superb pasta.", new float[] {0.99f, 0.05f});
        v.put("Boring film", new float[] {0, 1});
        Deduplicator d = new Deduplicator(new TableEmbedder(v), 0.95);

        Deduplicator.Result r = d.deduplicate(List.of("Great pasta!", "great   pasta", "Superb pasta.", "Boring film"));

        assertThat(r.kept()).containsExactly("Great pasta!", "Boring film");
        assertThat(r.exactDuplicates()).isEqualTo(1);
        assertThat(r.nearDuplicates()).isEqualTo(1);
        assertThat(new Deduplicator().deduplicate(List.of("a b", "A  b!", "c")).kept()).containsExactly("a b", "c");
    }
}
