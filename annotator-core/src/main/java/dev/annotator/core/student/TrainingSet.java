package dev.annotator.core.student;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.nio.charset.StandardCharsets;
import dev.annotator.core.internal.Digests;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The examples a student trains or validates on, all for one task, and who labelled them.
 * Immutable and thread-safe.
 */
public final class TrainingSet {
    private final Task task;
    private final List<TrainingExample> examples;
    private final String teacher;

    private TrainingSet(Task task, List<TrainingExample> examples, String teacher) {
        this.task = task;
        this.examples = examples;
        this.teacher = teacher;
    }

    /**
     * Creates a training set.
     *
     * @param task the task every target belongs to
     * @param examples the examples; copied
     * @return the set
     * @throws IllegalArgumentException when a target belongs to another task
     */
    public static TrainingSet of(Task task, List<TrainingExample> examples) {
        Objects.requireNonNull(task, "task");
        for (TrainingExample e : examples) {
            if (!e.target().task().equals(task)) {
                throw new IllegalArgumentException("target of example '" + e.example().id() + "' belongs to task '"
                        + e.target().task().name() + "', not '" + task.name() + "'");
            }
        }
        return new TrainingSet(task, List.copyOf(examples), "unspecified");
    }

    /**
     * The gold-labelled rows of one split, as hard targets with weight one. Unlabelled rows are
     * skipped.
     *
     * @param dataset the dataset
     * @param split the split
     * @return the set
     */
    public static TrainingSet fromGold(Dataset dataset, Split split) {
        Task task = dataset.task();
        List<TrainingExample> out = new ArrayList<>();
        for (LabelledExample r : dataset.split(split)) {
            if (r.isLabelled()) {
                out.add(TrainingExample.of(r.example(), LabelDistribution.ofLabels(task, new HashSet<>(r.labels()))));
            }
        }
        return new TrainingSet(task, List.copyOf(out), "gold");
    }

    /**
     * The same examples, recording who labelled them (kept in model provenance).
     *
     * @param teacher e.g. {@code gold} or an LLM model name; non-blank
     * @return a new set
     */
    public TrainingSet withTeacher(String teacher) {
        if (teacher == null || teacher.isBlank()) {
            throw new IllegalArgumentException("teacher must be non-blank: " + teacher);
        }
        return new TrainingSet(task, examples, teacher);
    }

    /** @return who labelled the examples: {@code gold}, an LLM model name, or {@code unspecified} */
    public String teacher() {
        return teacher;
    }

    /** @return the task */
    public Task task() {
        return task;
    }

    /** @return the examples, in order */
    public List<TrainingExample> examples() {
        return examples;
    }

    /** @return the number of examples */
    public int size() {
        return examples.size();
    }

    /** @return true when there are no examples */
    public boolean isEmpty() {
        return examples.isEmpty();
    }

    /**
     * A stable SHA-256 over ids, texts, targets and weights, for provenance.
     *
     * @return lowercase hex digest
     */
    public String fingerprint() {
        MessageDigest md = Digests.sha256();
        for (String l : task.labelNames()) {
            md.update(l.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
        for (TrainingExample e : examples) {
            md.update(e.example().id().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(e.example().text().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            for (double d : e.target().toArray()) {
                md.update(Double.toString(d).getBytes(StandardCharsets.US_ASCII));
                md.update((byte) ',');
            }
            md.update(Double.toString(e.weight()).getBytes(StandardCharsets.US_ASCII));
            md.update((byte) 0);
        }
        return Digests.hex(md.digest());
    }
}
