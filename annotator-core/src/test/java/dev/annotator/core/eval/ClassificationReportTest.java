package dev.annotator.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {
    private static final Offset<Double> EPS = within(1e-9);

    private static List<List<String>> gold(String... labels) {
        List<List<String>> out = new ArrayList<>();
        for (String l : labels) {
            out.add(List.of(l));
        }
        return out;
    }

    private static List<LabelDistribution> oneHot(Task task, String... labels) {
        List<LabelDistribution> out = new ArrayList<>();
        for (String l : labels) {
            out.add(LabelDistribution.oneHot(task, l));
        }
        return out;
    }

    @Test
    void should_match_sklearn_classification_report_example() {
        // given: sklearn's classification_report doc example, y_true=[0,1,2,2,2], y_pred=[0,0,2,2,1]
        Task task = Task.singleLabel("t", "c0", "c1", "c2");
        List<List<String>> gold = gold("c0", "c1", "c2", "c2", "c2");
        List<LabelDistribution> predicted = oneHot(task, "c0", "c0", "c2", "c2", "c1");

        // when
        ClassificationReport r = Evaluator.evaluate(task, gold, predicted);

        // then: c0 tp=1 fp=1 fn=0 -> P=1/2 R=1 F1=2/3; c1 tp=0 fp=1 fn=1 -> 0; c2 tp=2 fp=0 fn=1 -> P=1 R=2/3 F1=4/5
        assertThat(r.size()).isEqualTo(5);
        assertThat(r.accuracy()).isCloseTo(0.6, EPS);
        assertThat(r.perClass().get("c0")).isEqualTo(new ClassMetrics(0.5, 1.0, 2.0 / 3, 1));
        assertThat(r.perClass().get("c1")).isEqualTo(new ClassMetrics(0.0, 0.0, 0.0, 1));
        assertThat(r.perClass().get("c2").precision()).isCloseTo(1.0, EPS);
        assertThat(r.perClass().get("c2").recall()).isCloseTo(2.0 / 3, EPS);
        assertThat(r.perClass().get("c2").f1()).isCloseTo(0.8, EPS);
        assertThat(r.perClass().get("c2").support()).isEqualTo(3);
        // sklearn: macro (0.5, 0.5556, 0.4889), weighted (0.7, 0.6, 0.6133)
        assertThat(r.macroPrecision()).isCloseTo(0.5, EPS);
        assertThat(r.macroRecall()).isCloseTo(5.0 / 9, EPS);
        assertThat(r.macroF1()).isCloseTo(0.48888888888888893, EPS);
        assertThat(r.weightedPrecision()).isCloseTo(0.7, EPS);
        assertThat(r.weightedRecall()).isCloseTo(0.6, EPS);
        assertThat(r.weightedF1()).isCloseTo(0.6133333333333334, EPS);
    }

    @Test
    void should_compute_macro_f1_like_sklearn() {
        // given: sklearn's f1_score doc example, y_true=[0,1,2,0,1,2], y_pred=[0,2,1,0,0,1]
        Task task = Task.singleLabel("animals", "cat", "dog", "pig");
        List<List<String>> gold = gold("cat", "dog", "pig", "cat", "dog", "pig");
        List<LabelDistribution> predicted = oneHot(task, "cat", "pig", "dog", "cat", "cat", "dog");

        // when
        ClassificationReport r = Evaluator.evaluate(task, gold, predicted);

        // then: cat P=2/3 R=1 F1=0.8, dog and pig F1=0 -> macro 0.8/3; sklearn: macro=weighted=0.2667, micro=0.3333
        assertThat(r.macroF1()).isCloseTo(0.26666666666666666, EPS);
        assertThat(r.weightedF1()).isCloseTo(0.26666666666666666, EPS);
        assertThat(r.accuracy()).isCloseTo(1.0 / 3, EPS);
        assertThat(r.averagedLabels()).containsExactly("cat", "dog", "pig");
    }

    @Test
    void should_define_zero_division_as_zero_and_average_only_present_labels() {
        // given: labels a..d; d occurs nowhere, c is predicted once but never gold, nothing is c in gold
        Task task = Task.singleLabel("t", "a", "b", "c", "d");
        List<List<String>> gold = gold("a", "a", "b", "b");
        List<LabelDistribution> predicted = oneHot(task, "a", "c", "a", "b");

        // when
        ClassificationReport r = Evaluator.evaluate(task, gold, predicted);

        // then: c has tp=0 fp=1 fn=0 -> P=0, R=0/0=0, F1=0; d has 0/0 everywhere -> 0 with support 0
        assertThat(r.perClass().get("c")).isEqualTo(new ClassMetrics(0, 0, 0, 0));
        assertThat(r.perClass().get("d")).isEqualTo(new ClassMetrics(0, 0, 0, 0));
        assertThat(r.perClass().keySet()).containsExactly("a", "b", "c", "d");
        // sklearn (zero_division=0, default labels = present {a,b,c}): macro (0.5, 0.3333, 0.3889),
        // weighted (0.75, 0.5, 0.5833)
        assertThat(r.averagedLabels()).containsExactly("a", "b", "c");
        assertThat(r.macroPrecision()).isCloseTo(0.5, EPS);
        assertThat(r.macroRecall()).isCloseTo(1.0 / 3, EPS);
        assertThat(r.macroF1()).isCloseTo(0.38888888888888884, EPS);
        assertThat(r.weightedPrecision()).isCloseTo(0.75, EPS);
        assertThat(r.weightedF1()).isCloseTo(0.5833333333333333, EPS);
    }

    @Test
    void should_give_zero_precision_for_a_gold_class_never_predicted() {
        // given: b is gold once but never predicted
        Task task = Task.singleLabel("t", "a", "b");

        // when
        ClassificationReport r = Evaluator.evaluate(task, gold("a", "b"), oneHot(task, "a", "a"));

        // then: b tp=0 fp=0 fn=1 -> P=0/0=0, R=0, F1=0
        assertThat(r.perClass().get("b")).isEqualTo(new ClassMetrics(0, 0, 0, 1));
        assertThat(r.perClass().get("a").precision()).isCloseTo(0.5, EPS);
    }

    /** Four binary predictions: confidences 0.9 (right), 0.9 (wrong), 0.7 (right), 0.65 (right). */
    private static ClassificationReport calibrationExample() {
        Task task = Task.singleLabel("t", "yes", "no");
        List<LabelDistribution> predicted = List.of(
                LabelDistribution.of(task, new double[] {0.9, 0.1}),
                LabelDistribution.of(task, new double[] {0.9, 0.1}),
                LabelDistribution.of(task, new double[] {0.3, 0.7}),
                LabelDistribution.of(task, new double[] {0.35, 0.65}));
        return Evaluator.evaluate(task, gold("yes", "no", "no", "no"), predicted);
    }

    @Test
    void should_compute_expected_calibration_error_on_crafted_example() {
        // given
        ClassificationReport r = calibrationExample();

        // when
        double ece15 = r.expectedCalibrationError();
        double ece10 = r.expectedCalibrationError(10);
        double ece1 = r.expectedCalibrationError(1);

        // then: 0.9 bin: acc 1/2, conf 0.9 -> 2/4 * 0.4 = 0.2; 0.7 bin: 1/4 * 0.3 = 0.075;
        // 0.65 bin: 1/4 * 0.35 = 0.0875; total 0.3625 with 15 bins. With 10 bins 0.65 and 0.7 share
        // (0.6, 0.7]: 2/4 * |1 - 0.675| = 0.1625, again 0.3625 as both are right (the Guo et al. reference
        // implementation gives the same). One bin: |acc 3/4 - mean conf 3.15/4| = 0.0375.
        assertThat(ece15).isCloseTo(0.3625, EPS);
        assertThat(ece10).isCloseTo(0.3625, EPS);
        assertThat(ece1).isCloseTo(0.0375, EPS);
    }

    @Test
    void should_expose_reliability_bins_with_upper_edge_inclusive() {
        // given
        ClassificationReport r = calibrationExample();

        // when
        List<CalibrationBin> bins = r.calibrationBins(10);

        // then: 0.9 lies on the edge between (0.8, 0.9] and (0.9, 1.0] and goes to the lower bin
        assertThat(bins).hasSize(10);
        CalibrationBin b8 = bins.get(8);
        assertThat(b8.lower()).isCloseTo(0.8, EPS);
        assertThat(b8.upper()).isCloseTo(0.9, EPS);
        assertThat(b8.count()).isEqualTo(2);
        assertThat(b8.meanConfidence()).isCloseTo(0.9, EPS);
        assertThat(b8.accuracy()).isCloseTo(0.5, EPS);
        assertThat(bins.get(9).isEmpty()).isTrue();
        assertThat(bins.get(6).count()).isEqualTo(2); // 0.65 and 0.7 in (0.6, 0.7]
        assertThat(bins.get(6).meanConfidence()).isCloseTo(0.675, EPS);
        assertThat(bins.get(6).gap()).isCloseTo(0.325, EPS);
        assertThat(bins.stream().mapToInt(CalibrationBin::count).sum()).isEqualTo(4);
    }

    @Test
    void should_put_a_confidence_on_a_bin_edge_into_the_lower_bin_for_any_bin_count() {
        // given: for every bin count B and every edge k/B >= 0.5, a prediction whose confidence is k/B
        Task task = Task.singleLabel("t", "yes", "no");
        for (int bins = 1; bins <= 30; bins++) {
            for (int k = (bins + 1) / 2; k <= bins; k++) {
                double c = (double) k / bins;
                LabelDistribution d = LabelDistribution.of(task, new double[] {c, 1 - c});

                // when
                List<CalibrationBin> reliability = Evaluator.evaluate(task, gold("yes"), List.of(d)).calibrationBins(bins);

                // then: (k-1)/B < c <= k/B
                assertThat(reliability.get(k - 1).count()).as("confidence %d/%d", k, bins).isEqualTo(1);
            }
        }
    }

    @Test
    void should_report_zero_ece_when_confidence_matches_accuracy() {
        // given: two coin-flip predictions (argmax picks 'yes' on the tie), one right and one wrong
        Task task = Task.singleLabel("t", "yes", "no");
        LabelDistribution half = LabelDistribution.of(task, new double[] {0.5, 0.5});

        // when
        ClassificationReport r = Evaluator.evaluate(task, gold("yes", "no"), List.of(half, half));

        // then: accuracy 0.5 == confidence 0.5
        assertThat(r.expectedCalibrationError()).isCloseTo(0.0, EPS);
        assertThat(r.accuracy()).isCloseTo(0.5, EPS);
    }

    @Test
    void should_compute_log_loss_and_brier_like_sklearn() {
        // given
        ClassificationReport r = calibrationExample();

        // then: sklearn log_loss = 0.79885; Brier = sum over classes = 2 * brier_score_loss = 0.51625
        // (0.02 + 1.62 + 0.18 + 0.245) / 4
        assertThat(r.logLoss()).isCloseTo(0.7988508671707646, EPS);
        assertThat(r.brierScore()).isCloseTo(0.51625, EPS);
    }

    @Test
    void should_clip_log_loss_of_a_confident_mistake() {
        // given: all mass on the wrong label
        Task task = Task.singleLabel("t", "yes", "no");

        // when
        ClassificationReport r = Evaluator.evaluate(task, gold("yes"), oneHot(task, "no"));

        // then: -ln(1e-15), finite
        assertThat(r.logLoss()).isCloseTo(-Math.log(ClassificationReport.LOG_LOSS_EPSILON), EPS);
        assertThat(r.brierScore()).isCloseTo(2.0, EPS);
    }

    @Test
    void should_give_wilson_interval_for_accuracy() {
        // given: 3 of 5 right (sklearn report example)
        Task task = Task.singleLabel("t", "c0", "c1", "c2");
        ClassificationReport r = Evaluator.evaluate(task, gold("c0", "c1", "c2", "c2", "c2"),
                oneHot(task, "c0", "c0", "c2", "c2", "c1"));

        // when
        Interval ci = r.accuracyInterval(0.95);

        // then: Wilson, z=1.95996: centre (0.6 + z²/10) / (1 + z²/5), bounds 0.23072 and 0.88238
        assertThat(ci.lower()).isCloseTo(0.23072428127601297, within(1e-6));
        assertThat(ci.upper()).isCloseTo(0.8823792257673521, within(1e-6));
        assertThat(ci.contains(r.accuracy())).isTrue();
        assertThatThrownBy(() -> r.accuracyInterval(1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("confidenceLevel");
    }

    @Test
    void should_flatten_metrics_into_unmodifiable_map() {
        // given
        Task task = Task.singleLabel("t", "yes", "no");
        ClassificationReport r = Evaluator.evaluate(task, gold("yes", "no"), oneHot(task, "yes", "yes"));

        // when
        Map<String, Object> m = r.toMap();

        // then
        assertThat(m).containsEntry("examples", 2).containsEntry("accuracy", 0.5).containsEntry("class.no.support", 1)
                .containsEntry("class.yes.precision", 0.5).containsKeys("macro_f1", "weighted_f1", "ece", "log_loss",
                        "brier", "accuracy_ci95_lower", "accuracy_ci95_upper", "class.no.f1");
        assertThat(m.values()).allMatch(v -> v instanceof Integer || v instanceof Double);
        assertThatThrownBy(() -> m.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.perClass().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.calibrationBins(3).clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void should_evaluate_dataset_rows_in_order() {
        // given
        Task task = Task.singleLabel("t", "yes", "no");
        Dataset ds = Dataset.of(task, List.of(
                new LabelledExample(Example.of("1", "a"), List.of("yes"), Split.TEST),
                new LabelledExample(Example.of("2", "b"), List.of("no"), Split.TEST)));

        // when
        ClassificationReport r = Evaluator.evaluate(ds, oneHot(task, "yes", "yes"));

        // then
        assertThat(r.accuracy()).isCloseTo(0.5, EPS);
        assertThat(Evaluator.goldLabels(ds.split(Split.TEST))).containsExactly(List.of("yes"), List.of("no"));
    }

    @Test
    void should_reject_unlabelled_dataset_row_naming_it() {
        // given
        Task task = Task.singleLabel("t", "yes", "no");
        Dataset ds = Dataset.of(task, List.of(new LabelledExample(Example.of("u1", "a"), List.of(), Split.TRAIN)));

        // when / then
        assertThatThrownBy(() -> Evaluator.evaluate(ds, oneHot(task, "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'u1'");
    }
}
