package dev.annotator.core.pipeline;

import dev.annotator.core.eval.ClassificationReport;
import dev.annotator.core.eval.MetricsReport;
import dev.annotator.core.eval.MultiLabelReport;

/**
 * Headline scores of a student or the teacher against gold labels in one round of an
 * {@link ActiveAnnotationLoop}.
 *
 * @param examples how many examples were scored
 * @param accuracy accuracy (subset accuracy for a multi-label task), in [0, 1]
 * @param macroF1 macro-averaged F1, in [0, 1]
 */
public record Scores(int examples, double accuracy, double macroF1) {

    /**
     * Validates.
     *
     * @param examples how many examples were scored; positive
     * @param accuracy in [0, 1]
     * @param macroF1 in [0, 1]
     */
    public Scores {
        if (examples <= 0) {
            throw new IllegalArgumentException("examples must be positive: " + examples);
        }
        if (!(accuracy >= 0 && accuracy <= 1) || !(macroF1 >= 0 && macroF1 <= 1)) {
            throw new IllegalArgumentException("accuracy and macroF1 must be in [0, 1]: " + accuracy + ", " + macroF1);
        }
    }

    /**
     * @param report a single- or multi-label report
     * @return its headline scores
     */
    public static Scores of(MetricsReport report) {
        if (report instanceof ClassificationReport c) {
            return new Scores(c.size(), c.accuracy(), c.macroF1());
        }
        MultiLabelReport m = (MultiLabelReport) report;
        return new Scores(m.size(), m.subsetAccuracy(), m.macroF1());
    }
}
