package dev.annotator.student.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearSgdModelTest {

    /** Runs the same random steps on two models and sums the plain model's weights after every step. */
    @Test
    void averagedModelEqualsTheMeanOfEveryStepsWeights() {
        int rows = 7;
        int c = 3;
        // a large L2 and learning rate drive the scale factor below its renormalisation threshold
        double l2 = 0.9;
        LinearSgdModel plain = new LinearSgdModel(rows, c, l2, false, false);
        LinearSgdModel averaged = new LinearSgdModel(rows, c, l2, false, true);
        double[] sumW = new double[rows * c];
        double[] sumB = new double[c];
        SplittableRandom rng = new SplittableRandom(7);
        double[] p = new double[c];
        double[] q = new double[c];
        int steps = 400;
        for (int t = 0; t < steps; t++) {
            int[] idx = {rng.nextInt(rows), rng.nextInt(rows), rng.nextInt(rows)};
            if (idx[1] == idx[0]) {
                idx = new int[] {idx[0]};
            }
            float[] val = new float[idx.length];
            for (int k = 0; k < val.length; k++) {
                val[k] = (float) rng.nextDouble(-1, 1);
            }
            double[] y = new double[c];
            y[rng.nextInt(c)] = 1;
            double lr = 0.5 * (1.0 - (double) t / steps);
            double w = rng.nextDouble(0.2, 2);
            plain.probabilities(idx, val, p);
            averaged.probabilities(idx, val, q);
            assertThat(q).containsExactly(p, within(1e-5));
            plain.step(idx, val, p, y, lr, w);
            averaged.step(idx, val, q, y, lr, w);
            LinearSgdModel.Parameters now = plain.snapshot();
            for (int k = 0; k < sumW.length; k++) {
                sumW[k] += now.weights()[k];
            }
            for (int j = 0; j < c; j++) {
                sumB[j] += now.bias()[j];
            }
        }
        LinearSgdModel.Parameters avg = averaged.evaluator().snapshot();
        for (int k = 0; k < sumW.length; k++) {
            assertThat((double) avg.weights()[k]).as("weight %d", k).isCloseTo(sumW[k] / steps, within(1e-4));
        }
        for (int j = 0; j < c; j++) {
            assertThat((double) avg.bias()[j]).isCloseTo(sumB[j] / steps, within(1e-4));
        }
        // the averaged model differs from the last iterate, and the plain model evaluates as itself
        assertThat(avg.weights()).isNotEqualTo(plain.snapshot().weights());
        assertThat(plain.evaluator()).isSameAs(plain);
    }

    @Test
    void averagingBeforeAnyStepIsTheModelItself() {
        LinearSgdModel m = new LinearSgdModel(2, 2, 0, false, true);
        assertThat(m.evaluator()).isSameAs(m);
    }
}
