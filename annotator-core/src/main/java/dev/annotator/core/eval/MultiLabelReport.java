package dev.annotator.core.eval;

import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Metrics of multi-label predictions against gold label sets: per-label precision/recall/F1, their
 * micro and macro averages, subset accuracy and Hamming loss. Obtain one from
 * {@link Evaluator#evaluateMultiLabel}. Immutable and thread-safe.
 *
 * <p><em>Micro</em> averages pool true positives, false positives and false negatives over all
 * labels; <em>macro</em> averages are unweighted means of the per-label scores over
 * {@link #averagedLabels()}, the labels that are positive in at least one gold set or prediction. A
 * label that is never positive anywhere is listed in {@link #perLabel()} with zeros but left out of
 * the macro mean (scikit-learn, given an indicator matrix, would count it as 0 instead). Ratios with
 * a zero denominator are 0 (see {@link ClassMetrics}).
 */
public final class MultiLabelReport implements MetricsReport {
    private final Task task;
    private final int n;
    private final OptionalDouble threshold;
    private final Map<String, ClassMetrics> perLabel;
    private final List<String> averagedLabels;
    private final ClassMetrics micro;
    private final double macroPrecision;
    private final double macroRecall;
    private final double macroF1;
    private final double subsetAccuracy;
    private final double hammingLoss;

    private MultiLabelReport(Task task, boolean[][] gold, boolean[][] predicted, OptionalDouble threshold) {
        this.task = task;
        this.n = gold.length;
        this.threshold = threshold;
        int labelCount = task.labelCount();
        List<String> names = task.labelNames();
        long[] tp = new long[labelCount];
        long[] fp = new long[labelCount];
        long[] fn = new long[labelCount];
        int exact = 0;
        long mismatches = 0;
        for (int i = 0; i < n; i++) {
            boolean same = true;
            for (int k = 0; k < labelCount; k++) {
                boolean g = gold[i][k];
                boolean p = predicted[i][k];
                if (g && p) {
                    tp[k]++;
                } else if (p) {
                    fp[k]++;
                } else if (g) {
                    fn[k]++;
                }
                if (g != p) {
                    same = false;
                    mismatches++;
                }
            }
            exact += same ? 1 : 0;
        }
        Map<String, ClassMetrics> pl = new LinkedHashMap<>();
        List<String> averaged = new ArrayList<>();
        double sumP = 0;
        double sumR = 0;
        double sumF = 0;
        long tpAll = 0;
        long fpAll = 0;
        long fnAll = 0;
        for (int k = 0; k < labelCount; k++) {
            ClassMetrics m = ClassMetrics.fromCounts(tp[k], fp[k], fn[k]);
            pl.put(names.get(k), m);
            if (tp[k] + fp[k] + fn[k] > 0) {
                averaged.add(names.get(k));
                sumP += m.precision();
                sumR += m.recall();
                sumF += m.f1();
            }
            tpAll += tp[k];
            fpAll += fp[k];
            fnAll += fn[k];
        }
        this.perLabel = Collections.unmodifiableMap(pl);
        this.averagedLabels = List.copyOf(averaged);
        this.micro = ClassMetrics.fromCounts(tpAll, fpAll, fnAll);
        this.macroPrecision = ClassMetrics.ratio(sumP, averaged.size());
        this.macroRecall = ClassMetrics.ratio(sumR, averaged.size());
        this.macroF1 = ClassMetrics.ratio(sumF, averaged.size());
        this.subsetAccuracy = (double) exact / n;
        this.hammingLoss = (double) mismatches / ((double) n * labelCount);
    }

    /**
     * Builds a report; inputs are assumed validated by {@link Evaluator}.
     *
     * @param task the task
     * @param gold gold indicator matrix {@code [example][label]}
     * @param predicted predicted indicator matrix {@code [example][label]}
     * @param threshold the decision threshold that produced {@code predicted}, if any
     * @return the report
     */
    static MultiLabelReport of(Task task, boolean[][] gold, boolean[][] predicted, OptionalDouble threshold) {
        if (gold.length == 0) {
            throw new IllegalArgumentException("nothing to evaluate: no examples");
        }
        return new MultiLabelReport(task, gold, predicted, threshold);
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public int size() {
        return n;
    }

    /**
     * The decision threshold applied to the scores (a label is predicted when its score is at least
     * the threshold).
     *
     * @return the threshold, or empty when the predicted label sets were given directly (annotations)
     */
    public OptionalDouble threshold() {
        return threshold;
    }

    /**
     * Precision, recall, F1 and support (number of gold sets containing the label) of every label of
     * the task, in task order.
     *
     * @return unmodifiable map from label name to its metrics
     */
    public Map<String, ClassMetrics> perLabel() {
        return perLabel;
    }

    /**
     * The labels the macro averages are taken over: those positive in at least one gold set or
     * prediction, in task order.
     *
     * @return unmodifiable list of label names
     */
    public List<String> averagedLabels() {
        return averagedLabels;
    }

    /** @return pooled precision {@code Σtp / (Σtp + Σfp)} */
    public double microPrecision() {
        return micro.precision();
    }

    /** @return pooled recall {@code Σtp / (Σtp + Σfn)} */
    public double microRecall() {
        return micro.recall();
    }

    /** @return pooled F1 {@code 2Σtp / (2Σtp + Σfp + Σfn)} */
    public double microF1() {
        return micro.f1();
    }

    /** @return unweighted mean precision over {@link #averagedLabels()}; 0 when that is empty */
    public double macroPrecision() {
        return macroPrecision;
    }

    /** @return unweighted mean recall over {@link #averagedLabels()}; 0 when that is empty */
    public double macroRecall() {
        return macroRecall;
    }

    /** @return unweighted mean F1 over {@link #averagedLabels()}; 0 when that is empty */
    public double macroF1() {
        return macroF1;
    }

    /** @return fraction of examples whose predicted label set equals the gold set exactly */
    public double subsetAccuracy() {
        return subsetAccuracy;
    }

    /** @return fraction of (example, label) decisions that are wrong */
    public double hammingLoss() {
        return hammingLoss;
    }

    /**
     * Keys: {@code examples}, {@code threshold} (when present), {@code subset_accuracy},
     * {@code hamming_loss}, {@code micro_precision}, {@code micro_recall}, {@code micro_f1},
     * {@code macro_precision}, {@code macro_recall}, {@code macro_f1}, then
     * {@code label.<label>.precision|recall|f1|support} for every label.
     *
     * @return the metrics
     */
    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("examples", n);
        threshold.ifPresent(t -> m.put("threshold", t));
        m.put("subset_accuracy", subsetAccuracy);
        m.put("hamming_loss", hammingLoss);
        m.put("micro_precision", micro.precision());
        m.put("micro_recall", micro.recall());
        m.put("micro_f1", micro.f1());
        m.put("macro_precision", macroPrecision);
        m.put("macro_recall", macroRecall);
        m.put("macro_f1", macroF1);
        perLabel.forEach((label, c) -> c.putInto(m, "label." + label + "."));
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "MultiLabelReport[%s, n=%d, microF1=%.4f, macroF1=%.4f, subsetAccuracy=%.4f, hammingLoss=%.4f]",
                task.name(), n, micro.f1(), macroF1, subsetAccuracy, hammingLoss);
    }
}
