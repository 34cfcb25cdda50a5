package dev.annotator.core.logic;

import dev.annotator.core.student.StudentModel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import dev.annotator.core.task.LabelDistribution;

/**
 * A yes/no question about a text, answered by trained students: a leaf asks whether a student gives a
 * label at least a threshold probability, and leaves combine with {@link #and}, {@link #or} and
 * {@link #not}, e.g. {@code topic=food AND sentiment=positive}. This is Incubator's "logical text
 * mining": students trained separately, combined by logic. {@link LogicalStudent} makes a predicate
 * usable like any {@code StudentModel}.
 *
 * <p>Each predicate has a decision (boolean logic over the leaves' {@code p >= threshold}) and a
 * truth degree in [0, 1] that agrees with it: a leaf maps {@code p} piecewise-linearly so that
 * {@code p = threshold} becomes 0.5, AND takes the minimum, OR the maximum, NOT {@code 1 - x}
 * (Gödel fuzzy logic). Immutable and thread-safe when its students are.
 */
public sealed interface TextPredicate permits TextPredicate.LabelAtLeast, TextPredicate.And, TextPredicate.Or,
        TextPredicate.Not {

    /**
     * A leaf: the student gives {@code label} a probability of at least {@code threshold}.
     *
     * @param student the student asked
     * @param label one of the student's labels
     * @param threshold in (0, 1)
     * @return the predicate
     * @throws dev.annotator.core.task.UnknownLabelException when the student has no such label
     */
    static TextPredicate label(StudentModel student, String label, double threshold) {
        return new LabelAtLeast(student, label, threshold);
    }

    /**
     * A leaf at threshold 0.5.
     *
     * @param student the student asked
     * @param label one of the student's labels
     * @return the predicate
     */
    static TextPredicate label(StudentModel student, String label) {
        return new LabelAtLeast(student, label, 0.5);
    }

    /**
     * @param other another predicate
     * @return a predicate true when both are
     */
    default TextPredicate and(TextPredicate other) {
        return new And(this, Objects.requireNonNull(other, "other"));
    }

    /**
     * @param other another predicate
     * @return a predicate true when either is
     */
    default TextPredicate or(TextPredicate other) {
        return new Or(this, Objects.requireNonNull(other, "other"));
    }

    /** @return a predicate true when this one is false */
    default TextPredicate not() {
        return new Not(this);
    }

    /** @return the expression, e.g. {@code (topic:food >= 0.5 AND NOT sentiment:negative >= 0.7)} */
    String describe();

    /**
     * Answers the predicate for a batch of texts, asking each distinct student once for the whole batch.
     *
     * @param texts the texts
     * @return one answer per text, in order
     */
    default List<Answer> test(List<String> texts) {
        Map<StudentModel, List<LabelDistribution>> predictions = new IdentityHashMap<>();
        List<StudentModel> students = new ArrayList<>();
        collectStudents(students);
        for (StudentModel s : students) {
            List<LabelDistribution> p = s.predictBatch(texts);
            if (p.size() != texts.size()) {
                throw new IllegalStateException("student of task '" + s.task().name() + "' returned " + p.size()
                        + " predictions for " + texts.size() + " texts");
            }
            predictions.put(s, p);
        }
        List<Answer> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            out.add(answer(predictions, i));
        }
        return out;
    }

    /**
     * Answers one text.
     *
     * @param text the text
     * @return the answer
     */
    default Answer test(String text) {
        return test(List.of(text)).get(0);
    }

    /**
     * Adds this predicate's students to {@code into}, in order of first appearance in the expression,
     * each instance once.
     *
     * @param into the list to fill
     */
    void collectStudents(List<StudentModel> into);

    /**
     * Evaluates on precomputed predictions.
     *
     * @param predictions each student's predictions for the batch
     * @param i the text's position in the batch
     * @return the answer
     */
    Answer answer(Map<StudentModel, List<LabelDistribution>> predictions, int i);

    /**
     * A predicate's answer for one text.
     *
     * @param decision the boolean answer
     * @param truth the truth degree in [0, 1]; at least 0.5 exactly when {@code decision} is true
     */
    record Answer(boolean decision, double truth) {
        /**
         * Validates the answer.
         *
         * @param decision the boolean answer
         * @param truth the truth degree in [0, 1]
         */
        public Answer {
            if (!(truth >= 0 && truth <= 1)) {
                throw new IllegalArgumentException("truth must be in [0, 1]: " + truth);
            }
        }

        static Answer of(boolean decision, double truth) {
            // keep the degree on the decision's side of 0.5 (they disagree only exactly at a threshold)
            double t = decision ? Math.max(truth, 0.5) : Math.min(truth, Math.nextDown(0.5));
            return new Answer(decision, t);
        }
    }

    /**
     * Leaf: {@code p(label) >= threshold}.
     *
     * @param student the student asked
     * @param label the label
     * @param threshold in (0, 1)
     */
    record LabelAtLeast(StudentModel student, String label, double threshold) implements TextPredicate {
        /**
         * Validates the leaf.
         *
         * @param student the student asked
         * @param label the label, one of the student's
         * @param threshold in (0, 1)
         */
        public LabelAtLeast {
            Objects.requireNonNull(student, "student");
            student.task().requireIndex(Objects.requireNonNull(label, "label"));
            if (!(threshold > 0 && threshold < 1)) {
                throw new IllegalArgumentException("threshold must be in (0, 1): " + threshold);
            }
        }

        @Override
        public String describe() {
            return student.task().name() + ":" + label + " >= " + threshold;
        }

        @Override
        public void collectStudents(List<StudentModel> into) {
            for (StudentModel s : into) {
                if (s == student) {
                    return;
                }
            }
            into.add(student);
        }

        @Override
        public Answer answer(Map<StudentModel, List<LabelDistribution>> predictions, int i) {
            double p = predictions.get(student).get(i).get(label);
            double truth = p < threshold ? 0.5 * p / threshold : 0.5 + 0.5 * (p - threshold) / (1 - threshold);
            return Answer.of(p >= threshold, Math.max(0, Math.min(1, truth)));
        }
    }

    /**
     * Both sides hold.
     *
     * @param left one side
     * @param right the other side
     */
    record And(TextPredicate left, TextPredicate right) implements TextPredicate {
        @Override
        public String describe() {
            return "(" + left.describe() + " AND " + right.describe() + ")";
        }

        @Override
        public void collectStudents(List<StudentModel> into) {
            left.collectStudents(into);
            right.collectStudents(into);
        }

        @Override
        public Answer answer(Map<StudentModel, List<LabelDistribution>> predictions, int i) {
            Answer a = left.answer(predictions, i);
            Answer b = right.answer(predictions, i);
            return Answer.of(a.decision() && b.decision(), Math.min(a.truth(), b.truth()));
        }
    }

    /**
     * Either side holds.
     *
     * @param left one side
     * @param right the other side
     */
    record Or(TextPredicate left, TextPredicate right) implements TextPredicate {
        @Override
        public String describe() {
            return "(" + left.describe() + " OR " + right.describe() + ")";
        }

        @Override
        public void collectStudents(List<StudentModel> into) {
            left.collectStudents(into);
            right.collectStudents(into);
        }

        @Override
        public Answer answer(Map<StudentModel, List<LabelDistribution>> predictions, int i) {
            Answer a = left.answer(predictions, i);
            Answer b = right.answer(predictions, i);
            return Answer.of(a.decision() || b.decision(), Math.max(a.truth(), b.truth()));
        }
    }

    /**
     * The operand does not hold.
     *
     * @param operand the negated predicate
     */
    record Not(TextPredicate operand) implements TextPredicate {
        @Override
        public String describe() {
            return "NOT " + operand.describe();
        }

        @Override
        public void collectStudents(List<StudentModel> into) {
            operand.collectStudents(into);
        }

        @Override
        public Answer answer(Map<StudentModel, List<LabelDistribution>> predictions, int i) {
            Answer a = operand.answer(predictions, i);
            return Answer.of(!a.decision(), 1 - a.truth());
        }
    }
}
