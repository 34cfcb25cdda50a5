package dev.annotator.core.task;

/** How many labels one text can carry. */
public enum TaskKind {
    /** Exactly one label per text (softmax). */
    SINGLE_LABEL,
    /** Any subset of the labels per text, including none (independent sigmoids). */
    MULTI_LABEL
}
