package dev.annotator.examples.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.task.Label;
import dev.annotator.core.task.Task;
import dev.annotator.llm.OpenAiCompatible;
import dev.annotator.llm.cost.Budget;
import dev.annotator.llm.cost.PriceTable;
import dev.annotator.llm.embed.LangChain4jTextEmbedder;
import dev.annotator.llm.incubate.DataIncubator;
import dev.annotator.llm.incubate.IncubationResult;
import dev.annotator.llm.incubate.TaskProposal;
import dev.annotator.llm.store.SqliteAnnotationStore;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
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

/** {@code annotator incubate}: training data for a classifier from an instruction alone (Incubator). */
@Command(name = "incubate", mixinStandardHelpOptions = true,
        description = {"Ask an LLM for one example of every label per call, keep the well-formed answers, drop duplicates,",
            "keep the N most diverse per label (k-means under the in-process all-MiniLM-L6-v2) and write text,label rows",
            "for 'train --data FILE'. Without --labels, the LLM proposes labels from the instruction, they are printed,",
            "and nothing is generated: rerun with --labels (or --accept-proposed, or --labels-from-answers)."})
final class IncubateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--instruction", required = true, description = "What the classifier should do.")
    String instruction;

    @Option(names = "--labels", split = ",", description = "Label names, comma-separated (default: propose them and stop).")
    List<String> labels;

    @Option(names = "--accept-proposed", description = "Without --labels: generate for the proposed labels at once.")
    boolean acceptProposed;

    @Option(names = "--labels-from-answers", description = {"Without --labels: let the LLM choose the keys of each answer and",
        "keep the answers with the majority key set, whose keys become the labels."})
    boolean labelsFromAnswers;

    @Option(names = "--task-name", defaultValue = "incubated", description = "Task name (default: ${DEFAULT-VALUE}).")
    String taskName;

    @Option(names = "--per-label", description = "Texts to keep per label.")
    Integer perLabel;

    @Option(names = "--oversample", defaultValue = "4", description = "Candidates generated per text kept (default: ${DEFAULT-VALUE}).")
    int oversample;

    @Option(names = "--out", description = "CSV file to write text,label rows to.")
    Path out;

    @Option(names = "--store", description = "SQLite file keeping every paid answer (a rerun pays nothing); default: in memory.")
    Path store;


    @Option(names = "--seed", defaultValue = "0", description = "Goes into every prompt and seeds k-means (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Sampling temperature, in (0, 2] (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--json", description = "Print a JSON summary as the last line.")
    boolean json;

    @Mixin
    LlmOptions llm;

    @Override
    public Integer call() throws IOException {
        llm.validate();
        if (llm.model == null || llm.model.isBlank()) {
            throw new IllegalArgumentException("--model is required, e.g. --model gpt-4o-mini");
        }
        if (instruction.isBlank()) {
            throw new IllegalArgumentException("--instruction must not be blank");
        }
        if ((labels != null ? 1 : 0) + (acceptProposed ? 1 : 0) + (labelsFromAnswers ? 1 : 0) > 1) {
            throw new IllegalArgumentException("give at most one of --labels, --accept-proposed and --labels-from-answers");
        }
        boolean generate = labels != null || acceptProposed || labelsFromAnswers;
        if (generate) {
            if (perLabel == null) {
                throw new IllegalArgumentException("--per-label is required to generate");
            }
            if (out == null) {
                throw new IllegalArgumentException("--out is required to generate");
            }
        }
        if (llm.timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout-seconds must be positive: " + llm.timeoutSeconds);
        }
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Task given = labels == null ? null : task(labels);
        try (AnnotationStore db = store == null ? new InMemoryAnnotationStore() : SqliteAnnotationStore.open(store);
             LangChain4jTextEmbedder embedder = generate ? miniLm() : null;
             DataIncubator inc = incubator(db, embedder)) {
            Task task = given;
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("command", "incubate");
            if (task == null && !labelsFromAnswers) {
                TaskProposal p = inc.proposeTask(taskName, instruction);
                w.print(p.render());
                summary.put("proposedLabels", labelsJson(p.task()));
                if (!generate) {
                    w.println("nothing generated: confirm with --labels " + String.join(",", p.task().labelNames())
                            + " (edit as needed) or --accept-proposed");
                    summary.put("plan", true);
                    summary.put("calls", inc.ledger().spent().calls());
                    finish(w, summary);
                    return 0;
                }
                task = p.task();
            }
            IncubationResult r = task != null ? inc.incubate(task, perLabel, oversample)
                    : inc.incubate(taskName, instruction, perLabel, oversample);
            write(r, out);
            report(w, err, r);
            summary.put("task", r.task().name());
            summary.put("labels", r.task().labelNames());
            summary.put("generated", r.generated());
            summary.put("kept", r.kept());
            summary.put("calls", inc.ledger().spent().calls());
            summary.put("requests", r.requests());
            summary.put("cachedRequests", r.cachedRequests());
            summary.put("validAnswers", r.validAnswers());
            summary.put("rejected", r.rejected());
            summary.put("exactDuplicates", r.exactDuplicates());
            summary.put("nearDuplicates", r.nearDuplicates());
            summary.put("conflicting", r.conflicting());
            summary.put("diversityBefore", r.diversityBefore());
            summary.put("diversityAfter", r.diversityAfter());
            summary.put("usd", inc.ledger().spent().usd());
            summary.put("budgetExhausted", r.budgetExhausted());
            summary.put("out", out.toString());
            finish(w, summary);
            return 0;
        }
    }

    private void finish(PrintWriter w, Map<String, Object> summary) {
        if (json) {
            Json.printLine(w, summary);
        }
        w.flush();
    }

    private Task task(List<String> names) {
        Task.Builder b = Task.builder().name(taskName).instruction(instruction);
        for (String n : names) {
            if (n.isBlank()) {
                throw new IllegalArgumentException("--labels has an empty label name: " + String.join(",", names));
            }
            b.label(Label.of(n.strip()));
        }
        try {
            return b.build();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("--labels: " + e.getMessage(), e);
        }
    }

    private DataIncubator incubator(AnnotationStore db, LangChain4jTextEmbedder embedder) {
        String baseUrl = llm.baseUrl == null ? "https://api.openai.com/v1" : llm.baseUrl;
        String key = System.getenv(llm.apiKeyEnv);
        DataIncubator.Builder b = DataIncubator.builder()
                .chatModel(OpenAiCompatible.chatModel(baseUrl, llm.model, key, Duration.ofSeconds(llm.timeoutSeconds)))
                .modelName(llm.model).store(db).concurrency(llm.concurrency).seed(seed).temperature(temperature);
        if (embedder != null) {
            b.embedder(embedder);
        }
        if (llm.prices != null) {
            b.prices(PriceTable.parse(llm.prices));
        }
        Budget budget = Budget.UNLIMITED;
        if (llm.budgetCalls != null) {
            if (llm.budgetCalls < 1) {
                throw new IllegalArgumentException("--budget-calls must be positive for incubate: " + llm.budgetCalls);
            }
            budget = budget.withMaxCalls(llm.budgetCalls);
        }
        if (llm.budgetUsd != null) {
            if (llm.budgetUsd.signum() <= 0) {
                throw new IllegalArgumentException("--budget-usd must be positive for incubate: " + llm.budgetUsd);
            }
            if (llm.prices == null) {
                throw new IllegalArgumentException("--budget-usd needs --prices with a price for model '" + llm.model + "'");
            }
            budget = budget.withMaxUsd(llm.budgetUsd.doubleValue());
        }
        try {
            return b.budget(budget).build();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static LangChain4jTextEmbedder miniLm() {
        return LangChain4jTextEmbedder.builder().model(new AllMiniLmL6V2QuantizedEmbeddingModel())
                .name(AnnotatorSetup.MINILM_NAME).dimension(384).build();
    }

    private static List<Map<String, String>> labelsJson(Task t) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Label l : t.labels()) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("name", l.name());
            m.put("description", l.description());
            out.add(m);
        }
        return out;
    }

    /** Writes text,label rows, label by label in the task's order. */
    static void write(IncubationResult r, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        CsvMapper csv = CsvMapper.builder().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).build();
        CsvSchema schema = CsvSchema.builder().addColumn("text").addColumn("label").build().withHeader()
                .withLineSeparator("\n");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             SequenceWriter rows = csv.writer(schema).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE).writeValues(out)) {
            for (Map.Entry<String, List<String>> e : r.examples().entrySet()) {
                for (String text : e.getValue()) {
                    rows.write(List.of(text, e.getKey()));
                }
            }
        }
    }

    private void report(PrintWriter w, PrintWriter err, IncubationResult r) {
        w.printf(Locale.ROOT, "asked %d requests (%d answered from the store, %d model calls): %d valid answers, %d rejected %s%n",
                r.requests(), r.cachedRequests(), r.calls(), r.validAnswers(), r.rejectedAnswers(), r.rejected());
        w.printf(Locale.ROOT, "generated %d candidates; dropped %d given for two labels, %d exact and %d near duplicates%n",
                r.generated(), r.conflicting(), r.exactDuplicates(), r.nearDuplicates());
        StringBuilder per = new StringBuilder();
        r.examples().forEach((k, v) -> per.append(per.length() == 0 ? "" : ", ").append(k).append(' ').append(v.size()));
        w.printf(Locale.ROOT, "kept %d (%s); diversity (mean pairwise cosine distance) %.4f -> %.4f%n", r.kept(), per,
                r.diversityBefore(), r.diversityAfter());
        w.println("spent: " + r.spent());
        w.println("wrote " + out);
        if (r.budgetExhausted()) {
            err.println("warning: the budget stopped generation early; kept what was paid for");
        }
        r.examples().forEach((k, v) -> {
            if (v.size() < perLabel) {
                err.printf(Locale.ROOT, "warning: label '%s' has %d of %d texts%n", k, v.size(), perLabel);
            }
        });
        err.flush();
    }
}
