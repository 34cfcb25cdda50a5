package dev.annotator.core.span;

import dev.annotator.core.data.Split;
import dev.annotator.core.internal.Digests;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
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
 * A {@link TaskKind#SPAN} task and its span-annotated examples, each in a {@link Split}. Ids are
 * unique and every span type is an entity type (label) of the task. Immutable and thread-safe.
 */
public final class SpanDataset {
    private final Task task;
    private final List<SpanExample> rows;
    private final Map<Split, List<SpanExample>> bySplit;

    private SpanDataset(Task task, List<SpanExample> rows) {
        this.task = task;
        this.rows = rows;
        Map<Split, List<SpanExample>> m = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            m.put(s, new ArrayList<>());
        }
        for (SpanExample r : rows) {
            m.get(r.split()).add(r);
        }
        m.replaceAll((k, v) -> Collections.unmodifiableList(v));
        this.bySplit = Collections.unmodifiableMap(m);
    }

    /**
     * Creates a dataset, validating rows against the task.
     *
     * @param task a span task
     * @param rows the rows; copied
     * @return the dataset
     * @throws IllegalArgumentException when the task is not a span task, an id repeats, or a span's
     *     type is not an entity type of the task
     */
    public static SpanDataset of(Task task, List<SpanExample> rows) {
        requireSpanTask(task, "a SpanDataset");
        Set<String> ids = new HashSet<>();
        for (SpanExample r : rows) {
            if (!ids.add(r.id())) {
                throw new IllegalArgumentException("duplicate example id '" + r.id() + "'");
            }
            for (Span s : r.spans()) {
                if (!task.hasLabel(s.type())) {
                    throw new IllegalArgumentException("example '" + r.id() + "' has span " + s + " whose type is not an entity "
                            + "type of task '" + task.name() + "' " + task.labelNames());
                }
            }
        }
        return new SpanDataset(task, List.copyOf(rows));
    }

    /**
     * Checks that a task is a span task.
     *
     * @param task the task
     * @param what what needs it, for the message
     * @return the task
     * @throws IllegalArgumentException when it is not a {@link TaskKind#SPAN} task
     */
    static Task requireSpanTask(Task task, String what) {
        Objects.requireNonNull(task, "task");
        if (!task.isSpan()) {
            throw new IllegalArgumentException(what + " needs a SPAN task but task '" + task.name() + "' is " + task.kind());
        }
        return task;
    }

    /** @return the task */
    public Task task() {
        return task;
    }

    /** @return all rows, in input order */
    public List<SpanExample> rows() {
        return rows;
    }

    /**
     * @param split a split
     * @return its rows, in input order; empty when the split has none
     */
    public List<SpanExample> split(Split split) {
        return bySplit.get(split);
    }

    /** @return the number of rows */
    public int size() {
        return rows.size();
    }

    /**
     * A stable SHA-256 over the task's name and entity types and every row's id, text, spans and
     * split: the same data always has the same fingerprint, on any JVM.
     *
     * @return lowercase hex digest
     */
    public String fingerprint() {
        MessageDigest md = Digests.sha256();
        Digests.update(md, task.name());
        for (String l : task.labelNames()) {
            Digests.update(md, l);
        }
        for (SpanExample r : rows) {
            Digests.update(md, r.id());
            Digests.update(md, r.text());
            StringBuilder sb = new StringBuilder();
            for (Span s : r.spans()) {
                sb.append(s.start()).append(',').append(s.end()).append(',').append(s.type()).append('\u001f');
            }
            Digests.update(md, sb.toString());
            Digests.update(md, r.split().fileName());
        }
        return Digests.hex(md.digest());
    }


    @Override
    public String toString() {
        return "SpanDataset[" + task.name() + ", train=" + split(Split.TRAIN).size() + ", dev=" + split(Split.DEV).size()
                + ", test=" + split(Split.TEST).size() + "]";
    }
}
