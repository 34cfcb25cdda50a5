package dev.annotator.core.logic;

import dev.annotator.core.Version;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link TextPredicate} used like any {@link StudentModel}: a single-label task with the labels
 * {@code match} and {@code no_match}, whose distribution is the predicate's truth degree, so a corpus
 * can be filtered with the same {@code predict} calls, CLI and report as a trained student
 * (Incubator's "logical text mining", e.g. {@code topic=food AND sentiment=positive}).
 *
 * <p>The chosen label is exactly the predicate's boolean decision. The component students are not
 * owned: {@link #close()} does nothing and the caller closes them. Thread-safe when the students are.
 */
public final class LogicalStudent implements StudentModel {
    /** Label of texts the predicate holds for. */
    public static final String MATCH = "match";
    /** Label of texts it does not hold for. */
    public static final String NO_MATCH = "no_match";

    private final TextPredicate predicate;
    private final Task task;
    private final Provenance provenance;

    /**
     * @param name the task name, e.g. {@code positive-food}
     * @param predicate the predicate
     */
    public LogicalStudent(String name, TextPredicate predicate) {
        this.predicate = Objects.requireNonNull(predicate, "predicate");
        this.task = Task.builder().name(name).instruction("Does the text satisfy " + predicate.describe() + "?")
                .label(MATCH, "the text satisfies " + predicate.describe())
                .label(NO_MATCH, "the text does not satisfy it").build();
        List<StudentModel> students = new ArrayList<>();
        predicate.collectStudents(students);
        List<String> fingerprints = new ArrayList<>();
        List<String> teachers = new ArrayList<>();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("expression", predicate.describe());
        int i = 0;
        for (StudentModel s : students) {
            fingerprints.add(s.provenance().dataFingerprint());
            teachers.add(s.provenance().teacher());
            config.put("student." + i++, s.task().name() + " (" + s.provenance().studentType() + ")");
        }
        this.provenance = new Provenance(name, "logic", config, 0L, String.join("+", fingerprints),
                String.join("+", teachers), Version.get(), Instant.now().toString());
    }

    /** @return the predicate */
    public TextPredicate predicate() {
        return predicate;
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public List<LabelDistribution> predictBatch(List<String> texts) {
        List<TextPredicate.Answer> answers = predicate.test(texts);
        List<LabelDistribution> out = new ArrayList<>(answers.size());
        for (TextPredicate.Answer a : answers) {
            double t = a.truth();
            // the degree is >= 0.5 exactly when the decision is true; break the 0.5 tie towards the decision
            double[] p = a.decision() && t == 0.5 ? new double[] {Math.nextUp(0.5), 1 - Math.nextUp(0.5)}
                    : new double[] {t, 1 - t};
            out.add(LabelDistribution.of(task, p));
        }
        return out;
    }

    /** Does nothing: the component students belong to the caller. */
    @Override
    public void close() {
    }
}
