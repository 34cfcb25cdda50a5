package dev.annotator.examples;

import dev.annotator.core.annotate.NoisyOracleAnnotator;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.pipeline.ActiveAnnotationLoop;
import dev.annotator.core.pipeline.LoopEvent;
import dev.annotator.core.pipeline.LoopResult;
import dev.annotator.core.pipeline.LoopSchedule;
import dev.annotator.core.pipeline.RoundSummary;
import dev.annotator.core.pipeline.Scores;
import dev.annotator.core.report.Evaluation;
import dev.annotator.core.report.HtmlReport;
import dev.annotator.core.select.SampleSelector;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.task.Task;
import dev.annotator.core.weigh.LabelWeigher;
import dev.annotator.student.fast.FastStudentTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The active annotation loop on real data, offline: a simulated teacher that knows the gold labels of
 * the UCI sentiment sentences but flips 30% of its answers, LLMAAA's schedule (50 + 9 × 50 labels),
 * entropy selection, the fast student retrained each round and early-stopped on 100 gold dev
 * sentences, scored on the test split. Writes {@code curve.csv}, {@code run.json} and
 * {@code report.html}.
 */
public final class ActiveLoopExample {
    private ActiveLoopExample() {
    }

    /**
     * Runs the example.
     *
     * @param args optional: CSV file with {@code text,label,split} (default: the shared UCI sentiment
     *     data), an output directory (default: {@code out/active-loop}) and a selector
     *     ({@code entropy} (default), {@code random}, {@code least-confidence} or {@code margin})
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path csv = Path.of(args.length > 0 ? args[0] : "../shared/datasets/uci_sentiment.csv");
        Path dir = Path.of(args.length > 1 ? args[1] : "out/active-loop");
        SampleSelector selector = selector(args.length > 2 ? args[2] : "entropy");

        DatasetReader reader = DatasetReader.csv().build();
        Task task = reader.inferTask(csv, "sentiment");
        Dataset data = reader.read(csv, task);
        NoisyOracleAnnotator teacher = NoisyOracleAnnotator.builder(task)
                .gold(data.split(Split.TRAIN)).gold(data.split(Split.TEST))
                .flipRate(0.3).seed(7).build();

        ActiveAnnotationLoop loop = ActiveAnnotationLoop.builder()
                .task(task)
                .poolWithGold(data.split(Split.TRAIN))   // gold only scores the teacher
                .dev(data.split(Split.DEV))              // 100 gold: early stopping
                .test(data.split(Split.TEST))            // scoring only
                .annotator(teacher).store(new InMemoryAnnotationStore())
                .selector(selector).weigher(LabelWeigher.byConfidence())
                .trainer(FastStudentTrainer.builder().seed(42).build())
                .schedule(LoopSchedule.llmaaa()).seed(42)
                .evaluateTeacherOnTest(true)
                .listener(ActiveLoopExample::print)
                .build();

        System.out.printf(Locale.ROOT, "pool %d, dev %d, test %d; teacher %s; selector %s%n", data.split(Split.TRAIN).size(),
                data.split(Split.DEV).size(), data.split(Split.TEST).size(), teacher.name(), selector.name());
        System.out.println("round  labels  train  dev acc  test acc  test F1  teacher acc (annotated pool)");
        long start = System.nanoTime();
        try (LoopResult result = loop.run(dir)) {
            System.out.printf(Locale.ROOT, "stopped: %s after %.1f s%n", result.stopReason(), (System.nanoTime() - start) / 1e9);
            for (Evaluation e : result.runRecord().evaluations()) {
                System.out.printf(Locale.ROOT, "%-40s on %-15s accuracy %.4f  macro-F1 %.4f (%d texts)%n", e.name(), e.split(),
                        e.accuracy(), e.macroF1(), e.examples());
            }
            Path html = HtmlReport.write(result.runRecord(), dir.resolve("report.html"));
            System.out.println("wrote " + dir.resolve(LoopResult.CURVE_FILE) + ", " + dir.resolve("run.json") + ", " + html);
        }
    }

    private static void print(LoopEvent event) {
        if (event instanceof LoopEvent.RoundFinished f) {
            RoundSummary r = f.summary();
            System.out.printf(Locale.ROOT, "%5d  %6d  %5d  %7s  %8s  %7s  %s%n", r.round(), r.labels(), r.trainingExamples(),
                    acc(r.dev()), acc(r.test()), f1(r.test()), acc(r.teacher()));
        }
    }

    private static String acc(Optional<Scores> s) {
        return s.map(x -> String.format(Locale.ROOT, "%.4f", x.accuracy())).orElse("-");
    }

    private static String f1(Optional<Scores> s) {
        return s.map(x -> String.format(Locale.ROOT, "%.4f", x.macroF1())).orElse("-");
    }

    private static SampleSelector selector(String name) {
        return switch (name) {
            case "entropy" -> SampleSelector.entropy();
            case "random" -> SampleSelector.random();
            case "least-confidence" -> SampleSelector.leastConfidence();
            case "margin" -> SampleSelector.margin();
            default -> throw new IllegalArgumentException("unknown selector '" + name
                    + "'; expected entropy, random, least-confidence or margin");
        };
    }
}
