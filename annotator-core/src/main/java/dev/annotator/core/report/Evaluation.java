package dev.annotator.core.report;

import dev.annotator.core.eval.CalibrationBin;
import dev.annotator.core.eval.ClassMetrics;
import dev.annotator.core.eval.ClassificationReport;
import dev.annotator.core.eval.ConfusionMatrix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one labeller (a student, the teacher) scored against gold labels, in a form a report can
 * draw and a JSON file can hold.
 *
 * @param name who was scored, e.g. {@code fast student} or {@code teacher (knn)}
 * @param split the split scored, e.g. {@code test}
 * @param examples how many examples were scored
 * @param accuracy accuracy in [0, 1]
 * @param macroF1 macro-averaged F1 in [0, 1]
 * @param labels the label names, in the order of {@code confusion}'s rows and columns
 * @param confusion counts, {@code confusion[gold][predicted]}
 * @param perClass precision, recall, F1 and support per label
 * @param calibration reliability bins (confidence against accuracy)
 * @param expectedCalibrationError the expected calibration error over {@code calibration}
 */
public record Evaluation(String name, String split, int examples, double accuracy, double macroF1, List<String> labels,
        int[][] confusion, Map<String, ClassMetrics> perClass, List<CalibrationBin> calibration,
        double expectedCalibrationError) {

    /**
     * Validates and copies the parts.
     *
     * @param name who was scored
     * @param split the split scored
     * @param examples how many examples, zero or more
     * @param accuracy in [0, 1]
     * @param macroF1 in [0, 1]
     * @param labels label names
     * @param confusion a square matrix over {@code labels}
     * @param perClass metrics per label
     * @param calibration reliability bins
     * @param expectedCalibrationError in [0, 1]
     */
    public Evaluation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(split, "split");
        if (examples < 0) {
            throw new IllegalArgumentException("examples must be >= 0: " + examples);
        }
        CurvePoint.requireUnit("accuracy", accuracy);
        CurvePoint.requireUnit("macroF1", macroF1);
        CurvePoint.requireUnit("expectedCalibrationError", expectedCalibrationError);
        labels = List.copyOf(labels);
        Objects.requireNonNull(confusion, "confusion");
        if (confusion.length != labels.size()) {
            throw new IllegalArgumentException("confusion has " + confusion.length + " rows for " + labels.size() + " labels");
        }
        int[][] copy = new int[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            if (confusion[i].length != labels.size()) {
                throw new IllegalArgumentException("confusion row " + i + " has " + confusion[i].length + " columns for "
                        + labels.size() + " labels");
            }
            copy[i] = confusion[i].clone();
        }
        confusion = copy;
        perClass = Map.copyOf(perClass);
        calibration = List.copyOf(calibration);
    }

    /**
     * Summarises a single-label classification report.
     *
     * @param name who was scored
     * @param split the split scored
     * @param report the report
     * @return the evaluation, with {@value ClassificationReport#DEFAULT_CALIBRATION_BINS} calibration bins
     */
    public static Evaluation of(String name, String split, ClassificationReport report) {
        ConfusionMatrix cm = report.confusionMatrix();
        Map<String, ClassMetrics> per = new LinkedHashMap<>(report.perClass());
        List<CalibrationBin> bins = new ArrayList<>(report.calibrationBins(ClassificationReport.DEFAULT_CALIBRATION_BINS));
        return new Evaluation(name, split, report.size(), report.accuracy(), report.macroF1(), cm.labels(), cm.toArray(), per,
                bins, report.expectedCalibrationError());
    }

    /** @return a copy of the confusion counts, {@code [gold][predicted]} */
    @Override
    public int[][] confusion() {
        int[][] copy = new int[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evaluation e && name.equals(e.name) && split.equals(e.split) && examples == e.examples
                && Double.compare(accuracy, e.accuracy) == 0 && Double.compare(macroF1, e.macroF1) == 0
                && labels.equals(e.labels) && java.util.Arrays.deepEquals(confusion, e.confusion)
                && perClass.equals(e.perClass) && calibration.equals(e.calibration)
                && Double.compare(expectedCalibrationError, e.expectedCalibrationError) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, split, examples, accuracy, macroF1, labels, java.util.Arrays.deepHashCode(confusion),
                perClass, calibration, expectedCalibrationError);
    }

    @Override
    public String toString() {
        return "Evaluation[" + name + " on " + split + ": accuracy=" + accuracy + ", macroF1=" + macroF1 + "]";
    }
}
