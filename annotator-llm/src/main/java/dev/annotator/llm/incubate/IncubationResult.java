package dev.annotator.llm.incubate;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.task.Task;
import dev.annotator.llm.cost.Spend;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one {@link DataIncubator} run generated and kept.
 *
 * @param task the task the examples are for (with the majority key set as labels when the labels
 *     were not given)
 * @param examples per label, in the task's label order, the texts kept after deduplication and
 *     self-diversification
 * @param requests requests made, answered from the store or by the model
 * @param calls model calls made by this run, retries included; 0 when every answer came from the
 *     store
 * @param cachedRequests requests answered from the store
 * @param validAnswers answers whose keys matched the labels (or the majority key set)
 * @param generated candidate texts in the valid answers (valid answers times labels)
 * @param rejected answers rejected, counted per reason (e.g. {@code "wrong keys"}, {@code "not valid JSON"})
 * @param exactDuplicates candidates dropped as exact duplicates of another candidate of the same label
 * @param nearDuplicates candidates dropped as near duplicates (embedding cosine at or above the threshold)
 * @param conflicting candidates dropped because the same text (normalised) was generated for two labels
 * @param diversityBefore mean over labels of the mean pairwise cosine distance of the deduplicated
 *     candidates
 * @param diversityAfter the same figure for the texts kept
 * @param spent what the model calls of this run cost
 * @param budgetExhausted whether the budget stopped generation before enough answers were collected
 */
public record IncubationResult(Task task, Map<String, List<String>> examples, int requests, int calls,
        int cachedRequests, int validAnswers, int generated, Map<String, Integer> rejected, int exactDuplicates,
        int nearDuplicates, int conflicting, double diversityBefore, double diversityAfter, Spend spent,
        boolean budgetExhausted) {

    /**
     * Copies the maps.
     *
     * @param task the task
     * @param examples texts kept per label
     * @param requests requests made
     * @param calls model calls made
     * @param cachedRequests requests answered from the store
     * @param validAnswers valid answers
     * @param generated candidate texts
     * @param rejected rejected answers per reason
     * @param exactDuplicates exact duplicates dropped
     * @param nearDuplicates near duplicates dropped
     * @param conflicting cross-label conflicts dropped
     * @param diversityBefore diversity of the candidates
     * @param diversityAfter diversity of the kept texts
     * @param spent what it cost
     * @param budgetExhausted whether the budget stopped generation
     */
    public IncubationResult {
        Objects.requireNonNull(task, "task");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        examples.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        examples = Collections.unmodifiableMap(copy);
        rejected = Collections.unmodifiableMap(new TreeMap<>(rejected));
        Objects.requireNonNull(spent, "spent");
    }

    /** @return how many texts were kept, over all labels */
    public int kept() {
        return examples.values().stream().mapToInt(List::size).sum();
    }

    /** @return how many answers were rejected, over all reasons */
    public int rejectedAnswers() {
        return rejected.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The kept texts as a training set: ids {@code gen-<label index>-<n>}, split {@code train}, labels
     * in the task's order.
     *
     * @return the dataset
     */
    public Dataset toDataset() {
        List<LabelledExample> rows = new ArrayList<>();
        int li = 0;
        for (Map.Entry<String, List<String>> e : examples.entrySet()) {
            int n = 0;
            for (String text : e.getValue()) {
                rows.add(new LabelledExample(Example.of("gen-" + li + "-" + n++, text), List.of(e.getKey()), Split.TRAIN));
            }
            li++;
        }
        return Dataset.of(task, rows);
    }
}
