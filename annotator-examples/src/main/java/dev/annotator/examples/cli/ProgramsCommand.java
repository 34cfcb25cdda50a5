package dev.annotator.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.labelmodel.LabelModel;
import dev.annotator.core.labelmodel.LabelModelSelection;
import dev.annotator.core.labelmodel.VoteAnalysis;
import dev.annotator.core.labelmodel.VoterStats;
import dev.annotator.core.pipeline.ProgramLabelingPipeline;
import dev.annotator.core.pipeline.ProgramLabelingResult;
import dev.annotator.core.programs.LabelingProgram;
import dev.annotator.core.programs.LabelingPrograms;
import dev.annotator.core.programs.ProgramVotes;
import dev.annotator.core.report.RunRecordJson;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskJson;
import dev.annotator.llm.OpenAiCompatible;
import dev.annotator.llm.cost.Budget;
import dev.annotator.llm.cost.PriceTable;
import dev.annotator.llm.programs.ProgramCost;
import dev.annotator.llm.programs.ProgramSynthesizer;
import dev.annotator.llm.programs.RejectedProgram;
import dev.annotator.llm.programs.SynthesisResult;
import dev.annotator.llm.programs.SynthesizedProgram;
import dev.annotator.llm.store.SqliteAnnotationStore;
import dev.annotator.student.onnx.OnnxStudentModel;
import dev.annotator.student.fast.FastStudentModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code annotator programs synthesize|apply|analyze}: labelling programs (ALCHEmist). An LLM writes a
 * handful of programs once; they vote locally on every text; a label model chosen on dev turns the
 * votes into soft labels; the fast student learns from them.
 */
@Command(name = "programs", mixinStandardHelpOptions = true,
        description = "Labelling programs: synthesize them with an LLM, apply them (label model + student), analyze them.",
        subcommands = {ProgramsCommand.Synthesize.class, ProgramsCommand.Apply.class, ProgramsCommand.Analyze.class})
final class ProgramsCommand {
    /** Written next to synthesized programs: one JSON line per program asked for (not a program: not {@code *.json}). */
    static final String SYNTHESIS_LOG = "synthesis.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProgramsCommand() {
    }

    /** Options shared by the subcommands that read a dataset and a task. */
    static final class DataAndTask {
        @Option(names = "--data", required = true, description = "Data, CSV or JSONL, with text, label and split columns.")
        Path data;

        @Option(names = "--task", description = "Task JSON (name, instruction, labels with descriptions); default: inferred"
                + " from the label column, named after the programs' \"task\" (or the data file).")
        Path taskFile;

        @Option(names = "--task-name", description = "Name of the inferred task (default: the programs' \"task\", else the data"
                + " file's name).")
        String taskName;

        @Mixin
        DataOptions columns;

        Task task(Path programsDir) throws IOException {
            if (taskFile != null) {
                return TaskJson.read(Files.readString(taskFile, StandardCharsets.UTF_8));
            }
            String name = taskName != null ? taskName
                    : programsDir == null ? TrainCommand.baseName(data) : programsTaskName(programsDir);
            return columns.reader(data).inferTask(data, name);
        }

        Dataset read(Task task) throws IOException {
            DatasetReader reader = columns.reader(data);
            return reader.read(data, task);
        }
    }

    /** The {@code "task"} of the first program file in a directory, else the data file's name. */
    private static String programsTaskName(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--programs must be a directory of *.json programs: " + dir);
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no *.json programs in " + dir);
        }
        try {
            JsonNode root = JSON.readTree(Files.readString(files.get(0), StandardCharsets.UTF_8));
            if (root != null && root.path("task").isTextual()) {
                return root.path("task").asText();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // the program reader reports it with its path
        }
        throw new IllegalArgumentException(files.get(0) + " has no \"task\" name; give --task TASK.json");
    }

    // ------------------------------------------------------------------------------------ synthesize

    /** {@code programs synthesize}: ask an LLM for N programs and write the valid ones to a directory. */
    @Command(name = "synthesize", mixinStandardHelpOptions = true,
            description = {"Ask an LLM for N labelling programs (mission, labels, a few gold examples per label from --pool-split,",
                "notes, the rule language's schema); write the valid ones to DIR/<name>.json and every attempt to DIR/"
                    + SYNTHESIS_LOG + "."})
    static final class Synthesize implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DataAndTask input;

        @Mixin
        LlmOptions llm;

        @Option(names = "--out", required = true, description = "Directory to write the programs into.")
        Path out;

        @Option(names = "--n", required = true, description = "How many programs to ask for.")
        int n;

        @Option(names = "--temperature", defaultValue = "0.7", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
        double temperature;

        @Option(names = "--examples-per-label", defaultValue = "3", description = "Gold examples per label in each prompt (default: ${DEFAULT-VALUE}).")
        int examplesPerLabel;

        @Option(names = "--pool-split", defaultValue = "dev", description = "Split the examples come from (default: ${DEFAULT-VALUE}); never test.")
        String poolSplit;

        @Option(names = "--mission", description = "What the classifier is for (default: the task's instruction).")
        String mission;

        @Option(names = "--notes", description = "A file of notes for the LLM: what you know about the data.")
        Path notes;

        @Option(names = "--store", description = "SQLite file keeping every paid answer (a rerun pays nothing); default: in memory.")
        Path store;

        @Option(names = "--prices", description = "Prices in USD per million tokens, e.g. gpt-4o-mini=0.15/0.60 (needed for --budget-usd).")
        String prices;

        @Option(names = "--timeout-seconds", defaultValue = "120", description = "Timeout of one LLM call (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Option(names = "--seed", defaultValue = "0", description = "Chooses the examples shown (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--name-prefix", defaultValue = "synth", description = "Programs are named PREFIX-01, ... (default: ${DEFAULT-VALUE}).")
        String namePrefix;

        @Option(names = "--json", description = "Print a JSON summary as the last line.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            if (n < 1) {
                throw new IllegalArgumentException("--n must be at least 1: " + n);
            }
            if (llm.model == null || llm.model.isBlank()) {
                throw new IllegalArgumentException("--model is required for programs synthesize");
            }
            llm.validate();
            Split split = Split.parse(poolSplit).orElseThrow(() -> new IllegalArgumentException(
                    "--pool-split must be train or dev: " + poolSplit));
            if (split == Split.TEST) {
                throw new IllegalArgumentException("--pool-split must not be 'test': examples shown to the LLM are not test data");
            }
            Task task = input.task(null);
            Dataset ds = input.read(task);
            List<LabelledExample> pool = ds.split(split).stream().filter(LabelledExample::isLabelled).toList();
            PrintWriter w = spec.commandLine().getOut();
            SynthesisResult r;
            try (AnnotationStore db = store == null ? new InMemoryAnnotationStore() : SqliteAnnotationStore.open(store)) {
                r = synthesizer(task, pool, db).synthesize(n);
            }
            LabelingPrograms.writeDirectory(out, r.programs());
            writeLog(r);
            w.printf(Locale.ROOT, "asked %s for %d programs for task '%s' %s: %d valid (%d after repair), %d rejected, %d not asked;"
                    + " %d calls, %d answers from the store, %s%n", r.model(), n, task.name(), task.labelNames(), r.accepted().size(),
                    r.accepted().stream().filter(SynthesizedProgram::repaired).count(), r.rejected().size(), r.notAsked().size(),
                    r.calls(), r.cachedAnswers(), r.spent());
            for (RejectedProgram p : r.rejected()) {
                w.printf(Locale.ROOT, "rejected %s: %s%n", p.name(), String.join(" | ", p.reasons()));
            }
            r.stoppedBy().ifPresent(s -> spec.commandLine().getErr().println("warning: stopped early: " + s));
            w.println("programs: " + out);
            if (json) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("command", "programs synthesize");
                s.put("task", task.name());
                s.put("model", r.model());
                s.put("requested", n);
                s.put("accepted", r.accepted().size());
                s.put("repaired", r.accepted().stream().filter(SynthesizedProgram::repaired).count());
                s.put("rejected", r.rejected().size());
                s.put("notAsked", r.notAsked().size());
                s.put("programs", r.accepted().stream().map(SynthesizedProgram::name).toList());
                s.put("calls", r.calls());
                s.put("cached", r.cachedAnswers());
                s.put("inputTokens", r.spent().inputTokens());
                s.put("outputTokens", r.spent().outputTokens());
                s.put("usd", r.spent().usd());
                s.put("stoppedBy", r.stoppedBy().orElse(null));
                s.put("out", out.toString());
                Json.printLine(w, s);
            }
            w.flush();
            return 0;
        }

        private ProgramSynthesizer synthesizer(Task task, List<LabelledExample> pool, AnnotationStore db) throws IOException {
            String baseUrl = llm.baseUrl == null ? "https://api.openai.com/v1" : llm.baseUrl;
            ProgramSynthesizer.Builder b = ProgramSynthesizer.builder()
                    .chatModel(OpenAiCompatible.chatModel(baseUrl, llm.model, System.getenv(llm.apiKeyEnv),
                            Duration.ofSeconds(timeoutSeconds)))
                    .modelName(llm.model).task(task).store(db).goldPool(pool).examplesPerLabel(examplesPerLabel)
                    .temperature(temperature).concurrency(llm.concurrency).seed(seed).namePrefix(namePrefix);
            if (mission != null) {
                b.mission(mission);
            }
            if (notes != null) {
                b.notes(Files.readString(notes, StandardCharsets.UTF_8));
            }
            PriceTable table = prices == null ? PriceTable.empty() : PriceTable.parse(prices);
            b.prices(table);
            Budget budget = Budget.UNLIMITED;
            if (llm.budgetCalls != null) {
                if (llm.budgetCalls < 1) {
                    throw new IllegalArgumentException("--budget-calls must be positive for programs synthesize: " + llm.budgetCalls);
                }
                budget = budget.withMaxCalls(llm.budgetCalls);
            }
            if (llm.budgetUsd != null) {
                if (llm.budgetUsd.signum() <= 0) {
                    throw new IllegalArgumentException("--budget-usd must be positive for programs synthesize: " + llm.budgetUsd);
                }
                if (table.price(llm.model).isEmpty()) {
                    throw new IllegalArgumentException("--budget-usd needs --prices with a price for model '" + llm.model + "'");
                }
                budget = budget.withMaxUsd(llm.budgetUsd.doubleValue());
            }
            return b.budget(budget).build();
        }

        private void writeLog(SynthesisResult r) throws IOException {
            java.util.TreeMap<Integer, String> lines = new java.util.TreeMap<>();
            for (SynthesizedProgram p : r.accepted()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("index", p.index());
                m.put("name", p.name());
                m.put("status", p.repaired() ? "repaired" : "valid");
                costs(m, p.cost());
                lines.put(p.index(), JSON.writeValueAsString(m));
            }
            for (RejectedProgram p : r.rejected()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("index", p.index());
                m.put("name", p.name());
                m.put("status", "rejected");
                m.put("reasons", p.reasons());
                costs(m, p.cost());
                lines.put(p.index(), JSON.writeValueAsString(m));
            }
            for (int i : r.notAsked()) {
                lines.put(i, "{\"index\":" + i + ",\"status\":\"not asked\",\"answers\":0}");
            }
            Files.createDirectories(out);
            Files.write(out.resolve(SYNTHESIS_LOG), lines.values(), StandardCharsets.UTF_8);
        }

        private static void costs(Map<String, Object> m, ProgramCost c) {
            m.put("calls", c.calls());
            m.put("cachedAnswers", c.cachedAnswers());
            m.put("answers", c.answers());
            m.put("inputTokens", c.billed().inputTokens());
            m.put("outputTokens", c.billed().outputTokens());
            m.put("usd", c.billed().usd());
        }

    }

    // ----------------------------------------------------------------------------------------- apply

    /** {@code programs apply}: programs, label model chosen on dev, soft labels, fast student, ONNX and run.json. */
    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Apply the programs to the train and dev rows, choose the label model on dev, train the fast student",
                "on the soft labels (early-stopped on dev), score it on test; write DIR/student.onnx and DIR/run.json."})
    static final class Apply implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--programs", required = true, description = "Directory of *.json programs.")
        Path programs;

        @Mixin
        DataAndTask input;

        @Option(names = "--out", required = true, description = "Run directory: student.onnx and run.json.")
        Path out;

        @Option(names = "--min-accuracy", defaultValue = "0.5", description = "Drop a program below this dev accuracy (default: ${DEFAULT-VALUE}).")
        double minAccuracy;

        @Option(names = "--label-model", defaultValue = "auto", description = "auto (chosen on dev: majority-vote,"
                + " weighted-majority-vote or dawid-skene, programs below --min-accuracy dropped), majority-vote or dawid-skene"
                + " (fixed, every program kept). Default: ${DEFAULT-VALUE}.")
        String labelModel;

        @Option(names = "--llm-calls", description = "LLM calls it took to write the programs (default: summed from "
                + SYNTHESIS_LOG + " when present, else 0).")
        Long llmCalls;

        @Option(names = "--json", description = "Print a JSON summary as the last line.")
        boolean json;

        @Mixin
        FastStudentOptions fast;

        @Override
        public Integer call() throws IOException {
            Task task = input.task(programs);
            List<LabelingProgram> loaded = LabelingPrograms.readDirectory(programs, task);
            Dataset ds = input.read(task);
            long calls = llmCalls != null ? llmCalls : synthesisAnswers(programs);
            if (calls < 0) {
                throw new IllegalArgumentException("--llm-calls must be >= 0: " + calls);
            }
            ProgramLabelingPipeline.Builder pipeline = ProgramLabelingPipeline.builder().programs(loaded).trainer(fast.trainer())
                    .selection(LabelModelSelection.builder().minAccuracy(minAccuracy).build()).llmCalls(calls);
            switch (labelModel) {
                case "auto" -> {
                }
                case "majority-vote" -> pipeline.labelModel(LabelModel.majorityVote());
                case "dawid-skene" -> pipeline.labelModel(LabelModel.dawidSkene());
                default -> throw new IllegalArgumentException("--label-model must be auto, majority-vote or dawid-skene: "
                        + labelModel);
            }
            long t0 = System.nanoTime();
            PrintWriter w = spec.commandLine().getOut();
            try (ProgramLabelingResult r = pipeline.build().run(ds)) {
                double seconds = (System.nanoTime() - t0) / 1e9;
                Files.createDirectories(out);
                Path model = out.resolve(OnnxStudentModel.DEFAULT_FILE_NAME);
                if (!(r.student() instanceof FastStudentModel f)) {
                    throw new IllegalStateException("the fast trainer returned " + r.student().getClass().getName());
                }
                f.exportOnnx(model);
                RunRecordJson.writeTo(out, r.runRecord("programs " + programs.getFileName() + " on " + input.data.getFileName()));
                w.printf(Locale.ROOT, "%d programs (%d kept%s), label model %s: coverage %.4f of %d train rows, label-model accuracy %s"
                        + " on covered train rows with gold%n", r.programs().size(), r.kept().size(),
                        r.dropped().isEmpty() ? "" : ", dropped " + r.dropped().keySet(), r.labelModel(), r.coverage(), r.trainRows(),
                        r.labelModelAccuracy().isPresent() ? String.format(Locale.ROOT, "%.4f", r.labelModelAccuracy().getAsDouble()) : "n/a");
                r.test().ifPresentOrElse(t -> w.printf(Locale.ROOT, "student: test accuracy %.4f, macro-F1 %.4f on %d rows%n",
                        t.accuracy(), t.macroF1(), t.size()), () -> w.println("student: no labelled rows in split 'test'"));
                w.printf(Locale.ROOT, "LLM calls: %d for the programs vs %d to label every train text; %.2fs%n", calls, r.trainRows(),
                        seconds);
                w.println("model: " + model);
                if (json) {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("command", "programs apply");
                    s.put("task", task.name());
                    s.put("programs", r.kept().size());
                    s.put("programsLoaded", r.programs().size());
                    s.put("kept", r.kept());
                    s.put("dropped", r.dropped());
                    s.put("labelModel", r.labelModel());
                    s.put("labelModelDevAccuracy", r.labelModelDevAccuracy());
                    s.put("coverage", r.coverage());
                    s.put("trainRows", r.trainRows());
                    s.put("coveredTrainRows", r.coveredTrainRows());
                    s.put("labelModelAccuracy", r.labelModelAccuracy().isPresent() ? r.labelModelAccuracy().getAsDouble() : null);
                    s.put("labelModelGoldRows", r.labelModelReport().map(x -> x.size()).orElse(0));
                    s.put("accuracy", r.testAccuracy().isPresent() ? r.testAccuracy().getAsDouble() : null);
                    s.put("macroF1", r.test().map(x -> x.macroF1()).orElse(null));
                    s.put("testExamples", r.test().map(x -> x.size()).orElse(0));
                    s.put("llmCalls", r.llmCalls());
                    s.put("perTextCalls", r.trainRows());
                    s.put("regexBudgetExceeded", r.regexBudgetExceeded());
                    s.put("seconds", seconds);
                    s.put("model", model.toString());
                    s.put("run", out.toString());
                    Json.printLine(w, s);
                }
            }
            w.flush();
            return 0;
        }
    }

    /** Sums the answers the programs of a directory needed, from its synthesis log; 0 without one. */
    static long synthesisAnswers(Path dir) throws IOException {
        Path log = dir.resolve(SYNTHESIS_LOG);
        if (!Files.exists(log)) {
            return 0;
        }
        long n = 0;
        int line = 0;
        for (String s : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            line++;
            if (s.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(s);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(log + ":" + line + ": not a JSON line: " + e.getOriginalMessage());
            }
            n += node.path("answers").asLong(0);
        }
        return n;
    }

    // --------------------------------------------------------------------------------------- analyze

    /** {@code programs analyze}: the Snorkel-style table on a split with gold labels. */
    @Command(name = "analyze", mixinStandardHelpOptions = true,
            description = "Print coverage, overlap, conflict and accuracy of every program on a split (default dev).")
    static final class Analyze implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--programs", required = true, description = "Directory of *.json programs.")
        Path programs;

        @Mixin
        DataAndTask input;

        @Option(names = "--split", defaultValue = "dev", description = "Split to analyze (default: ${DEFAULT-VALUE}).")
        String split;

        @Option(names = "--json", description = "Print a JSON summary as the last line.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Task task = input.task(programs);
            List<LabelingProgram> loaded = LabelingPrograms.readDirectory(programs, task);
            Dataset ds = input.read(task);
            Split s = Split.parse(split).orElseThrow(() -> new IllegalArgumentException(
                    "--split must be train, dev or test: " + split));
            List<LabelledExample> rows = ds.split(s);
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("no rows in split '" + split + "' of " + input.data);
            }
            ProgramVotes votes = LabelingPrograms.apply(loaded, rows.stream().map(LabelledExample::example).toList());
            VoteAnalysis a = VoteAnalysis.of(votes.votes(), rows.stream().map(LabelledExample::labels).toList());
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "%d programs on %d '%s' rows of %s%n", loaded.size(), rows.size(), split, input.data.getFileName());
            w.print(a.toTable());
            if (votes.totalBudgetExceeded() > 0) {
                w.println("regex budget exceeded (abstained): " + votes.budgetExceeded());
            }
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("command", "programs analyze");
                m.put("task", task.name());
                m.put("split", split);
                m.put("rows", a.rows());
                m.put("coverage", a.coverage());
                m.put("overlap", a.overlap());
                m.put("conflict", a.conflict());
                List<Map<String, Object>> per = new ArrayList<>();
                for (VoterStats v : a.voters()) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("program", v.voter());
                    p.put("polarity", v.polarity());
                    p.put("coverage", v.coverage());
                    p.put("overlap", v.overlap());
                    p.put("conflict", v.conflict());
                    p.put("correct", v.correct());
                    p.put("incorrect", v.incorrect());
                    p.put("accuracy", v.accuracy().isPresent() ? v.accuracy().getAsDouble() : null);
                    p.put("regexBudgetExceeded", votes.budgetExceeded().getOrDefault(v.voter(), 0));
                    per.add(p);
                }
                m.put("programs", per);
                Json.printLine(w, m);
            }
            w.flush();
            return 0;
        }
    }
}
