package dev.annotator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.labelmodel.FittedLabelModel;
import dev.annotator.core.labelmodel.LabelModel;
import dev.annotator.core.labelmodel.VoteMatrix;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link LabelModel} honours on single-label tasks. An implementation's test
 * extends this class and supplies the model; the tests here run against it (as
 * {@code StudentTrainerContract} does for trainers).
 */
public abstract class LabelModelContract {

    /** A three-label task used by the contract. */
    protected static final Task TOPICS = Task.singleLabel("contract-topics", "sport", "politics", "tech");

    /** @return the label model under test; it may look at {@link #votes()} (e.g. for weights) */
    protected abstract LabelModel model();

    private static final VoteMatrix VOTES = generate();

    /** @return seeded votes of four voters (accuracy 0.9, 0.8, 0.7, 0.6 when they vote) on 600 rows, some uncovered */
    protected static VoteMatrix votes() {
        return VOTES;
    }

    private static VoteMatrix generate() {
        Random rnd = new Random(17);
        double[] acc = {0.9, 0.8, 0.7, 0.6};
        int n = 600;
        int[][] v = new int[n][4];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int y = i % 3;
            ids.add("x" + i);
            for (int j = 0; j < 4; j++) {
                boolean votes = i % 10 != 0 && rnd.nextDouble() < 0.7;
                v[i][j] = !votes ? VoteMatrix.ABSTAIN : rnd.nextDouble() < acc[j] ? y : (y + 1 + rnd.nextInt(2)) % 3;
            }
        }
        return VoteMatrix.of(TOPICS, List.of("a", "b", "c", "d"), ids, v);
    }

    /** @return the gold label of each row of {@link #votes()} */
    protected static List<List<String>> gold() {
        List<List<String>> g = new ArrayList<>();
        for (int i = 0; i < VOTES.rowCount(); i++) {
            g.add(List.of(TOPICS.labelNames().get(i % 3)));
        }
        return g;
    }

    @Test
    void should_give_one_valid_distribution_per_covered_row_and_none_for_uncovered_rows() {
        VoteMatrix m = votes();
        List<Optional<LabelDistribution>> p = model().fit(m).predict(m);
        assertThat(p).hasSize(m.rowCount());
        for (int i = 0; i < m.rowCount(); i++) {
            assertThat(p.get(i).isPresent()).as("row %d covered", i).isEqualTo(m.isCovered(i));
            p.get(i).ifPresent(d -> assertThat(d.task()).isEqualTo(TOPICS));
        }
    }

    @Test
    void should_beat_the_best_single_voter_on_these_votes() {
        VoteMatrix m = votes();
        List<Optional<LabelDistribution>> p = model().fit(m).predict(m);
        int right = 0;
        int covered = 0;
        for (int i = 0; i < m.rowCount(); i++) {
            if (p.get(i).isPresent()) {
                covered++;
                right += p.get(i).get().argmax() == i % 3 ? 1 : 0;
            }
        }
        assertThat((double) right / covered).isGreaterThan(0.8);
    }

    @Test
    void should_annotate_with_its_name_as_source() {
        VoteMatrix m = votes();
        FittedLabelModel fitted = model().fit(m);
        List<Annotation> a = fitted.annotate(m);
        assertThat(a).extracting(Annotation::exampleId).isEqualTo(m.exampleIds());
        assertThat(a).allSatisfy(x -> assertThat(x.source()).isEqualTo("labelmodel:" + fitted.name()));
        assertThat(a.get(0).isAbstention()).as("row 0 has no votes").isTrue();
    }

    @Test
    void should_be_deterministic() {
        VoteMatrix m = votes();
        assertThat(model().fit(m).predict(m)).isEqualTo(model().fit(m).predict(m));
    }

    @Test
    void should_reject_votes_of_other_voters() {
        FittedLabelModel fitted = model().fit(votes());
        VoteMatrix other = VoteMatrix.of(TOPICS, List.of("a", "b"), List.of("r"), new int[][] {{0, 1}});
        assertThatThrownBy(() -> fitted.predict(other)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fitted.predict(new int[] {0})).isInstanceOf(IllegalArgumentException.class);
    }
}
