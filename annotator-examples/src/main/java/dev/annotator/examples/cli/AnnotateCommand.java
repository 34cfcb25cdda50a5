package dev.annotator.examples.cli;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskJson;
import dev.annotator.llm.AnnotationPlan;
import dev.annotator.llm.LlmAnnotator;
import dev.annotator.llm.cost.Budget;
import dev.annotator.llm.cost.BudgetExceededException;
import dev.annotator.llm.cost.Spend;
import dev.annotator.llm.store.SqliteAnnotationStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code annotator annotate}: label every row of a file into a durable store. */
@Command(name = "annotate", mixinStandardHelpOptions = true,
        description = {"Label every row of a CSV or JSONL file (or of one split) with an annotator and keep each answer in a",
            "SQLite store. Rows the same annotator already labelled in the store are skipped (counted as cached), so a",
            "rerun or a run after a crash only does what is left. Progress goes to standard error.",
            "With --annotator llm every paid answer is stored before it is used, so a rerun never pays for it again;",
            "a budget stop exits with code 2 after the calls in flight are stored."})
final class AnnotateCommand implements Callable<Integer> {
    /** Exit code when the LLM budget stopped the run (what was paid for is stored); as for bad input. */
    static final int EXIT_BUDGET = AnnotatorCli.EXIT_BAD_INPUT;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "Rows to label, CSV or JSONL.")
    Path data;

    @Option(names = "--task", description = "Task JSON (name, instruction, kind, labels with descriptions); default: inferred"
            + " from the label column (names only).")
    Path taskFile;

    @Option(names = "--task-name", description = "Name of the inferred task (default: the data file's name).")
    String taskName;

    @Option(names = "--annotator", defaultValue = "knn", description = "Annotator: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, offline). knn votes with the"
            + " nearest 'dev' rows under the in-process all-MiniLM-L6-v2; llm asks an LLM.")
    AnnotatorSetup.Kind annotator;

    @Option(names = "--store", required = true, description = "SQLite file keeping the annotations (created when missing).")
    Path store;

    @Option(names = "--split", description = "Label only this split: train, dev or test (default: every row).")
    String split;

    @Option(names = "--batch-size", defaultValue = "32", description = "knn: rows per annotator call and per commit (default:"
            + " ${DEFAULT-VALUE}); llm commits every answer as it arrives.")
    int batchSize;

    @Option(names = "--retry-abstained", description = "Annotate again the rows this annotator abstained on (e.g. when"
            + " every retry of a call failed); answers already in the store are reused, not paid for again.")
    boolean retryAbstained;

    @Option(names = "--json", description = "Print a JSON summary as the last line.")
    boolean json;

    @Mixin
    DataOptions columns;

    @Mixin
    LlmOptions llm;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1: " + batchSize);
        }
        Split only = split == null ? null : Split.parse(split).orElseThrow(
                () -> new IllegalArgumentException("--split must be train, dev or test: " + split));
        long start = System.nanoTime();
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DatasetReader reader = columns.reader(data);
        Task task = taskFile != null ? TaskJson.read(Files.readString(taskFile))
                : reader.inferTask(data, taskName != null ? taskName : TrainCommand.baseName(data));
        Dataset ds = reader.read(data, task);
        List<LabelledExample> rows = only == null ? ds.rows() : ds.split(only);

        Counts n = new Counts();
        String name;
        LlmProgress progress = new LlmProgress(err);
        BudgetExceededException stopped = null;
        try (SqliteAnnotationStore db = SqliteAnnotationStore.open(store);
                AnnotatorSetup setup = AnnotatorSetup.create(annotator, task, ds, data, db, llm, progress)) {
            Annotator a = setup.annotator();
            name = a.name();
            Set<String> done = new HashSet<>(db.annotatedExampleIds(task, name));
            if (retryAbstained) {
                for (Annotation x : db.annotations(task, name)) {
                    if (x.isAbstention()) {
                        done.remove(x.exampleId());
                    }
                }
            }
            List<Example> todo = new ArrayList<>();
            for (LabelledExample r : rows) {
                if (done.contains(r.id())) {
                    n.cached++;
                } else {
                    todo.add(r.example());
                }
            }
            if (a instanceof LlmAnnotator l) {
                if (llm.plan != null) {
                    return plan(l, todo, rows.size(), n.cached, w);
                }
                progress.expect(todo.size(), n.cached, llm.confidence(task).samples());
                try {
                    // one call: the annotator keeps --concurrency requests in flight over all rows and stores
                    // every answer and annotation itself as it goes
                    l.annotate(todo);
                } catch (BudgetExceededException e) {
                    stopped = e;
                } finally {
                    progress.finish();   // ends the progress line, also before an error message
                }
                Set<String> wanted = new HashSet<>();
                todo.forEach(e -> wanted.add(e.id()));
                for (Annotation x : db.annotations(task, name)) {
                    if (wanted.contains(x.exampleId())) {
                        if (x.isAbstention()) {
                            n.abstained++;
                        } else {
                            n.annotated++;
                        }
                    }
                }
                Spend spent = l.ledger().spent();
                n.cost = new Cost(spent.inputTokens(), spent.outputTokens(), spent.usd());
                n.cachedAnswers = progress.cachedAnswers();
                n.retries = progress.retries();
            } else {
                progress(err, n, rows.size(), start, false);
                for (int from = 0; from < todo.size(); from += batchSize) {
                    List<Example> batch = todo.subList(from, Math.min(todo.size(), from + batchSize));
                    List<Annotation> out = a.annotate(batch);
                    db.putAnnotations(task, out);
                    for (Annotation x : out) {
                        if (x.isAbstention()) {
                            n.abstained++;
                        } else {
                            n.annotated++;
                        }
                        n.cost = n.cost.plus(x.cost());
                    }
                    progress(err, n, rows.size(), start, false);
                }
                progress(err, n, rows.size(), start, true);
            }
            n.calls = setup.calls().getAsLong();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        w.printf(Locale.ROOT, "annotated %d rows of %s for task '%s' %s with %s in %.2fs: %d labelled, %d abstained, %d cached%n",
                rows.size(), data.getFileName(), task.name(), task.labelNames(), name, seconds, n.annotated, n.abstained, n.cached);
        if (annotator == AnnotatorSetup.Kind.llm) {
            w.printf(Locale.ROOT, "spent: %d calls (%d retried), %d input + %d output tokens, $%.6f; %d answers reused from the"
                    + " store%n", n.calls, n.retries, n.cost.inputTokens(), n.cost.outputTokens(), n.cost.usd(), n.cachedAnswers);
        }
        w.println("store: " + store);
        if (json) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("command", "annotate");
            s.put("task", task.name());
            s.put("annotator", name);
            s.put("store", store.toString());
            s.put("rows", rows.size());
            s.put("annotated", n.annotated);
            s.put("abstained", n.abstained);
            s.put("cached", n.cached);
            s.put("calls", n.calls);
            s.put("inputTokens", n.cost.inputTokens());
            s.put("outputTokens", n.cost.outputTokens());
            s.put("usd", n.cost.usd());
            if (annotator == AnnotatorSetup.Kind.llm) {
                s.put("retries", n.retries);
                s.put("cachedAnswers", n.cachedAnswers);
                s.put("left", rows.size() - n.cached - n.annotated - n.abstained);
                s.put("stopped", stopped == null ? null : "budget");
            }
            s.put("seconds", seconds);
            Json.printLine(w, s);
        }
        w.flush();
        if (stopped != null) {
            err.printf(Locale.ROOT, "error: budget reached, stopped before a call that could exceed it (budget: %s); spent %d"
                    + " calls, %d input + %d output tokens, $%.6f; every paid answer is in %s, %d rows are left: rerun with a"
                    + " larger budget to finish them (answers already stored are not paid again)%n", describe(stopped.budget()), n.calls,
                    n.cost.inputTokens(), n.cost.outputTokens(), n.cost.usd(), store,
                    rows.size() - n.cached - n.annotated - n.abstained);
            err.flush();
            return EXIT_BUDGET;
        }
        return 0;
    }

    private static String describe(Budget b) {
        List<String> limits = new ArrayList<>();
        if (b.maxCalls() != Long.MAX_VALUE) {
            limits.add(b.maxCalls() + " calls");
        }
        if (b.maxTokens() != Long.MAX_VALUE) {
            limits.add(b.maxTokens() + " tokens");
        }
        if (b.limitsUsd()) {
            limits.add("$" + java.math.BigDecimal.valueOf(b.maxUsd()).stripTrailingZeros().toPlainString());
        }
        return String.join(", ", limits);
    }

    private int plan(LlmAnnotator l, List<Example> todo, int rows, long cached, PrintWriter w) {
        AnnotationPlan p = l.plan(todo, Math.min(llm.plan, todo.size()));
        w.print(p.render());
        w.printf(Locale.ROOT, "rows: %d, already annotated in the store: %d, to annotate: %d; nothing was sent%n", rows, cached,
                todo.size());
        if (json) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("command", "annotate");
            s.put("plan", true);
            s.put("annotator", l.name());
            s.put("rows", rows);
            s.put("cached", cached);
            s.put("toAnnotate", todo.size());
            s.put("requests", p.requests());
            s.put("cachedRequests", p.cachedRequests());
            s.put("calls", p.calls());
            s.put("expectedInputTokens", p.expectedInputTokens());
            s.put("expectedOutputTokens", p.expectedOutputTokens());
            s.put("expectedUsd", p.expectedUsd());
            s.put("worstCaseTokens", p.worstCaseTokens());
            s.put("worstCaseUsd", p.worstCaseUsd());
            s.put("prompts", p.samplePrompts().size());
            Json.printLine(w, s);
        }
        w.flush();
        return 0;
    }

    /** What a run did, for the progress line and the summary. */
    private static final class Counts {
        long annotated;
        long abstained;
        long cached;
        long calls;
        long retries;
        long cachedAnswers;
        Cost cost = Cost.FREE;
    }

    private static void progress(PrintWriter err, Counts n, int total, long start, boolean last) {
        long done = n.annotated + n.abstained + n.cached;
        double seconds = (System.nanoTime() - start) / 1e9;
        err.printf(Locale.ROOT, "\rannotate: %d/%d rows (%d labelled, %d abstained, %d cached) %.0f rows/s%s", done, total,
                n.annotated, n.abstained, n.cached, seconds > 0 ? (n.annotated + n.abstained) / seconds : 0.0, last ? "\n" : "");
        err.flush();
    }
}
