package dev.annotator.core.labelmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MajorityVoteLabelModelTest {
    private static final Task TASK = Task.singleLabel("sentiment", "negative", "positive");

    private static VoteMatrix votes(Task task, int[]... rows) {
        List<String> voters = new java.util.ArrayList<>();
        for (int j = 0; j < rows[0].length; j++) {
            voters.add("v" + j);
        }
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            ids.add("r" + i);
        }
        return VoteMatrix.of(task, voters, ids, rows);
    }

    @Test
    void should_give_vote_fractions_and_split_ties_evenly() {
        // given
        VoteMatrix m = votes(TASK, new int[] {0, 0, 1}, new int[] {0, 1, -1}, new int[] {1, -1, -1});

        // when
        List<Optional<LabelDistribution>> p = LabelModel.majorityVote().fit(m).predict(m);

        // then
        assertThat(p.get(0).orElseThrow().toArray()).containsExactly(new double[] {2.0 / 3, 1.0 / 3}, within(1e-12));
        assertThat(p.get(1).orElseThrow().toArray()).containsExactly(0.5, 0.5);
        assertThat(p.get(1).orElseThrow().top()).as("a tie goes to the label listed first").isEqualTo("negative");
        assertThat(p.get(2).orElseThrow().top()).isEqualTo("positive");
    }

    @Test
    void should_abstain_on_rows_without_votes() {
        // given
        VoteMatrix m = votes(TASK, new int[] {-1, -1}, new int[] {1, -1});

        // when
        List<Annotation> a = LabelModel.majorityVote().fit(m).annotate(m);

        // then
        assertThat(a.get(0).isAbstention()).isTrue();
        assertThat(a.get(0).abstentionReason()).contains("no voter gave a label");
        assertThat(a.get(0).source()).isEqualTo("labelmodel:majority-vote");
        assertThat(a.get(1).labels()).containsExactly("positive");
        assertThat(a.get(1).confidence()).isEqualTo(1.0);
    }

    @Test
    void should_score_multi_label_tasks_one_vs_rest() {
        // given
        Task multi = Task.builder().name("topics").multiLabel(true).label("a", "").label("b", "").label("c", "").build();
        VoteMatrix m = votes(multi, new int[] {0, 1, 0, -1});

        // when
        LabelDistribution d = LabelModel.majorityVote().fit(m).predict(m).get(0).orElseThrow();

        // then
        assertThat(d.toArray()).containsExactly(new double[] {2.0 / 3, 1.0 / 3, 0}, within(1e-12));
        assertThat(d.chosen()).containsExactly("a");
    }

    @Test
    void should_weight_voters_by_dev_accuracy() {
        // given: on dev, v0 is right 8 times in 10, v1 right 2 times in 10
        int[][] dev = new int[10][];
        List<List<String>> gold = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            dev[i] = new int[] {i < 8 ? 1 : 0, i < 2 ? 1 : 0};
            gold.add(List.of("positive"));
        }
        VoteMatrix devVotes = votes(TASK, dev);

        // when
        WeightedMajorityVoteLabelModel wmv = WeightedMajorityVoteLabelModel.fromDevAccuracy(devVotes, gold);
        VoteMatrix train = votes(TASK, new int[] {0, 1});
        LabelDistribution d = wmv.fit(train).predict(train).get(0).orElseThrow();

        // then: a = (8 + 2 * 0.7) / 12, weight ln(a / (1 - a)); v1 is below chance and gets the minimum weight
        double a = (8 + 1.4) / 12;
        assertThat(wmv.weights()).containsOnlyKeys("v0", "v1");
        assertThat(wmv.weights().get("v0")).isCloseTo(Math.log(a / (1 - a)), within(1e-12));
        assertThat(wmv.weights().get("v1")).isEqualTo(WeightedMajorityVoteLabelModel.MIN_WEIGHT);
        assertThat(d.top()).isEqualTo("negative");
        assertThat(d.get("negative")).isGreaterThan(0.99);
    }

    @Test
    void should_reject_votes_from_other_voters_than_fitted() {
        FittedLabelModel fitted = WeightedMajorityVoteLabelModel.withWeights(Map.of("v0", 1.0, "v1", 2.0))
                .fit(votes(TASK, new int[] {0, 1}));
        VoteMatrix other = VoteMatrix.of(TASK, List.of("x", "y"), List.of("r0"), new int[][] {{0, 1}});
        assertThatThrownBy(() -> fitted.predict(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[x, y]");
        assertThatThrownBy(() -> WeightedMajorityVoteLabelModel.withWeights(Map.of("v0", 1.0))
                .fit(votes(TASK, new int[] {0, 1}))).hasMessageContaining("voter 'v1' has no weight");
    }

    @Test
    void should_reject_cells_that_are_not_labels() {
        assertThatThrownBy(() -> votes(TASK, new int[] {2})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vote of 'v0' on example 'r0' is 2");
    }
}
