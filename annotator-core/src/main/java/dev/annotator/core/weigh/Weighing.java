package dev.annotator.core.weigh;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Validation and assembly shared by the built-in weighers. */
final class Weighing {
    private Weighing() {
    }

    /** The non-abstained annotations, validated: distinct examples, all of {@code task}. */
    static List<AnnotatedExample> labelled(Task task, List<AnnotatedExample> annotated) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(annotated, "annotated");
        Set<String> ids = new HashSet<>();
        List<AnnotatedExample> out = new ArrayList<>();
        for (AnnotatedExample a : annotated) {
            Objects.requireNonNull(a, "annotated example");
            if (!ids.add(a.example().id())) {
                throw new IllegalArgumentException("example '" + a.example().id()
                        + "' has more than one annotation; combine them with a label model before weighing");
            }
            Annotation ann = a.annotation();
            if (ann.isAbstention()) {
                continue;
            }
            LabelDistribution d = ann.distribution().orElseThrow();
            if (!d.task().equals(task)) {
                throw new IllegalArgumentException("annotation of example '" + a.example().id() + "' belongs to task '"
                        + d.task().name() + "', not '" + task.name() + "'");
            }
            out.add(a);
        }
        return out;
    }

    /** A training set of the kept annotations with the given raw weights, scaled to mean 1. */
    static TrainingSet assemble(Task task, List<AnnotatedExample> kept, double[] raw, String weigher) {
        double sum = 0;
        for (double w : raw) {
            sum += w;
        }
        if (!kept.isEmpty() && !(sum > 0)) {
            throw new IllegalArgumentException("weigher '" + weigher + "' gave every one of the " + kept.size()
                    + " labelled examples weight 0; nothing would be learned");
        }
        double scale = kept.isEmpty() ? 1 : kept.size() / sum;
        List<TrainingExample> examples = new ArrayList<>(kept.size());
        Set<String> sources = new TreeSet<>();
        for (int i = 0; i < kept.size(); i++) {
            AnnotatedExample a = kept.get(i);
            examples.add(new TrainingExample(a.example(), a.annotation().distribution().orElseThrow(), raw[i] * scale));
            sources.add(a.annotation().source());
        }
        TrainingSet set = TrainingSet.of(task, examples);
        return sources.isEmpty() ? set : set.withTeacher(String.join("+", sources));
    }
}
