package dev.annotator.examples.bench;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Split;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.student.fast.FastStudentTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Compares fast-student training settings on held-out folds of a dataset's {@code train} split
 * only, so that defaults can be chosen without reading {@code test}: per fold, a seeded 80% of
 * train is trained on (early-stopping on {@code dev}) and the other 20% is scored. Prints one line
 * per variant: mean, standard deviation and minimum held-out accuracy. A benchmark, not a test.
 *
 * <p>Usage: {@code java -cp <cli.jar> dev.annotator.examples.bench.FastStudentFolds CSV VARIANTS FOLDS},
 * where VARIANTS is a comma-separated list of {@code +}-joined settings: {@code base} (the builder's
 * defaults), {@code avg} / {@code noavg} (averaged SGD on / off), {@code lrX} (learning rate X),
 * {@code pN} (patience N), {@code eN} (epochs N). System properties {@code -Dsize=N} keep only the
 * first N training rows of each fold and {@code -Dflip=R} replaces a seeded share R of their labels
 * by another label (a simulated noisy teacher); held-out rows keep their gold labels.
 */
public final class FastStudentFolds {
    private FastStudentFolds() {
    }

    /**
     * Runs the comparison.
     *
     * @param args dataset CSV, variants, number of folds
     * @throws Exception when the file cannot be read or a setting is unknown
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String[] variants = args[1].split(",");
        int folds = Integer.parseInt(args[2]);
        int size = Integer.getInteger("size", Integer.MAX_VALUE);
        double flip = Double.parseDouble(System.getProperty("flip", "0"));
        DatasetReader reader = DatasetReader.csv().build();
        Task task = reader.inferTask(file, "folds");
        Dataset ds = reader.read(file, task);
        TrainingSet train = TrainingSet.fromGold(ds, Split.TRAIN);
        TrainingSet dev = TrainingSet.fromGold(ds, Split.DEV);
        Map<String, List<Double>> accuracy = new LinkedHashMap<>();
        for (int fold = 0; fold < folds; fold++) {
            List<TrainingExample> rows = new ArrayList<>(train.examples());
            Collections.shuffle(rows, new Random(1000 + fold));
            int cut = rows.size() * 4 / 5;
            List<TrainingExample> kept = new ArrayList<>(rows.subList(0, Math.min(cut, size)));
            Random noise = new Random(2000 + fold);
            for (int i = 0; i < kept.size(); i++) {
                if (noise.nextDouble() < flip) {
                    // a wrong label, uniformly among the others (single-label tasks)
                    int gold = kept.get(i).target().argmax();
                    int wrong = (gold + 1 + noise.nextInt(task.labels().size() - 1)) % task.labels().size();
                    kept.set(i, TrainingExample.of(kept.get(i).example(), LabelDistribution.oneHot(task, task.labels().get(wrong).name())));
                }
            }
            TrainingSet part = TrainingSet.of(task, kept);
            List<TrainingExample> heldOut = rows.subList(cut, rows.size());
            List<String> texts = new ArrayList<>();
            for (TrainingExample e : heldOut) {
                texts.add(e.example().text());
            }
            for (String v : variants) {
                try (StudentModel m = builder(v).seed(fold + 1).build().train(part, dev)) {
                    List<LabelDistribution> p = m.predictBatch(texts);
                    int ok = 0;
                    for (int i = 0; i < heldOut.size(); i++) {
                        ok += p.get(i).argmax() == heldOut.get(i).target().argmax() ? 1 : 0;
                    }
                    accuracy.computeIfAbsent(v, k -> new ArrayList<>()).add(ok / (double) heldOut.size());
                }
            }
        }
        for (Map.Entry<String, List<Double>> e : accuracy.entrySet()) {
            List<Double> a = e.getValue();
            double mean = a.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double sd = Math.sqrt(a.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / Math.max(1, a.size() - 1));
            double min = a.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            System.out.printf(Locale.ROOT, "%s %s folds %d mean %.4f sd %.4f min %.4f%n", file.getFileName(), e.getKey(), a.size(),
                    mean, sd, min);
        }
    }

    private static FastStudentTrainer.Builder builder(String variant) {
        FastStudentTrainer.Builder b = FastStudentTrainer.builder();
        for (String s : variant.split("\\+")) {
            if (s.equals("avg") || s.equals("noavg")) {
                b.averaging(s.equals("avg"));
            } else if (s.startsWith("lr")) {
                b.learningRate(Double.parseDouble(s.substring(2)));
            } else if (s.startsWith("p")) {
                b.patience(Integer.parseInt(s.substring(1)));
            } else if (s.startsWith("e")) {
                b.epochs(Integer.parseInt(s.substring(1)));
            } else if (!s.equals("base")) {
                throw new IllegalArgumentException("unknown setting '" + s + "' in variant '" + variant + "'");
            }
        }
        return b;
    }
}
