package dev.annotator.core.pipeline;

import dev.annotator.core.annotate.Cost;
import dev.annotator.core.report.CurvePoint;
import dev.annotator.core.report.RunRecord;
import dev.annotator.core.report.RunRecordJson;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.weigh.AnnotatedExample;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link ActiveAnnotationLoop} produced: the final student, one summary per round, the
 * learning curve, every annotation acquired, what they cost, why the loop stopped and the
 * {@link RunRecord} a report draws.
 *
 * <p>The result owns the final student: {@link #close()} closes it. Export it yourself if it can be
 * exported (the fast student can). Not thread-safe to close concurrently with use of the student.
 */
public final class LoopResult implements AutoCloseable {
    /** File name of the learning curve {@link #writeTo(Path)} writes. */
    public static final String CURVE_FILE = "curve.csv";

    private final StudentModel student;
    private final String series;
    private final List<RoundSummary> rounds;
    private final List<CurvePoint> curve;
    private final List<AnnotatedExample> annotations;
    private final Cost spent;
    private final StopReason stopReason;
    private final RunRecord runRecord;

    LoopResult(StudentModel student, String series, List<RoundSummary> rounds, List<CurvePoint> curve,
            List<AnnotatedExample> annotations, Cost spent, StopReason stopReason, RunRecord runRecord) {
        this.student = student;
        this.series = Objects.requireNonNull(series, "series");
        this.rounds = List.copyOf(rounds);
        this.curve = List.copyOf(curve);
        this.annotations = List.copyOf(annotations);
        this.spent = Objects.requireNonNull(spent, "spent");
        this.stopReason = Objects.requireNonNull(stopReason, "stopReason");
        this.runRecord = Objects.requireNonNull(runRecord, "runRecord");
    }

    /** @return the student of the last round; empty when every answer was an abstention */
    public Optional<StudentModel> student() {
        return Optional.ofNullable(student);
    }

    /** @return one summary per round run, in order */
    public List<RoundSummary> rounds() {
        return rounds;
    }

    /**
     * @return one learning-curve point per round that trained a student, in the selector's series; the
     *     score is on the test set when one was given, else on dev
     */
    public List<CurvePoint> curve() {
        return curve;
    }

    /** @return every annotation acquired, abstentions included, in the order they were acquired */
    public List<AnnotatedExample> annotations() {
        return annotations;
    }

    /** @return the total cost of {@link #annotations()}, including answers found in the store */
    public Cost spent() {
        return spent;
    }

    /** @return why the loop stopped */
    public StopReason stopReason() {
        return stopReason;
    }

    /** @return the run record: curve, final evaluations of student and teacher, label sources, provenance */
    public RunRecord runRecord() {
        return runRecord;
    }

    /**
     * Writes {@value #CURVE_FILE} (one row per round: labels, training examples, paid calls, dollars,
     * dev and test scores of the student, the teacher's scores; empty cells where absent) and
     * {@value RunRecordJson#FILE_NAME} into a directory, creating it if needed.
     *
     * @param dir the run directory
     * @return the directory
     * @throws IOException when a file cannot be written
     */
    public Path writeTo(Path dir) throws IOException {
        writeCurve(dir, series, rounds);
        RunRecordJson.writeTo(dir, runRecord);
        return dir;
    }

    /** Writes the curve file of some rounds into a directory, creating it; the loop calls it after every round. */
    static void writeCurve(Path dir, String series, List<RoundSummary> rounds) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(CURVE_FILE);
        Path tmp = dir.resolve(CURVE_FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("series,round,labels,training_examples,paid_calls,usd,dev_accuracy,dev_macro_f1,test_accuracy,"
                    + "test_macro_f1,teacher_accuracy,teacher_macro_f1\n");
            for (RoundSummary r : rounds) {
                w.write(csv(series) + "," + r.round() + "," + r.labels() + "," + r.trainingExamples() + "," + r.paidCalls()
                        + "," + String.format(Locale.ROOT, "%.6f", r.spent().usd()) + "," + cells(r.dev()) + ","
                        + cells(r.test()) + "," + cells(r.teacher()) + "\n");
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String cells(Optional<Scores> s) {
        return s.map(x -> String.format(Locale.ROOT, "%.6f,%.6f", x.accuracy(), x.macroF1())).orElse(",");
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** Closes the final student, if any; idempotent. */
    @Override
    public void close() {
        if (student != null) {
            student.close();
        }
    }

    @Override
    public String toString() {
        return "LoopResult[" + rounds.size() + " rounds, " + annotations.size() + " annotations, $"
                + String.format(Locale.ROOT, "%.4f", spent.usd()) + ", " + stopReason + "]";
    }
}
