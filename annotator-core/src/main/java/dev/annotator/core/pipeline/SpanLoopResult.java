package dev.annotator.core.pipeline;

import dev.annotator.core.annotate.Cost;
import dev.annotator.core.eval.SpanReport;
import dev.annotator.core.span.SpanAnnotation;
import dev.annotator.core.span.SpanStudentModel;
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
 * What a {@link SpanActiveLoop} produced: the final span student, one summary per round (the
 * learning curve), every annotation acquired, what it cost and why the loop stopped.
 *
 * <p>The result owns the final student: {@link #close()} closes it. Not thread-safe.
 */
public final class SpanLoopResult implements AutoCloseable {
    /** File name of the learning curve. */
    public static final String CURVE_FILE = "curve.csv";

    private final SpanStudentModel student;
    private final String series;
    private final List<SpanRoundSummary> rounds;
    private final List<SpanAnnotation> annotations;
    private final Cost spent;
    private final StopReason stopReason;

    SpanLoopResult(SpanStudentModel student, String series, List<SpanRoundSummary> rounds, List<SpanAnnotation> annotations,
            Cost spent, StopReason stopReason) {
        this.student = student;
        this.series = Objects.requireNonNull(series, "series");
        this.rounds = List.copyOf(rounds);
        this.annotations = List.copyOf(annotations);
        this.spent = Objects.requireNonNull(spent, "spent");
        this.stopReason = Objects.requireNonNull(stopReason, "stopReason");
    }

    /** @return the student of the last round; empty when every answer was an abstention */
    public Optional<SpanStudentModel> student() {
        return Optional.ofNullable(student);
    }

    /** @return the curve's series name: the selector's name */
    public String series() {
        return series;
    }

    /** @return one summary per round run, in order */
    public List<SpanRoundSummary> rounds() {
        return rounds;
    }

    /** @return every annotation acquired, in the order asked, abstentions included */
    public List<SpanAnnotation> annotations() {
        return annotations;
    }

    /** @return what the annotations cost */
    public Cost spent() {
        return spent;
    }

    /** @return why the loop stopped */
    public StopReason stopReason() {
        return stopReason;
    }

    /**
     * Writes the learning curve ({@value #CURVE_FILE}) into a directory.
     *
     * @param dir the directory; created if needed
     * @return {@code dir}
     * @throws IOException when the file cannot be written
     */
    public Path writeTo(Path dir) throws IOException {
        writeCurve(dir, series, rounds);
        return dir;
    }

    /**
     * Writes {@value #CURVE_FILE} atomically: one row per round with labels, training texts, spend and
     * span micro precision/recall/F1 of the student on dev and test and of the teacher.
     */
    static void writeCurve(Path dir, String series, List<SpanRoundSummary> rounds) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(CURVE_FILE);
        Path tmp = dir.resolve(CURVE_FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write("series,round,labels,training_texts,usd,dev_precision,dev_recall,dev_f1,test_precision,test_recall,test_f1,"
                    + "teacher_precision,teacher_recall,teacher_f1\n");
            for (SpanRoundSummary r : rounds) {
                w.write(csv(series) + "," + r.round() + "," + r.labels() + "," + r.trainingTexts() + ","
                        + String.format(Locale.ROOT, "%.6f", r.spent().usd()) + "," + cells(r.dev()) + "," + cells(r.test()) + ","
                        + cells(r.teacher()) + "\n");
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String cells(Optional<SpanReport> s) {
        return s.map(x -> String.format(Locale.ROOT, "%.6f,%.6f,%.6f", x.precision(), x.recall(), x.f1())).orElse(",,");
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
}
