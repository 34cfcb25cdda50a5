package dev.annotator.examples.cli;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.eval.ClassificationReport;
import dev.annotator.core.eval.Evaluator;
import dev.annotator.core.eval.MetricsReport;
import dev.annotator.core.eval.MultiLabelReport;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.student.StudentTrainer;
import dev.annotator.student.onnx.OnnxExportable;
import dev.annotator.student.onnx.OnnxStudentModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Trains a student on gold labels, exports it and evaluates the exported file. */
final class StudentJob {

    /** What a run produced. */
    record Result(Path model, int trainExamples, int devExamples, double trainSeconds, int epochsRun,
            Optional<MetricsReport> test, List<LabelledExample> testRows, List<LabelDistribution> testPredictions) {

        Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model.toString());
            m.put("trainExamples", trainExamples);
            m.put("devExamples", devExamples);
            m.put("trainSeconds", trainSeconds);
            m.put("epochs", epochsRun);
            m.put("testExamples", testRows.size());
            test.ifPresent(r -> {
                if (r instanceof ClassificationReport) {
                    ClassificationReport c = (ClassificationReport) r;
                    m.put("accuracy", c.accuracy());
                    m.put("macroF1", c.macroF1());
                    m.put("ece", c.expectedCalibrationError());
                } else {
                    MultiLabelReport ml = (MultiLabelReport) r;
                    m.put("accuracy", ml.subsetAccuracy());
                    m.put("macroF1", ml.macroF1());
                    m.put("microF1", ml.microF1());
                }
            });
            return m;
        }
    }

    private StudentJob() {
    }

    static Result run(Dataset data, Dataset eval, StudentTrainer trainer, Path outDir) throws IOException {
        TrainingSet train = TrainingSet.fromGold(data, Split.TRAIN);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no labelled rows in split 'train' of the training data");
        }
        return run(train, data, eval, trainer, outDir);
    }

    /** Trains on {@code train} (e.g. stored annotations) instead of the gold 'train' rows of {@code data}. */
    static Result run(TrainingSet train, Dataset data, Dataset eval, StudentTrainer trainer, Path outDir) throws IOException {
        TrainingSet dev = TrainingSet.fromGold(data, Split.DEV);
        long t0 = System.nanoTime();
        StudentModel model = trainer.train(train, dev);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        Path file = outDir.resolve(OnnxStudentModel.DEFAULT_FILE_NAME);
        if (!(model instanceof OnnxExportable)) {
            throw new IllegalStateException(model + " cannot be exported to ONNX");
        }
        ((OnnxExportable) model).exportOnnx(file);

        List<LabelledExample> testRows = new ArrayList<>();
        for (LabelledExample r : eval.split(Split.TEST)) {
            if (r.isLabelled() || eval.task().isMultiLabel()) {
                testRows.add(r);
            }
        }
        Optional<MetricsReport> report = Optional.empty();
        List<LabelDistribution> predictions = List.of();
        if (!testRows.isEmpty()) {
            List<String> texts = new ArrayList<>(testRows.size());
            List<List<String>> gold = new ArrayList<>(testRows.size());
            for (LabelledExample r : testRows) {
                texts.add(r.text());
                gold.add(r.labels());
            }
            try (OnnxStudentModel onnx = OnnxStudentModel.load(file)) {
                predictions = onnx.predictBatch(texts);
            }
            report = Optional.of(data.task().isMultiLabel() ? Evaluator.evaluateMultiLabel(data.task(), gold, predictions)
                    : Evaluator.evaluate(data.task(), gold, predictions));
        }
        int epochs = Integer.parseInt(model.provenance().trainingConfig().getOrDefault("epochsRun", "0"));
        return new Result(file, train.size(), dev.size(), trainSeconds, epochs, report, testRows, predictions);
    }
}
