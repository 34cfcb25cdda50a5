/**
 * Turning annotations into training weights. A {@link dev.annotator.core.weigh.LabelWeigher} takes
 * examples with their {@link dev.annotator.core.annotate.Annotation}s (from {@code annotate}), drops
 * abstentions, and returns the {@link dev.annotator.core.student.TrainingSet} a
 * {@link dev.annotator.core.student.StudentTrainer} learns from, with one weight per example: uniform,
 * by the annotator's confidence, or (in annotator-student, later) learned against a small gold set. A
 * {@link dev.annotator.core.weigh.SpanWeigher} does the same for span annotations: one weight per text.
 */
package dev.annotator.core.weigh;
