package dev.annotator.core.task;

/**
 * What one item of a task carries: one label, a set of labels, typed spans, or the relation between
 * two marked entities.
 *
 * <p>{@link #SINGLE_LABEL}, {@link #MULTI_LABEL} and {@link #RELATION} are classification kinds: an
 * item gets a {@link LabelDistribution} over the task's labels (a relation instance takes exactly
 * one label, so it behaves like single-label). {@link #SPAN} is not: its labels are entity types,
 * and a text carries any number of typed character spans (see {@code dev.annotator.core.span}).
 * Code that handles whole-text labels only rejects span tasks through
 * {@link Task#requireClassification(String)}.
 */
public enum TaskKind {
    /** Exactly one label per text (softmax). */
    SINGLE_LABEL,
    /** Any subset of the labels per text, including none (independent sigmoids). */
    MULTI_LABEL,
    /**
     * Span labelling (named-entity recognition): the labels are entity types, with descriptions
     * that tell the annotator what each type means; a text carries any number of non-overlapping
     * typed character spans.
     */
    SPAN,
    /**
     * Relation classification: an instance is a text with two marked entities and takes exactly one
     * label, a relation type or a negative such as {@code no_relation}; labels may carry a
     * {@link Label#verbalizer() verbalizer} such as <code>"{e1}'s parent is {e2}"</code>.
     */
    RELATION;

    /**
     * Whether an item of this kind takes a {@link LabelDistribution} over the labels.
     *
     * @return true for every kind but {@link #SPAN}
     */
    public boolean isClassification() {
        return this != SPAN;
    }
}
