package dev.annotator.core.labelmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LabelModelSelectionTest {
    private static final Task TASK = Task.singleLabel("spam", "ham", "spam");
    private static final List<String> VOTERS = List.of("good", "fair", "bad", "rare");

    /** Rows with truth i % 2; voters right with probability 0.9, 0.75, 0.3; 'rare' votes on one row in 50. */
    private static VoteMatrix votes(Random rnd, int n, List<List<String>> goldOut) {
        double[] acc = {0.9, 0.75, 0.3, 0.2};
        double[] rate = {0.8, 0.8, 0.8, 0.02};
        int[][] v = new int[n][4];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int y = i % 2;
            ids.add("x" + i);
            goldOut.add(List.of(TASK.labelNames().get(y)));
            for (int j = 0; j < 4; j++) {
                v[i][j] = rnd.nextDouble() < rate[j] ? (rnd.nextDouble() < acc[j] ? y : 1 - y) : VoteMatrix.ABSTAIN;
            }
        }
        return VoteMatrix.of(TASK, VOTERS, ids, v);
    }

    @Test
    void should_drop_inaccurate_voters_on_dev_and_pick_a_label_model_by_dev_accuracy() {
        // given
        Random rnd = new Random(1);
        VoteMatrix train = votes(rnd, 2000, new ArrayList<>());
        List<List<String>> devGold = new ArrayList<>();
        VoteMatrix dev = votes(rnd, 100, devGold);

        // when
        LabelModelSelection.Result r = LabelModelSelection.builder().minAccuracy(0.6).minDevVotes(5).build()
                .select(train, dev, devGold);

        // then
        assertThat(r.dropped()).containsOnlyKeys("bad");
        assertThat(r.dropped().get("bad")).contains("below 0.600");
        assertThat(r.kept()).containsExactly("good", "fair", "rare");
        assertThat(r.chosen().voters()).isEqualTo(r.kept());
        assertThat(r.devAccuracy()).containsOnlyKeys("majority-vote", "weighted-majority-vote", "dawid-skene");
        double best = r.devAccuracy().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertThat(r.devAccuracy().get(r.chosen().name())).isEqualTo(best);
        assertThat(best).isGreaterThan(0.85);
        assertThat(r.devAnalysis().voter("bad").accuracy().getAsDouble()).isLessThan(0.6);
    }

    @Test
    void should_report_a_candidate_that_cannot_be_fitted_and_choose_among_the_others() {
        // given: the only voter never votes on train, so Dawid-Skene has nothing to learn from
        VoteMatrix train = VoteMatrix.of(TASK, List.of("v"), List.of("t0", "t1"), new int[][] {{-1}, {-1}});
        VoteMatrix dev = VoteMatrix.of(TASK, List.of("v"), List.of("d0", "d1"), new int[][] {{1}, {0}});

        // when
        LabelModelSelection.Result r = LabelModelSelection.builder().build().select(train, dev,
                List.of(List.of("spam"), List.of("ham")));

        // then
        assertThat(r.failed()).containsOnlyKeys("dawid-skene");
        assertThat(r.devAccuracy()).containsOnlyKeys("majority-vote", "weighted-majority-vote");
        assertThat(r.chosen().name()).isEqualTo("majority-vote");
    }

    @Test
    void should_refuse_to_drop_every_voter() {
        Random rnd = new Random(2);
        List<List<String>> devGold = new ArrayList<>();
        VoteMatrix dev = votes(rnd, 100, devGold).selectVoters(List.of("good", "fair", "bad"));
        assertThatThrownBy(() -> LabelModelSelection.builder().minAccuracy(1.0).minDevVotes(1).build().select(dev, dev, devGold))
                .hasMessageStartingWith("every voter was dropped");
    }
}
