package dev.annotator.examples;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.eval.ClassificationReport;
import dev.annotator.core.eval.Evaluator;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.student.fast.FastStudentModel;
import dev.annotator.student.fast.FastStudentTrainer;
import dev.annotator.student.onnx.OnnxStudentModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's Java example, compiled so it cannot rot: read a labelled CSV, train the fast
 * student, export it to ONNX, reload it and evaluate on the test split.
 */
public final class QuickStart {
    private QuickStart() {
    }

    /**
     * Runs the example.
     *
     * @param args optional: CSV file with {@code text,label,split} (default: the shared UCI sentiment
     *     data) and an output directory (default: {@code out/quickstart})
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path csv = Path.of(args.length > 0 ? args[0] : "../shared/datasets/uci_sentiment.csv");
        Path dir = Path.of(args.length > 1 ? args[1] : "out/quickstart");

        Task task = Task.builder().name("sentiment")
                .instruction("Is the review positive or negative?")
                .label("negative", "the reviewer disliked the product")
                .label("positive", "the reviewer liked the product")
                .build();
        Dataset data = DatasetReader.csv().build().read(csv, task);

        FastStudentTrainer trainer = FastStudentTrainer.builder().seed(42).build();
        FastStudentModel student = trainer.train(
                TrainingSet.fromGold(data, Split.TRAIN),
                TrainingSet.fromGold(data, Split.DEV));
        student.exportOnnx(dir.resolve("student.onnx"));

        try (OnnxStudentModel onnx = OnnxStudentModel.load(dir)) {
            List<String> texts = data.split(Split.TEST).stream().map(LabelledExample::text).toList();
            List<LabelDistribution> predictions = onnx.predictBatch(texts);
            ClassificationReport report = Evaluator.evaluate(task, Evaluator.goldLabels(data.split(Split.TEST)), predictions);
            System.out.printf("accuracy %.4f, macro-F1 %.4f%n", report.accuracy(), report.macroF1());
        }
    }
}
