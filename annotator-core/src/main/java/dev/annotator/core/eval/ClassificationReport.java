package dev.annotator.core.eval;

import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * Metrics of single-label predictions against gold labels: accuracy, per-class and averaged
 * precision/recall/F1, a confusion matrix, expected calibration error, log-loss and Brier score.
 * Obtain one from {@link Evaluator#evaluate}. Immutable and thread-safe.
 *
 * <p>Averaging follows scikit-learn's defaults: <em>macro</em> averages are unweighted means over
 * {@link #averagedLabels()}, the labels that occur in the gold labels or in the predictions (a
 * label that occurs in neither is listed in {@link #perClass()} with zeros but left out of the
 * mean); <em>weighted</em> averages weight each class by its support. Ratios with a zero denominator
 * are 0 (see {@link ClassMetrics}).
 */
public final class ClassificationReport implements MetricsReport {
    /** Default number of equal-width bins for {@link #expectedCalibrationError()}. */
    public static final int DEFAULT_CALIBRATION_BINS = 15;
    /** Probabilities are clipped to {@code [LOG_LOSS_EPSILON, 1]} before the logarithm in {@link #logLoss()}. */
    public static final double LOG_LOSS_EPSILON = 1e-15;

    private final Task task;
    private final int n;
    private final int correctCount;
    private final Map<String, ClassMetrics> perClass;
    private final List<String> averagedLabels;
    private final double macroPrecision;
    private final double macroRecall;
    private final double macroF1;
    private final double weightedPrecision;
    private final double weightedRecall;
    private final double weightedF1;
    private final ConfusionMatrix confusion;
    private final double logLoss;
    private final double brier;
    private final double[] confidence;
    private final boolean[] correct;

    private ClassificationReport(Task task, int[] gold, int[] predicted, double[] confidence, double[][] scores) {
        this.task = task;
        this.n = gold.length;
        int labelCount = task.labelCount();
        List<String> names = task.labelNames();
        this.confusion = ConfusionMatrix.of(names, gold, predicted);
        int[][] cm = confusion.toArray();

        this.correct = new boolean[n];
        int hits = 0;
        for (int i = 0; i < n; i++) {
            correct[i] = gold[i] == predicted[i];
            hits += correct[i] ? 1 : 0;
        }
        this.correctCount = hits;
        this.confidence = confidence.clone();

        Map<String, ClassMetrics> pc = new LinkedHashMap<>();
        List<String> averaged = new ArrayList<>();
        double sumP = 0;
        double sumR = 0;
        double sumF = 0;
        double wP = 0;
        double wR = 0;
        double wF = 0;
        for (int k = 0; k < labelCount; k++) {
            long tp = cm[k][k];
            long goldTotal = 0;
            long predTotal = 0;
            for (int j = 0; j < labelCount; j++) {
                goldTotal += cm[k][j];
                predTotal += cm[j][k];
            }
            ClassMetrics m = ClassMetrics.fromCounts(tp, predTotal - tp, goldTotal - tp);
            pc.put(names.get(k), m);
            if (goldTotal > 0 || predTotal > 0) {
                averaged.add(names.get(k));
                sumP += m.precision();
                sumR += m.recall();
                sumF += m.f1();
            }
            wP += m.precision() * goldTotal;
            wR += m.recall() * goldTotal;
            wF += m.f1() * goldTotal;
        }
        this.perClass = Collections.unmodifiableMap(pc);
        this.averagedLabels = List.copyOf(averaged);
        this.macroPrecision = ClassMetrics.ratio(sumP, averaged.size());
        this.macroRecall = ClassMetrics.ratio(sumR, averaged.size());
        this.macroF1 = ClassMetrics.ratio(sumF, averaged.size());
        this.weightedPrecision = wP / n;
        this.weightedRecall = wR / n;
        this.weightedF1 = wF / n;

        double ll = 0;
        double br = 0;
        for (int i = 0; i < n; i++) {
            ll -= Math.log(Math.max(LOG_LOSS_EPSILON, Math.min(1.0, scores[i][gold[i]])));
            for (int k = 0; k < labelCount; k++) {
                double d = scores[i][k] - (k == gold[i] ? 1.0 : 0.0);
                br += d * d;
            }
        }
        this.logLoss = ll / n;
        this.brier = br / n;
    }

    /**
     * Builds a report; inputs are assumed validated by {@link Evaluator}.
     *
     * @param task the task
     * @param gold gold label index per example
     * @param predicted predicted label index per example
     * @param confidence top-label confidence per example, in [0, 1]
     * @param scores the label distribution per example, in task order
     * @return the report
     */
    static ClassificationReport of(Task task, int[] gold, int[] predicted, double[] confidence, double[][] scores) {
        if (gold.length == 0) {
            throw new IllegalArgumentException("nothing to evaluate: no examples");
        }
        return new ClassificationReport(task, gold, predicted, confidence, scores);
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public int size() {
        return n;
    }

    /** @return fraction of examples whose predicted label equals the gold label */
    public double accuracy() {
        return (double) correctCount / n;
    }

    /**
     * A Wilson score confidence interval for {@link #accuracy()}, treating examples as independent
     * trials; useful to judge whether two annotators really differ on a small gold set.
     *
     * @param confidenceLevel the level, in (0, 1), e.g. 0.95
     * @return the interval
     * @throws IllegalArgumentException when the level is not in (0, 1)
     */
    public Interval accuracyInterval(double confidenceLevel) {
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidenceLevel must be in (0, 1): " + confidenceLevel);
        }
        ConfidenceInterval ci = new WilsonScoreInterval().createInterval(n, correctCount, confidenceLevel);
        return new Interval(Math.max(0.0, ci.getLowerBound()), Math.min(1.0, ci.getUpperBound()), confidenceLevel);
    }

    /**
     * Precision, recall, F1 and support of every label of the task, in task order, including labels
     * that occur neither in the gold labels nor in the predictions (all zeros).
     *
     * @return unmodifiable map from label name to its metrics
     */
    public Map<String, ClassMetrics> perClass() {
        return perClass;
    }

    /**
     * The labels the macro averages are taken over: those occurring in the gold labels or in the
     * predictions, in task order (scikit-learn's default {@code labels}).
     *
     * @return unmodifiable list of label names
     */
    public List<String> averagedLabels() {
        return averagedLabels;
    }

    /** @return unweighted mean precision over {@link #averagedLabels()} */
    public double macroPrecision() {
        return macroPrecision;
    }

    /** @return unweighted mean recall over {@link #averagedLabels()} */
    public double macroRecall() {
        return macroRecall;
    }

    /** @return unweighted mean F1 over {@link #averagedLabels()} */
    public double macroF1() {
        return macroF1;
    }

    /** @return support-weighted mean precision over all labels */
    public double weightedPrecision() {
        return weightedPrecision;
    }

    /** @return support-weighted mean recall over all labels (equals {@link #accuracy()}) */
    public double weightedRecall() {
        return weightedRecall;
    }

    /** @return support-weighted mean F1 over all labels */
    public double weightedF1() {
        return weightedF1;
    }

    /** @return the gold × predicted counts */
    public ConfusionMatrix confusionMatrix() {
        return confusion;
    }

    /**
     * Expected calibration error with {@value #DEFAULT_CALIBRATION_BINS} equal-width bins.
     *
     * @return the ECE, in [0, 1]
     * @see #expectedCalibrationError(int)
     */
    public double expectedCalibrationError() {
        return expectedCalibrationError(DEFAULT_CALIBRATION_BINS);
    }

    /**
     * Expected calibration error (Guo et al., 2017): predictions are grouped by top-label confidence
     * into {@code bins} equal-width bins {@code (k/bins, (k+1)/bins]}, and the ECE is
     * {@code Σ (|bin| / n) · |accuracy(bin) − meanConfidence(bin)|}. The confidence of a prediction is
     * its maximum probability (or, for annotations, the annotation's confidence); it is correct when
     * its predicted label equals the gold label.
     *
     * @param bins number of bins; at least one
     * @return the ECE, in [0, 1]; 0 means perfectly calibrated at this resolution
     * @throws IllegalArgumentException when {@code bins < 1}
     */
    public double expectedCalibrationError(int bins) {
        double ece = 0;
        for (CalibrationBin b : calibrationBins(bins)) {
            ece += (double) b.count() / n * b.gap();
        }
        return ece;
    }

    /**
     * The reliability diagram behind {@link #expectedCalibrationError(int)}: every bin, empty ones
     * included, in increasing confidence.
     *
     * @param bins number of equal-width bins; at least one
     * @return unmodifiable list of {@code bins} bins
     * @throws IllegalArgumentException when {@code bins < 1}
     */
    public List<CalibrationBin> calibrationBins(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("number of calibration bins must be >= 1: " + bins);
        }
        int[] count = new int[bins];
        int[] hits = new int[bins];
        double[] confSum = new double[bins];
        for (int i = 0; i < n; i++) {
            int b = binOf(confidence[i], bins);
            count[b]++;
            hits[b] += correct[i] ? 1 : 0;
            confSum[b] += confidence[i];
        }
        List<CalibrationBin> out = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            out.add(new CalibrationBin(edge(b, bins), edge(b + 1, bins), count[b], ClassMetrics.ratio(confSum[b], count[b]),
                    ClassMetrics.ratio(hits[b], count[b])));
        }
        return List.copyOf(out);
    }

    /** Index of the bin {@code (k/bins, (k+1)/bins]} holding {@code c}; 0 also holds {@code c == 0}. */
    private static int binOf(double c, int bins) {
        int b = Math.max(0, Math.min(bins - 1, (int) Math.ceil(c * bins) - 1));
        // c * bins may round across an edge; settle against the edges exactly as reported
        while (b > 0 && c <= edge(b, bins)) {
            b--;
        }
        while (b < bins - 1 && c > edge(b + 1, bins)) {
            b++;
        }
        return b;
    }

    private static double edge(int k, int bins) {
        return (double) k / bins;
    }

    /**
     * Mean negative log-likelihood of the gold label, {@code −(1/n) Σ ln p(gold)}, with probabilities
     * clipped to {@code [}{@value #LOG_LOSS_EPSILON}{@code , 1]}. Scores are used as given (not
     * renormalised).
     *
     * @return the log-loss, 0 or more; lower is better
     */
    public double logLoss() {
        return logLoss;
    }

    /**
     * Multi-class Brier score, {@code (1/n) Σ_i Σ_k (p_ik − y_ik)²} with {@code y} the one-hot gold
     * label: in [0, 2], lower is better. For two classes this is twice scikit-learn's
     * {@code brier_score_loss} of the positive class.
     *
     * @return the Brier score
     */
    public double brierScore() {
        return brier;
    }

    /**
     * Keys: {@code examples}, {@code accuracy}, {@code accuracy_ci95_lower}, {@code accuracy_ci95_upper},
     * {@code macro_precision}, {@code macro_recall}, {@code macro_f1}, {@code weighted_precision},
     * {@code weighted_recall}, {@code weighted_f1}, {@code ece} (default bins), {@code log_loss},
     * {@code brier}, then {@code class.<label>.precision|recall|f1|support} for every label.
     *
     * @return the metrics
     */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        Interval ci = accuracyInterval(0.95);
        m.put("examples", n);
        m.put("accuracy", accuracy());
        m.put("accuracy_ci95_lower", ci.lower());
        m.put("accuracy_ci95_upper", ci.upper());
        m.put("macro_precision", macroPrecision);
        m.put("macro_recall", macroRecall);
        m.put("macro_f1", macroF1);
        m.put("weighted_precision", weightedPrecision);
        m.put("weighted_recall", weightedRecall);
        m.put("weighted_f1", weightedF1);
        m.put("ece", expectedCalibrationError());
        m.put("log_loss", logLoss);
        m.put("brier", brier);
        perClass.forEach((label, c) -> c.putInto(m, "class." + label + "."));
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ClassificationReport[%s, n=%d, accuracy=%.4f, macroF1=%.4f, weightedF1=%.4f, ece=%.4f]",
                task.name(), n, accuracy(), macroF1, weightedF1, expectedCalibrationError());
    }
}
