/**
 * Answers about examples: an {@link dev.annotator.core.annotate.Annotation} is one annotator's
 * label distribution (or abstention) for one example, with its {@link dev.annotator.core.annotate.Cost}.
 * Students in {@code student} learn from annotations; metrics in {@code eval} score them.
 */
package dev.annotator.core.annotate;
