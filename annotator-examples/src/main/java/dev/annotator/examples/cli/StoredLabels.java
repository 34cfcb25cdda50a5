package dev.annotator.examples.cli;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.Task;
import dev.annotator.llm.store.SqliteAnnotationStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code train --labels DB}: the training set made of the annotations an {@code annotate} run stored,
 * instead of the gold labels. Each {@code train} row of the data file with a stored annotation (matched
 * by id) becomes a training example whose target is the annotation's distribution (soft labels) and
 * whose weight is its confidence; abstentions and rows without an annotation are left out.
 */
final class StoredLabels {

    /**
     * What was taken from the store.
     *
     * @param train the training set
     * @param source the annotator whose labels were used
     * @param abstained train rows skipped because the annotator abstained
     * @param missing train rows without a stored annotation
     */
    record Result(TrainingSet train, String source, int abstained, int missing) {
        void addTo(Map<String, Object> summary, Path db) {
            summary.put("labels", db.toString());
            summary.put("labelsSource", source);
            summary.put("labelsAbstained", abstained);
            summary.put("labelsMissing", missing);
        }
    }

    private StoredLabels() {
    }

    /**
     * @param db the store an {@code annotate} run filled
     * @param source the annotator to take labels from, or null for the only one in the store
     * @param data the data file's rows; the task is matched by name
     * @return the training set
     * @throws NoSuchFileException when the store does not exist
     * @throws IllegalArgumentException when the store has no annotations of the task, several sources
     *     and none chosen, or no usable annotation of a train row
     */
    static Result trainingSet(Path db, String source, Dataset data) throws NoSuchFileException {
        if (!Files.isRegularFile(db)) {
            throw new NoSuchFileException(db.toString(), null, "annotation store not found");
        }
        Task task = data.task();
        List<Annotation> stored;
        try (SqliteAnnotationStore store = SqliteAnnotationStore.open(db)) {
            stored = store.annotations(task);
            if (stored.isEmpty()) {
                throw new IllegalArgumentException("annotation store " + db + " has no annotations of task '" + task.name()
                        + "'; it holds tasks " + store.taskNames() + " (choose one with --task-name)");
            }
        }
        Map<String, Map<String, Annotation>> bySource = new LinkedHashMap<>();
        for (Annotation a : stored) {
            bySource.computeIfAbsent(a.source(), s -> new HashMap<>()).put(a.exampleId(), a);
        }
        String chosen = source;
        if (chosen == null) {
            if (bySource.size() > 1) {
                throw new IllegalArgumentException("annotation store " + db + " holds annotations of task '" + task.name()
                        + "' from several annotators; choose one with --labels-source: " + new TreeSet<>(bySource.keySet()));
            }
            chosen = bySource.keySet().iterator().next();
        } else if (!bySource.containsKey(chosen)) {
            throw new IllegalArgumentException("annotation store " + db + " has no annotations of task '" + task.name()
                    + "' from '" + chosen + "'; it has " + new TreeSet<>(bySource.keySet()));
        }
        Map<String, Annotation> byId = bySource.get(chosen);
        List<TrainingExample> examples = new ArrayList<>();
        int abstained = 0;
        int missing = 0;
        for (LabelledExample r : data.split(Split.TRAIN)) {
            Annotation a = byId.get(r.id());
            if (a == null) {
                missing++;
            } else if (a.isAbstention()) {
                abstained++;
            } else {
                examples.add(new TrainingExample(r.example(), a.distribution().orElseThrow(), a.confidence()));
            }
        }
        if (examples.stream().noneMatch(e -> e.weight() > 0)) {
            throw new IllegalArgumentException("annotation store " + db + " has no usable annotation from '" + chosen
                    + "' of the " + data.split(Split.TRAIN).size() + " 'train' rows (" + abstained + " abstained, " + missing
                    + " not annotated); ids are matched to the data file's rows");
        }
        return new Result(TrainingSet.of(task, examples).withTeacher(chosen), chosen, abstained, missing);
    }
}
