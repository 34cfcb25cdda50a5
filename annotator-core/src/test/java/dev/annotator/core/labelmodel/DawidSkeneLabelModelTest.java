package dev.annotator.core.labelmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DawidSkeneLabelModelTest {
    private static final Task TASK = Task.singleLabel("topic", "a", "b", "c");

    /** Votes drawn from known class prior, vote rates and confusion matrices. */
    private static final class Synthetic {
        final VoteMatrix votes;
        final int[] truth;

        Synthetic(long seed, int n, double[] prior, double[][] voteRate, double[][][] confusion) {
            Random rnd = new Random(seed);
            int m = confusion.length;
            int[][] v = new int[n][m];
            truth = new int[n];
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int y = draw(rnd, prior);
                truth[i] = y;
                ids.add("x" + i);
                for (int j = 0; j < m; j++) {
                    v[i][j] = rnd.nextDouble() < voteRate[j][y] ? draw(rnd, confusion[j][y]) : VoteMatrix.ABSTAIN;
                }
            }
            List<String> voters = new ArrayList<>();
            for (int j = 0; j < m; j++) {
                voters.add("p" + j);
            }
            votes = VoteMatrix.of(TASK, voters, ids, v);
        }

        private static int draw(Random rnd, double[] p) {
            double u = rnd.nextDouble();
            for (int k = 0; k < p.length; k++) {
                u -= p[k];
                if (u < 0) {
                    return k;
                }
            }
            return p.length - 1;
        }

        double accuracy(List<Optional<LabelDistribution>> predicted) {
            int right = 0;
            int n = 0;
            for (int i = 0; i < truth.length; i++) {
                if (predicted.get(i).isPresent()) {
                    n++;
                    right += predicted.get(i).get().argmax() == truth[i] ? 1 : 0;
                }
            }
            return (double) right / n;
        }
    }

    private static double[][] symmetric(double accuracy) {
        double off = (1 - accuracy) / 2;
        return new double[][] {{accuracy, off, off}, {off, accuracy, off}, {off, off, accuracy}};
    }

    private static final double[] PRIOR = {0.5, 0.3, 0.2};
    private static final double[][][] CONFUSION = {
            symmetric(0.9), symmetric(0.8), symmetric(0.65), symmetric(0.55),
            {{0.7, 0.3, 0.0}, {0.1, 0.8, 0.1}, {0.0, 0.4, 0.6}}};
    private static final double[][] RATE = {{0.6, 0.6, 0.6}, {0.7, 0.7, 0.7}, {0.8, 0.8, 0.8}, {0.9, 0.9, 0.9}, {0.5, 0.5, 0.5}};

    @Test
    void should_recover_known_confusion_matrices_and_prior_from_unlabelled_votes() {
        // given
        Synthetic s = new Synthetic(7, 6000, PRIOR, RATE, CONFUSION);

        // when
        DawidSkeneLabelModel.Fitted ds = DawidSkeneLabelModel.builder().build().fit(s.votes);

        // then
        assertThat(ds.converged()).isTrue();
        assertThat(ds.classPrior()).containsExactly(PRIOR, within(0.03));
        for (int j = 0; j < CONFUSION.length; j++) {
            double[][] est = ds.confusion(j);
            for (int c = 0; c < 3; c++) {
                assertThat(est[c]).as("voter %d, true label %d", j, c).containsExactly(CONFUSION[j][c], within(0.06));
            }
            assertThat(ds.voteRate(j)).containsExactly(RATE[j], within(0.04));
        }
        assertThat(ds.accuracy(0)).isCloseTo(0.9, within(0.03));
        assertThat(ds.accuracy(3)).isCloseTo(0.55, within(0.03));
    }

    @Test
    void should_label_more_accurately_than_majority_vote_when_voters_differ_in_quality() {
        // given
        Synthetic s = new Synthetic(11, 4000, PRIOR, RATE, CONFUSION);

        // when
        double ds = s.accuracy(LabelModel.dawidSkene().fit(s.votes).predict(s.votes));
        double mv = s.accuracy(LabelModel.majorityVote().fit(s.votes).predict(s.votes));

        // then
        assertThat(ds).isGreaterThan(mv);
    }

    @Test
    void should_learn_from_one_sided_voters_when_abstains_are_evidence() {
        // given: three keyword-like voters that only ever vote 'b', more often when the truth is 'b'
        double[][][] oneSided = new double[3][][];
        double[][] rate = new double[3][];
        for (int j = 0; j < 3; j++) {
            oneSided[j] = new double[][] {{0, 1, 0}, {0, 1, 0}, {0, 1, 0}};
            rate[j] = new double[] {0.05, 0.6, 0.05};
        }
        Synthetic s = new Synthetic(3, 3000, PRIOR, rate, oneSided);

        // when
        DawidSkeneLabelModel.Fitted ds = DawidSkeneLabelModel.builder().build().fit(s.votes);

        // then: a single 'b' vote is weak evidence, three are strong; vote rates are recovered
        assertThat(ds.voteRate(0)[1]).isCloseTo(0.6, within(0.05));
        assertThat(ds.voteRate(0)[0]).isLessThan(0.15);
        double one = ds.predict(new int[] {1, -1, -1}).orElseThrow().get("b");
        double three = ds.predict(new int[] {1, 1, 1}).orElseThrow().get("b");
        assertThat(three).isGreaterThan(one).isGreaterThan(0.95);
        assertThat(ds.predict(new int[] {-1, -1, -1})).isEmpty();
    }

    @Test
    void should_keep_a_fixed_class_prior() {
        // given
        Synthetic s = new Synthetic(13, 1500, PRIOR, RATE, CONFUSION);

        // when
        DawidSkeneLabelModel.Fitted f = DawidSkeneLabelModel.builder().classPrior(0.5, 0.3, 0.2).build().fit(s.votes);

        // then
        assertThat(f.classPrior()).containsExactly(0.5, 0.3, 0.2);
        assertThat(f.accuracy(0)).isCloseTo(0.9, within(0.04));
        assertThatThrownBy(() -> DawidSkeneLabelModel.builder().classPrior(0.5, 0.6)).hasMessageStartingWith("classPrior must sum to 1");
        assertThatThrownBy(() -> DawidSkeneLabelModel.builder().classPrior(0.5, 0.5).build().fit(s.votes))
                .hasMessageContaining("classPrior has 2 entries but task 'topic' has 3 labels");
    }

    @Test
    void should_be_deterministic() {
        Synthetic s = new Synthetic(5, 1500, PRIOR, RATE, CONFUSION);
        DawidSkeneLabelModel model = DawidSkeneLabelModel.builder().maxIterations(50).tolerance(1e-8).smoothing(0.5).build();
        assertThat(model.fit(s.votes).predict(s.votes)).isEqualTo(model.fit(s.votes).predict(s.votes));
    }

    @Test
    void should_stop_at_max_iterations_and_say_so() {
        Synthetic s = new Synthetic(5, 500, PRIOR, RATE, CONFUSION);
        DawidSkeneLabelModel.Fitted f = DawidSkeneLabelModel.builder().maxIterations(1).build().fit(s.votes);
        assertThat(f.iterations()).isEqualTo(1);
        assertThat(f.converged()).isFalse();
    }

    @Test
    void should_reject_bad_settings_and_inputs() {
        assertThatThrownBy(() -> DawidSkeneLabelModel.builder().smoothing(0)).hasMessage("smoothing must be positive and finite: 0.0");
        assertThatThrownBy(() -> DawidSkeneLabelModel.builder().maxIterations(0)).hasMessage("maxIterations must be positive: 0");
        VoteMatrix silent = VoteMatrix.of(TASK, List.of("p"), List.of("x"), new int[][] {{-1}});
        assertThatThrownBy(() -> LabelModel.dawidSkene().fit(silent)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("every voter abstained");
        Task multi = Task.builder().name("t").multiLabel(true).label("a", "").label("b", "").build();
        assertThatThrownBy(() -> LabelModel.dawidSkene().fit(VoteMatrix.of(multi, List.of("p"), List.of("x"), new int[][] {{0}})))
                .hasMessageContaining("single-label tasks only");
    }
}
