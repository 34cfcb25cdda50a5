package dev.annotator.core.pipeline;

import dev.annotator.core.annotate.Cost;
import dev.annotator.core.relabel.RelabelResult;
import dev.annotator.core.report.RunRecord;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.weigh.AnnotatedExample;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link DistillationPipeline} run produced: the deployed student, the annotations it was
 * trained on, what they cost, the student's and the teacher's scores, the relabelling and the
 * {@link RunRecord} a report draws.
 *
 * <p>The result owns the student: {@link #close()} closes it. Not thread-safe to close while the
 * student is in use.
 */
public final class DistillationResult implements AutoCloseable {
    private final StudentModel student;
    private final List<AnnotatedExample> annotations;
    private final int trainingExamples;
    private final int fresh;
    private final int cached;
    private final int abstained;
    private final Cost spent;
    private final Optional<Scores> studentTest;
    private final Optional<Scores> teacherTest;
    private final Optional<Scores> agreement;
    private final Optional<RelabelResult> relabel;
    private final RunRecord runRecord;

    DistillationResult(StudentModel student, List<AnnotatedExample> annotations, int trainingExamples, int fresh, int cached,
            int abstained, Cost spent, Optional<Scores> studentTest, Optional<Scores> teacherTest, Optional<Scores> agreement,
            Optional<RelabelResult> relabel, RunRecord runRecord) {
        this.student = Objects.requireNonNull(student, "student");
        this.annotations = List.copyOf(annotations);
        this.trainingExamples = trainingExamples;
        this.fresh = fresh;
        this.cached = cached;
        this.abstained = abstained;
        this.spent = spent;
        this.studentTest = studentTest;
        this.teacherTest = teacherTest;
        this.agreement = agreement;
        this.relabel = relabel;
        this.runRecord = runRecord;
    }

    /** @return the deployed student (what {@link StudentDeployment} returned) */
    public StudentModel student() {
        return student;
    }

    /** @return every annotation of the sample, abstentions included, in the order they were acquired */
    public List<AnnotatedExample> annotations() {
        return annotations;
    }

    /** @return how many of {@link #annotations()} are labels (not abstentions) */
    public int labels() {
        return annotations.size() - abstained;
    }

    /** @return how many of {@link #annotations()} are abstentions */
    public int abstained() {
        return abstained;
    }

    /**
     * @return texts sent to the annotator in this run (sample and test set), not found in the store;
     *     each is one call of the annotator for one text (a batching LLM may pack several in a request)
     */
    public int calls() {
        return fresh;
    }

    /** @return annotations taken from the store instead of asking the annotator */
    public int cached() {
        return cached;
    }

    /** @return how many weighted examples the student was trained on (gold rows included in combined mode) */
    public int trainingExamples() {
        return trainingExamples;
    }

    /** @return the cost of the sample's annotations (the teacher's test-set answers are outside it) */
    public Cost spent() {
        return spent;
    }

    /** @return the deployed student against the gold test split; empty without a test set */
    public Optional<Scores> studentTest() {
        return studentTest;
    }

    /**
     * @return the teacher against the gold test split, over the texts it labelled (abstentions left
     *     out); empty when the teacher was not run on the test set
     */
    public Optional<Scores> teacherTest() {
        return teacherTest;
    }

    /**
     * @return the student against the teacher's labels on the test texts the teacher labelled: its
     *     accuracy is the agreement rate; empty when the teacher was not run on the test set
     */
    public Optional<Scores> agreement() {
        return agreement;
    }

    /** @return the relabelling of the corpus, when one was asked for */
    public Optional<RelabelResult> relabel() {
        return relabel;
    }

    /** @return the run record written as {@code run.json} */
    public RunRecord runRecord() {
        return runRecord;
    }

    /** Closes the student; idempotent if the student's close is. */
    @Override
    public void close() {
        student.close();
    }

    @Override
    public String toString() {
        return "DistillationResult[" + labels() + " labels, " + abstained + " abstained, student "
                + studentTest.map(s -> String.valueOf(s.accuracy())).orElse("-") + ", teacher "
                + teacherTest.map(s -> String.valueOf(s.accuracy())).orElse("-") + "]";
    }
}
