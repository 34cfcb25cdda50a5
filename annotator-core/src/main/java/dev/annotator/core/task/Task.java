package dev.annotator.core.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A labelling need: a name, an instruction for annotators, the label set and its {@link TaskKind}:
 * whether a text takes one label or several, typed spans, or a relation between two marked
 * entities.
 *
 * <p>The order of {@link #labels()} is significant: every label distribution in the library is an
 * array indexed in this order. Instances are immutable and thread-safe.
 */
public final class Task {
    private final String name;
    private final String instruction;
    private final List<Label> labels;
    private final TaskKind kind;
    private final Map<String, Integer> index;
    private final List<String> labelNames;

    private Task(Builder b) {
        this.name = b.name;
        this.instruction = b.instruction;
        this.labels = Collections.unmodifiableList(new ArrayList<>(b.labels));
        this.kind = b.kind;
        Map<String, Integer> idx = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            idx.put(labels.get(i).name(), i);
        }
        this.index = Collections.unmodifiableMap(idx);
        this.labelNames = List.copyOf(idx.keySet());
    }

    /**
     * Starts a task definition.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A single-label task from label names only, with an empty instruction.
     *
     * @param name task name
     * @param labelNames the label names, in order
     * @return the task
     */
    public static Task singleLabel(String name, String... labelNames) {
        Builder b = builder().name(name);
        for (String l : labelNames) {
            b.label(Label.of(l));
        }
        return b.build();
    }

    /** @return the task name, used in provenance and file names */
    public String name() {
        return name;
    }

    /** @return the instruction shown to annotators; may be empty */
    public String instruction() {
        return instruction;
    }

    /** @return the labels, in the order used by every distribution */
    public List<Label> labels() {
        return labels;
    }

    /** @return the label names, in order */
    public List<String> labelNames() {
        return labelNames;
    }

    /** @return the number of labels */
    public int labelCount() {
        return labels.size();
    }

    /** @return whether a text takes one label or several, typed spans, or a relation */
    public TaskKind kind() {
        return kind;
    }

    /** @return true for {@link TaskKind#SPAN} tasks, whose labels are entity types */
    public boolean isSpan() {
        return kind == TaskKind.SPAN;
    }

    /** @return true for {@link TaskKind#RELATION} tasks, whose labels are relation types */
    public boolean isRelation() {
        return kind == TaskKind.RELATION;
    }

    /**
     * Checks that items of this task take a {@link LabelDistribution}, for code that handles
     * whole-text labels only.
     *
     * @param what what needs a classification task, for the message, e.g. "a Dataset"
     * @return this task
     * @throws IllegalArgumentException when this is a {@link TaskKind#SPAN} task
     */
    public Task requireClassification(String what) {
        if (!kind.isClassification()) {
            throw new IllegalArgumentException(what + " needs a classification task (single-label, multi-label or relation)"
                    + " but task '" + name + "' is a " + kind + " task; span data lives in dev.annotator.core.span");
        }
        return this;
    }

    /** @return true for {@link TaskKind#MULTI_LABEL} tasks */
    public boolean isMultiLabel() {
        return kind == TaskKind.MULTI_LABEL;
    }

    /**
     * Position of a label in {@link #labels()}.
     *
     * @param labelName a label name
     * @return its index, or empty when the name is not a label of this task
     */
    public Optional<Integer> indexOf(String labelName) {
        return Optional.ofNullable(index.get(labelName));
    }

    /**
     * Position of a label that must exist.
     *
     * @param labelName a label name
     * @return its index
     * @throws UnknownLabelException when the name is not a label of this task
     */
    public int requireIndex(String labelName) {
        Integer i = index.get(labelName);
        if (i == null) {
            throw new UnknownLabelException(labelName, this);
        }
        return i;
    }

    /**
     * Whether a name is one of this task's labels.
     *
     * @param labelName a label name
     * @return true when it is
     */
    public boolean hasLabel(String labelName) {
        return index.containsKey(labelName);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Task)) {
            return false;
        }
        Task t = (Task) o;
        return name.equals(t.name) && instruction.equals(t.instruction) && labels.equals(t.labels) && kind == t.kind;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, instruction, labels, kind);
    }

    @Override
    public String toString() {
        return "Task[" + name + ", " + kind + ", labels=" + index.keySet() + "]";
    }

    /** Builder for {@link Task}; not thread-safe. */
    public static final class Builder {
        private String name;
        private String instruction = "";
        private final List<Label> labels = new ArrayList<>();
        private TaskKind kind = TaskKind.SINGLE_LABEL;

        private Builder() {
        }

        /**
         * @param name the task name; non-blank
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param instruction what annotators are asked to do
         * @return this builder
         */
        public Builder instruction(String instruction) {
            this.instruction = Objects.requireNonNull(instruction, "instruction");
            return this;
        }

        /**
         * Adds one label.
         *
         * @param label the label
         * @return this builder
         */
        public Builder label(Label label) {
            labels.add(Objects.requireNonNull(label, "label"));
            return this;
        }

        /**
         * Adds a label by name and description.
         *
         * @param name label name
         * @param description what it means
         * @return this builder
         */
        public Builder label(String name, String description) {
            return label(Label.of(name, description));
        }

        /**
         * Adds several labels.
         *
         * @param labels the labels, in order
         * @return this builder
         */
        public Builder labels(List<Label> labels) {
            labels.forEach(this::label);
            return this;
        }

        /**
         * @param kind single-label (the default), multi-label, span or relation
         * @return this builder
         */
        public Builder kind(TaskKind kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
            return this;
        }

        /**
         * Shortcut for {@code kind(MULTI_LABEL)} or {@code kind(SINGLE_LABEL)}.
         *
         * @param multiLabel whether texts may carry several labels
         * @return this builder
         */
        public Builder multiLabel(boolean multiLabel) {
            return kind(multiLabel ? TaskKind.MULTI_LABEL : TaskKind.SINGLE_LABEL);
        }

        /**
         * Builds the task.
         *
         * @return the task
         * @throws IllegalStateException when the name is missing, fewer than two labels were given
         *     to a single-label or relation task, no label was given, a label name repeats, or a
         *     label of a task other than a relation task has a verbalizer
         */
        public Task build() {
            if (name == null || name.isBlank()) {
                throw new IllegalStateException("task name must be set and non-blank");
            }
            if (labels.isEmpty()) {
                throw new IllegalStateException("task '" + name + "' needs at least one label");
            }
            if (kind == TaskKind.SINGLE_LABEL && labels.size() < 2) {
                throw new IllegalStateException("single-label task '" + name + "' needs at least two labels, got " + labels.size());
            }
            if (kind == TaskKind.RELATION && labels.size() < 2) {
                throw new IllegalStateException("relation task '" + name + "' needs at least two labels (e.g. a relation and "
                        + "no_relation), got " + labels.size());
            }
            for (Label l : labels) {
                if (kind != TaskKind.RELATION && l.hasVerbalizer()) {
                    throw new IllegalStateException("label '" + l.name() + "' of " + kind + " task '" + name
                            + "' has a verbalizer; only relation labels take one");
                }
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Label l : labels) {
                if (!seen.add(l.name())) {
                    throw new IllegalStateException("task '" + name + "' repeats label '" + l.name() + "'");
                }
            }
            return new Task(this);
        }
    }
}
