package dev.annotator.examples;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Split;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.pipeline.ProgramLabelingPipeline;
import dev.annotator.core.pipeline.ProgramLabelingResult;
import dev.annotator.core.programs.LabelingProgram;
import dev.annotator.core.programs.LabelingPrograms;
import dev.annotator.core.task.Task;
import dev.annotator.llm.OpenAiCompatible;
import dev.annotator.llm.cost.Budget;
import dev.annotator.llm.programs.ProgramSynthesizer;
import dev.annotator.llm.programs.SynthesisResult;
import dev.annotator.llm.store.SqliteAnnotationStore;
import dev.annotator.student.fast.FastStudentModel;
import dev.annotator.student.fast.FastStudentTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The README's labelling-programs example, compiled so it cannot rot: with {@code ANNOTATOR_LLM_BASE_URL}
 * set (and {@code ANNOTATOR_LLM_MODEL}, {@code ANNOTATOR_LLM_API_KEY}), an LLM writes ten programs for
 * the spam task, cached in {@code out/programs.db}; without it, the hand-written programs of
 * {@code annotator-examples/programs/spam} are used. Then the programs label the train split, a label
 * model chosen on dev turns their votes into soft labels, and the fast student learns from them.
 */
public final class ProgramsExample {
    private ProgramsExample() {
    }

    /**
     * Runs the example.
     *
     * @param args optional: the spam CSV ({@code text,label,split}, default: the shared SpamAssassin
     *     data), then the output directory (default {@code out/programs-example})
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path csv = Path.of(args.length > 0 ? args[0] : "../shared/datasets/spamassassin.csv");
        Path out = Path.of(args.length > 1 ? args[1] : "out/programs-example");
        Task task = Task.builder().name("spam").instruction("Is this e-mail unsolicited bulk mail (spam)?")
                .label("ham", "mail the recipient wanted: personal, work, mailing lists they joined")
                .label("spam", "unsolicited bulk mail: advertising, scams, adult content").build();
        Dataset data = DatasetReader.csv().build().read(csv, task);

        List<LabelingProgram> programs;
        long llmCalls = 0;
        String baseUrl = System.getenv("ANNOTATOR_LLM_BASE_URL");
        if (baseUrl != null && !baseUrl.isBlank()) {
            Files.createDirectories(out);
            try (SqliteAnnotationStore store = SqliteAnnotationStore.open(out.resolve("programs.db"))) {
                SynthesisResult s = ProgramSynthesizer.builder()
                        .chatModel(OpenAiCompatible.chatModel(baseUrl, System.getenv().getOrDefault("ANNOTATOR_LLM_MODEL",
                                "gpt-4o-mini"), System.getenv("ANNOTATOR_LLM_API_KEY"), Duration.ofSeconds(120)))
                        .task(task).store(store)
                        .goldPool(data.split(Split.DEV)).examplesPerLabel(3)      // never test rows
                        .notes("List mail ends with a footer naming the list.")
                        .temperature(0.7).repairRounds(1)
                        .budget(Budget.UNLIMITED.withMaxCalls(30))
                        .build().synthesize(10);
                s.rejected().forEach(r -> System.out.println("rejected " + r.name() + ": " + r.reasons()));
                LabelingPrograms.writeDirectory(out.resolve("programs"), s.programs());
                programs = s.programs();
                llmCalls = s.answers();                                   // also counted when a rerun took them from the store
            }
        } else {
            programs = LabelingPrograms.readDirectory(Path.of("annotator-examples/programs/spam"), task);
        }

        try (ProgramLabelingResult r = ProgramLabelingPipeline.builder()
                .programs(programs).trainer(FastStudentTrainer.builder().seed(42).build())
                .llmCalls(llmCalls).build().run(data)) {
            System.out.printf(Locale.ROOT, "%d programs, coverage %.3f, label model %s %.3f, student test %.3f, %d LLM calls"
                    + " (vs %d to label each train text)%n", r.kept().size(), r.coverage(), r.labelModel(),
                    r.labelModelAccuracy().orElse(Double.NaN), r.testAccuracy().orElse(Double.NaN), r.llmCalls(), r.trainRows());
            ((FastStudentModel) r.student()).exportOnnx(out.resolve("student.onnx"));
        }
    }
}
