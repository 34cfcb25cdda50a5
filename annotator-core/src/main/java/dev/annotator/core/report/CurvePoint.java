package dev.annotator.core.report;

import java.util.Objects;

/**
 * One point of a learning curve: a student's score after training on some number of labels.
 *
 * @param series the curve it belongs to, e.g. the selector's name ({@code random}, {@code entropy})
 * @param round the round of the loop, from 0
 * @param labels labels acquired so far
 * @param calls paid annotator calls so far
 * @param usd money spent so far
 * @param accuracy the student's accuracy on the evaluation split
 * @param macroF1 the student's macro-F1 on the evaluation split
 */
public record CurvePoint(String series, int round, int labels, long calls, double usd, double accuracy, double macroF1) {
    /**
     * Validates the point.
     *
     * @param series the curve it belongs to
     * @param round the round, from 0
     * @param labels labels so far, zero or more
     * @param calls paid calls so far, zero or more
     * @param usd money spent so far, zero or more
     * @param accuracy in [0, 1]
     * @param macroF1 in [0, 1]
     */
    public CurvePoint {
        Objects.requireNonNull(series, "series");
        if (round < 0 || labels < 0 || calls < 0 || !(usd >= 0)) {
            throw new IllegalArgumentException("round, labels, calls and usd must be >= 0: " + round + ", " + labels
                    + ", " + calls + ", " + usd);
        }
        requireUnit("accuracy", accuracy);
        requireUnit("macroF1", macroF1);
    }

    static void requireUnit(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + v);
        }
    }
}
