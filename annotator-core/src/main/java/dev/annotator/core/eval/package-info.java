/**
 * Classification metrics for scoring predictions and annotations against gold labels.
 * {@link dev.annotator.core.eval.Evaluator} is the entry point: it turns gold label lists (or a
 * {@link dev.annotator.core.data.Dataset}) and {@link dev.annotator.core.task.LabelDistribution}
 * predictions into an immutable {@link dev.annotator.core.eval.ClassificationReport} for
 * single-label tasks (accuracy, per-class and macro/weighted precision, recall and F1, a
 * {@link dev.annotator.core.eval.ConfusionMatrix}, expected calibration error, log-loss and Brier
 * score) or a {@link dev.annotator.core.eval.MultiLabelReport} for multi-label tasks (micro and macro
 * precision, recall and F1, subset accuracy, Hamming loss), and scores
 * {@link dev.annotator.core.annotate.Annotation}s into an
 * {@link dev.annotator.core.eval.AnnotationReport} that counts abstentions separately. Wherever a
 * ratio has a zero denominator it is defined as 0, like scikit-learn's {@code zero_division=0}.
 */
package dev.annotator.core.eval;
