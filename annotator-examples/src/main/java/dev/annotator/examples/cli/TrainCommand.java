package dev.annotator.examples.cli;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.eval.ClassificationReport;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.task.Task;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code annotator train}: gold labels to an ONNX student. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a student on split 'train' (a file without a split column is all train), early-stop on 'dev',",
            "evaluate on 'test' (of --eval FILE when given) and write DIR/student.onnx."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "Training data, CSV or JSONL.")
    Path data;

    @Option(names = "--student", description = "Student type: fast (default) or encoder; span data (JSONL records with"
            + " 'spans') trains the encoder's token tagger, so encoder is the default there and the only choice.")
    String student;

    @Option(names = "--out", required = true, description = "Directory to write student.onnx into.")
    Path out;

    @Option(names = "--eval", description = "Evaluate on the 'test' split of this file instead.")
    Path eval;

    @Option(names = "--task-name", description = "Task name (default: the data file's name).")
    String taskName;

    @Option(names = "--json", description = "Print a JSON summary as the last line.")
    boolean json;

    @Option(names = "--labels", description = "Train on the annotations in this store (from 'annotate') instead of the gold"
            + " labels: soft labels weighted by confidence; abstentions skipped. Gold 'dev' and 'test' still early-stop and evaluate.")
    Path labels;

    @Option(names = "--labels-source", description = "The annotator whose stored labels to use, when the store holds several.")
    String labelsSource;

    @Option(names = "--snap-to-words", description = "Span data: snap predicted spans outwards to whole whitespace-delimited"
            + " words (for data whose spans are whole words, e.g. pre-tokenized corpora).")
    boolean snapToWords;

    @Mixin
    DataOptions columns;

    @Mixin
    FastStudentOptions fast;

    @Mixin
    EncoderStudentOptions encoder;

    @Override
    public Integer call() throws Exception {
        if (SpanJob.isSpanData(data)) {
            return trainSpans();
        }
        if (student == null) {
            student = "fast";
        }
        if (!"fast".equals(student) && !"encoder".equals(student)) {
            throw new IllegalArgumentException("--student must be 'fast' or 'encoder': " + student);
        }
        PrintWriter w = spec.commandLine().getOut();
        DatasetReader reader = columns.reader(data);
        String name = taskName != null ? taskName : baseName(data);
        Task task = reader.inferTask(data, name);
        Dataset ds = reader.read(data, task);
        Dataset evalDs = eval == null ? ds : columns.reader(eval).read(eval, task);
        StoredLabels.Result stored = labels == null ? null : StoredLabels.trainingSet(labels, labelsSource, ds);
        StudentJob.Result r;
        if ("encoder".equals(student)) {
            r = encoder.run(stored == null ? null : stored.train(), ds, evalDs, fast, out, w);
        } else {
            r = stored == null ? StudentJob.run(ds, evalDs, fast.trainer(), out)
                    : StudentJob.run(stored.train(), ds, evalDs, fast.trainer(), out);
        }
        if (stored != null) {
            w.printf(Locale.ROOT, "labels: %d stored annotations from %s (%d abstained, %d train rows not annotated)%n",
                    stored.train().size(), stored.source(), stored.abstained(), stored.missing());
        }
        w.printf(Locale.ROOT, "trained %s student for task '%s' %s on %d examples in %.2fs (%d epochs)%n", student, task.name(),
                task.labelNames(), r.trainExamples(), r.trainSeconds(), r.epochsRun());
        r.test().ifPresentOrElse(rep -> {
            if (rep instanceof ClassificationReport) {
                ClassificationReport c = (ClassificationReport) rep;
                w.printf(Locale.ROOT, "test: %d examples, accuracy %.4f, macro-F1 %.4f, ECE %.4f%n", c.size(), c.accuracy(),
                        c.macroF1(), c.expectedCalibrationError());
            } else {
                w.println("test: " + rep);
            }
        }, () -> w.println("test: no labelled rows in split 'test'; not evaluated"));
        w.println("model: " + r.model());
        if (json) {
            Map<String, Object> s = r.summary();
            s.put("command", "train");
            s.put("task", task.name());
            if (stored != null) {
                stored.addTo(s, labels);
            }
            Json.printLine(w, s);
        }
        w.flush();
        return 0;
    }

    /** Span data: the span tagger on frozen encoder token states, scored by span micro-F1. */
    private Integer trainSpans() throws Exception {
        if (student != null && !"encoder".equals(student)) {
            throw new IllegalArgumentException("--student " + student + " cannot tag spans: " + data
                    + " is span data (JSONL records with 'spans'), which trains --student encoder (a token tagger)");
        }
        if (labels != null) {
            throw new IllegalArgumentException("--labels: stored annotations are class labels; span data trains on its gold "
                    + "'spans' (no stored span annotations yet)");
        }
        PrintWriter w = spec.commandLine().getOut();
        String name = taskName != null ? taskName : baseName(data);
        Task task = dev.annotator.core.io.SpanDatasetReader.builder().build().inferTask(data, name);
        dev.annotator.core.span.SpanDataset ds = SpanJob.read(data, task);
        dev.annotator.core.span.SpanDataset evalDs = eval == null ? ds : SpanJob.read(eval, task);
        SpanJob.Result r = SpanJob.train(ds, evalDs, encoder, fast, snapToWords, out, w);
        w.printf(Locale.ROOT, "trained span tagger for task '%s' %s on %d texts in %.2fs (%d epochs)%n", task.name(),
                task.labelNames(), r.trainExamples(), r.trainSeconds(), r.epochsRun());
        r.test().ifPresentOrElse(rep -> w.printf(Locale.ROOT,
                "test: %d texts, span precision %.4f, recall %.4f, F1 %.4f (%d gold spans)%n", r.testExamples(), rep.precision(),
                rep.recall(), rep.f1(), rep.truePositives() + rep.falseNegatives()),
                () -> w.println("test: no rows in split 'test'; not evaluated"));
        w.println("model: " + r.model());
        if (json) {
            Map<String, Object> s = r.summary();
            s.put("command", "train");
            s.put("task", task.name());
            s.put("types", task.labelNames());
            Json.printLine(w, s);
        }
        w.flush();
        return 0;
    }

    static String baseName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
