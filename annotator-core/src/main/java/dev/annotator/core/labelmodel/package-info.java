/**
 * Label models: combine the votes of many weak, abstaining voters (labelling programs from
 * {@link dev.annotator.core.programs}, or any other source) into one soft label per text. A
 * {@link dev.annotator.core.labelmodel.VoteMatrix} holds the votes; a
 * {@link dev.annotator.core.labelmodel.LabelModel} (majority vote, weighted majority vote,
 * Dawid-Skene) is fitted on it and gives {@link dev.annotator.core.task.LabelDistribution}s or
 * {@link dev.annotator.core.annotate.Annotation}s, which a
 * {@link dev.annotator.core.student.TrainingSet} takes as soft targets.
 * {@link dev.annotator.core.labelmodel.VoteAnalysis} reports coverage, overlap, conflict and
 * accuracy per voter, and {@link dev.annotator.core.labelmodel.LabelModelSelection} prunes voters
 * and picks a label model on a gold dev set only.
 */
package dev.annotator.core.labelmodel;
