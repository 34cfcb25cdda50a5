package dev.annotator.core.weigh;

import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.Task;
import java.util.List;

/** {@link LabelWeigher#byConfidence(double)}. */
final class ConfidenceWeigher implements LabelWeigher {
    private final double exponent;

    ConfidenceWeigher(double exponent) {
        if (!(exponent >= 0) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException("confidence exponent must be finite and >= 0: " + exponent);
        }
        this.exponent = exponent;
    }

    @Override
    public TrainingSet weigh(Task task, List<AnnotatedExample> annotated) {
        List<AnnotatedExample> kept = Weighing.labelled(task, annotated);
        double[] w = new double[kept.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.pow(kept.get(i).annotation().confidence(), exponent);
        }
        return Weighing.assemble(task, kept, w, name());
    }

    @Override
    public String name() {
        return exponent == 1.0 ? "confidence" : "confidence^" + exponent;
    }

    @Override
    public String toString() {
        return name();
    }
}
