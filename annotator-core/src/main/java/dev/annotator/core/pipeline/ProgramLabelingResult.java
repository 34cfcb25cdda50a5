package dev.annotator.core.pipeline;

import dev.annotator.core.eval.ClassificationReport;
import dev.annotator.core.labelmodel.VoteAnalysis;
import dev.annotator.core.report.Evaluation;
import dev.annotator.core.report.RunRecord;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.task.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a {@link ProgramLabelingPipeline} run produced. Holds the student: {@link #close()} closes it.
 *
 * @param task the task
 * @param programs every program applied, in column order
 * @param kept the programs the label model used (after dev pruning)
 * @param dropped programs pruned on dev, each with the reason
 * @param labelModel the chosen label model's name, e.g. {@code dawid-skene}
 * @param labelModelDevAccuracy each candidate label model's accuracy on the dev rows it covers; empty
 *     when dev had no gold labels
 * @param devAnalysis coverage, overlap, conflict and accuracy of every program on dev; empty when dev
 *     had no gold labels
 * @param trainAnalysis coverage, overlap and conflict of the kept programs on train
 * @param trainRows rows in the train split
 * @param coveredTrainRows train rows some kept program voted on: the student's training examples
 * @param labelModelReport the label model's soft labels scored on the covered train rows that have
 *     gold labels (never used for training); empty when none have
 * @param student the trained student
 * @param test the student scored on the gold test rows; empty when there are none
 * @param llmCalls LLM calls it took to get the programs
 * @param regexBudgetExceeded (program, text) pairs abstained on because a regex ran out of budget
 * @param provenance programs, label model, data fingerprint, library version, ... in display order
 */
public record ProgramLabelingResult(Task task, List<String> programs, List<String> kept, Map<String, String> dropped,
        String labelModel, Map<String, Double> labelModelDevAccuracy, Optional<VoteAnalysis> devAnalysis,
        VoteAnalysis trainAnalysis, int trainRows, int coveredTrainRows, Optional<ClassificationReport> labelModelReport,
        StudentModel student, Optional<ClassificationReport> test, long llmCalls, int regexBudgetExceeded,
        Map<String, String> provenance) implements AutoCloseable {

    /**
     * Validates and copies.
     *
     * @param task the task
     * @param programs every program applied
     * @param kept the programs used
     * @param dropped programs pruned, with reasons
     * @param labelModel the chosen label model
     * @param labelModelDevAccuracy candidates' dev accuracy
     * @param devAnalysis analysis on dev
     * @param trainAnalysis analysis on train
     * @param trainRows train rows
     * @param coveredTrainRows covered train rows
     * @param labelModelReport label model on covered train gold
     * @param student the student
     * @param test the student on test
     * @param llmCalls LLM calls for the programs
     * @param regexBudgetExceeded regex budget events
     * @param provenance settings and versions
     */
    public ProgramLabelingResult {
        Objects.requireNonNull(task, "task");
        programs = List.copyOf(programs);
        kept = List.copyOf(kept);
        dropped = Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
        Objects.requireNonNull(labelModel, "labelModel");
        labelModelDevAccuracy = Collections.unmodifiableMap(new LinkedHashMap<>(labelModelDevAccuracy));
        Objects.requireNonNull(devAnalysis, "devAnalysis");
        Objects.requireNonNull(trainAnalysis, "trainAnalysis");
        if (coveredTrainRows < 0 || coveredTrainRows > trainRows) {
            throw new IllegalArgumentException("coveredTrainRows must be in [0, trainRows]: " + coveredTrainRows + " of "
                    + trainRows);
        }
        Objects.requireNonNull(labelModelReport, "labelModelReport");
        Objects.requireNonNull(student, "student");
        Objects.requireNonNull(test, "test");
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /** @return the share of train rows some kept program voted on, in [0, 1] */
    public double coverage() {
        return trainRows == 0 ? 0 : (double) coveredTrainRows / trainRows;
    }

    /** @return the label model's accuracy on the covered train rows with gold labels; empty when none have */
    public OptionalDouble labelModelAccuracy() {
        return labelModelReport.map(r -> OptionalDouble.of(r.accuracy())).orElse(OptionalDouble.empty());
    }

    /** @return the student's accuracy on the gold test rows; empty when there are none */
    public OptionalDouble testAccuracy() {
        return test.map(r -> OptionalDouble.of(r.accuracy())).orElse(OptionalDouble.empty());
    }

    /**
     * The run as a report draws it: the student on test and the label model on covered train rows,
     * label sources ({@code programs}: covered train rows, {@code abstained}: the rest) and provenance.
     *
     * @param name a title for the run
     * @return the record, to write with {@link dev.annotator.core.report.RunRecordJson}
     */
    public RunRecord runRecord(String name) {
        List<Evaluation> evaluations = new ArrayList<>();
        test.ifPresent(r -> evaluations.add(Evaluation.of("student", "test", r)));
        labelModelReport.ifPresent(r -> evaluations.add(Evaluation.of("label model (" + labelModel + ")",
                "train, covered rows", r)));
        Map<String, Long> sources = new LinkedHashMap<>();
        sources.put("programs", (long) coveredTrainRows);
        sources.put("abstained", (long) (trainRows - coveredTrainRows));
        return new RunRecord(name, task, Instant.now(), provenance, List.of(), evaluations, sources);
    }

    /** Closes the student. */
    @Override
    public void close() {
        student.close();
    }
}
