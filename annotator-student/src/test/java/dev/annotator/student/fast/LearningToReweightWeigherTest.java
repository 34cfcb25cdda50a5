package dev.annotator.student.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.data.Example;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.core.weigh.AnnotatedExample;
import dev.annotator.core.weigh.LabelWeigher;
import dev.annotator.student.internal.Reweighting;
import dev.annotator.testing.LabelWeigherContract;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LearningToReweightWeigherTest extends LabelWeigherContract {
    private static final Task TOY = Task.singleLabel("toy", "neg", "pos");
    private static final FeaturizerConfig SMALL = FeaturizerConfig.builder().buckets(1 << 12).charNgrams(0, 0)
            .maxWordNgram(1).build();

    @Override
    protected LabelWeigher weigher() {
        List<TrainingExample> gold = List.of(
                TrainingExample.of(Example.of("g1", "loved it, great"), LabelDistribution.oneHot(SENTIMENT, "positive")),
                TrainingExample.of(Example.of("g2", "awful and dull"), LabelDistribution.oneHot(SENTIMENT, "negative")));
        return LearningToReweightWeigher.builder().gold(TrainingSet.of(SENTIMENT, gold)).featurizer(SMALL).seed(3).build();
    }

    @Test
    void influence_should_match_finite_differences_of_the_virtual_step() {
        SplittableRandom rng = new SplittableRandom(11);
        int d = 6;
        int c = 3;
        Reweighting.Rows train = randomRows(rng, 5, d, c);
        Reweighting.Rows gold = randomRows(rng, 4, d, c);
        Reweighting.Linear model = new Reweighting.Linear(d, c, false);
        for (int k = 0; k < model.w.length; k++) {
            model.w[k] = rng.nextDouble(-1, 1);
        }
        for (int j = 0; j < c; j++) {
            model.b[j] = rng.nextDouble(-1, 1);
        }
        int[] batch = {0, 1, 2, 3, 4};
        int[] goldAll = {0, 1, 2, 3};
        double eta = 0.3;
        double[] s = Reweighting.influence(model, train, batch, gold, goldAll,
                new Reweighting.Gradient(d, c));

        double h = 1e-5;
        for (int i = 0; i < batch.length; i++) {
            double[] plus = new double[batch.length];
            double[] minus = new double[batch.length];
            plus[i] = h;
            minus[i] = -h;
            Reweighting.Linear up = model.copy();
            up.step(train, batch, plus, eta);
            Reweighting.Linear down = model.copy();
            down.step(train, batch, minus, eta);
            double derivative = (Reweighting.loss(up, gold, goldAll)
                    - Reweighting.loss(down, gold, goldAll)) / (2 * h);
            // -dL_gold/d eps_i = eta * <grad L_gold, grad l_i>
            assertThat(-derivative).isCloseTo(eta * s[i], within(1e-7));
        }
        assertThat(java.util.Arrays.stream(s).map(Math::abs).min().orElseThrow()).isGreaterThan(1e-4);
    }

    @Test
    void batch_weights_should_clip_negatives_normalise_and_fall_back_to_uniform() {
        Reweighting.Rows train = new Reweighting.Rows(new int[][] {{0}, {1}},
                new double[][] {{1}, {1}}, new double[][] {{1, 0}, {0, 1}});
        Reweighting.Rows gold = new Reweighting.Rows(new int[][] {{0}},
                new double[][] {{1}}, new double[][] {{1, 0}});
        Reweighting.Linear model = new Reweighting.Linear(2, 2, false);
        Reweighting.Gradient g = new Reweighting.Gradient(2, 2);

        // example 0 agrees with the gold example (same feature, same label); example 1 has a disjoint
        // feature but an opposite label: only the shared bias links it, negatively
        double[] w = Reweighting.batchWeights(model, train, new int[] {0, 1}, gold, new int[] {0}, g);
        assertThat(w).containsExactly(1.0, 0.0);

        double[] uniform = Reweighting.batchWeights(model, train, new int[] {1}, gold, new int[] {0}, g);
        assertThat(uniform).containsExactly(1.0);
    }

    @Test
    void should_give_flipped_labels_lower_weight_than_clean_ones() {
        SplittableRandom rng = new SplittableRandom(5);
        List<AnnotatedExample> annotated = new ArrayList<>();
        boolean[] flipped = new boolean[200];
        for (int i = 0; i < 200; i++) {
            boolean pos = rng.nextBoolean();
            flipped[i] = rng.nextDouble() < 0.3;
            boolean said = pos ^ flipped[i];
            Example e = Example.of("t" + i, toyText(rng, pos));
            annotated.add(new AnnotatedExample(e, Annotation.labelled(e.id(),
                    LabelDistribution.oneHot(TOY, said ? "pos" : "neg"), 1.0, "noisy", Cost.FREE)));
        }
        List<TrainingExample> gold = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean pos = i % 2 == 0;
            gold.add(TrainingExample.of(Example.of("g" + i, toyText(rng, pos)), LabelDistribution.oneHot(TOY, pos ? "pos" : "neg")));
        }
        LabelWeigher weigher = LearningToReweightWeigher.builder().gold(TrainingSet.of(TOY, gold)).featurizer(SMALL)
                .epochs(5).batchSize(10).seed(1).build();

        TrainingSet set = weigher.weigh(TOY, annotated);

        double clean = 0;
        double noisy = 0;
        int nClean = 0;
        for (int i = 0; i < 200; i++) {
            double w = set.examples().get(i).weight();
            if (flipped[i]) {
                noisy += w;
            } else {
                clean += w;
                nClean++;
            }
        }
        double meanClean = clean / nClean;
        double meanNoisy = noisy / (200 - nClean);
        assertThat(set.examples().stream().mapToDouble(TrainingExample::weight).average().orElseThrow())
                .isCloseTo(1.0, within(1e-9));
        assertThat(meanNoisy).isLessThan(0.5 * meanClean);
    }

    @Test
    void should_need_a_gold_set_of_the_same_task() {
        assertThatThrownBy(() -> LearningToReweightWeigher.builder().build()).isInstanceOf(IllegalStateException.class);
        LabelWeigher w = LearningToReweightWeigher.builder().gold(TrainingSet.of(TOY,
                List.of(TrainingExample.of(Example.of("g", "good"), LabelDistribution.oneHot(TOY, "pos"))))).build();
        assertThatThrownBy(() -> w.weigh(SENTIMENT, annotated())).isInstanceOf(IllegalArgumentException.class);
    }

    private static String toyText(SplittableRandom rng, boolean pos) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 5; k++) {
            sb.append(pos ? "good" : "bad").append(rng.nextInt(15)).append(' ');
        }
        sb.append("filler").append(rng.nextInt(30));
        return sb.toString();
    }

    private static Reweighting.Rows randomRows(SplittableRandom rng, int n, int d, int c) {
        int[][] idx = new int[n][];
        double[][] val = new double[n][];
        double[][] y = new double[n][];
        for (int i = 0; i < n; i++) {
            idx[i] = new int[] {rng.nextInt(d / 2), d / 2 + rng.nextInt(d / 2)};
            val[i] = new double[] {rng.nextDouble(0.2, 1.5), rng.nextDouble(0.2, 1.5)};
            y[i] = new double[c];
            y[i][rng.nextInt(c)] = 1;
        }
        return new Reweighting.Rows(idx, val, y);
    }
}
