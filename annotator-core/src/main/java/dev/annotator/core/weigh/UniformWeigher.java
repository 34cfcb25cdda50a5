package dev.annotator.core.weigh;

import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.Task;
import java.util.Arrays;
import java.util.List;

/** {@link LabelWeigher#uniform()}. */
final class UniformWeigher implements LabelWeigher {
    static final UniformWeigher INSTANCE = new UniformWeigher();

    private UniformWeigher() {
    }

    @Override
    public TrainingSet weigh(Task task, List<AnnotatedExample> annotated) {
        List<AnnotatedExample> kept = Weighing.labelled(task, annotated);
        double[] w = new double[kept.size()];
        Arrays.fill(w, 1.0);
        return Weighing.assemble(task, kept, w, name());
    }

    @Override
    public String name() {
        return "uniform";
    }

    @Override
    public String toString() {
        return name();
    }
}
