package dev.annotator.core.data;

import dev.annotator.core.task.Task;
import dev.annotator.core.internal.Digests;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A task and its rows, each in a {@link Split}. Ids are unique, and every gold label belongs to the
 * task. Immutable and thread-safe.
 */
public final class Dataset {
    private final Task task;
    private final List<LabelledExample> rows;
    private final Map<Split, List<LabelledExample>> bySplit;

    private Dataset(Task task, List<LabelledExample> rows) {
        this.task = task;
        this.rows = rows;
        Map<Split, List<LabelledExample>> m = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            m.put(s, new ArrayList<>());
        }
        for (LabelledExample r : rows) {
            m.get(r.split()).add(r);
        }
        m.replaceAll((k, v) -> Collections.unmodifiableList(v));
        this.bySplit = Collections.unmodifiableMap(m);
    }

    /**
     * Creates a dataset, validating rows against the task.
     *
     * @param task the task
     * @param rows the rows; copied
     * @return the dataset
     * @throws IllegalArgumentException on a span task (see {@code dev.annotator.core.span}), a
     *     duplicate id, a label not in the task, or a single-label row with more than one label
     */
    public static Dataset of(Task task, List<LabelledExample> rows) {
        Objects.requireNonNull(task, "task");
        task.requireClassification("a Dataset");
        Set<String> ids = new HashSet<>();
        for (LabelledExample r : rows) {
            if (!ids.add(r.id())) {
                throw new IllegalArgumentException("duplicate example id '" + r.id() + "'");
            }
            for (String l : r.labels()) {
                if (!task.hasLabel(l)) {
                    throw new IllegalArgumentException("example '" + r.id() + "' has label '" + l + "' which is not a label of task '"
                            + task.name() + "' " + task.labelNames());
                }
            }
            if (!task.isMultiLabel() && r.labels().size() > 1) {
                throw new IllegalArgumentException("example '" + r.id() + "' has " + r.labels().size()
                        + " labels but task '" + task.name() + "' is single-label");
            }
        }
        return new Dataset(task, List.copyOf(rows));
    }

    /** @return the task */
    public Task task() {
        return task;
    }

    /** @return all rows, in input order */
    public List<LabelledExample> rows() {
        return rows;
    }

    /**
     * @param split a split
     * @return its rows, in input order; empty when the split has none
     */
    public List<LabelledExample> split(Split split) {
        return bySplit.get(split);
    }

    /** @return the number of rows */
    public int size() {
        return rows.size();
    }

    /**
     * A stable SHA-256 over the task's labels and every row's id, text, labels and split: the same
     * data always has the same fingerprint, on any JVM.
     *
     * @return lowercase hex digest
     */
    public String fingerprint() {
        MessageDigest md = Digests.sha256();
        Digests.update(md, task.name());
        for (String l : task.labelNames()) {
            Digests.update(md, l);
        }
        for (LabelledExample r : rows) {
            Digests.update(md, r.id());
            Digests.update(md, r.text());
            Digests.update(md, String.join("\u001f", r.labels()));
            Digests.update(md, r.split().fileName());
        }
        return Digests.hex(md.digest());
    }


    @Override
    public String toString() {
        return "Dataset[" + task.name() + ", train=" + split(Split.TRAIN).size() + ", dev=" + split(Split.DEV).size()
                + ", test=" + split(Split.TEST).size() + "]";
    }
}
