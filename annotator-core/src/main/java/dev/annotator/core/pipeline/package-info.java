/**
 * Pipelines that wire the extension points into whole runs. {@link
 * dev.annotator.core.pipeline.ActiveAnnotationLoop} is the active annotation loop (LLMAAA): a
 * {@link dev.annotator.core.select.SampleSelector} picks texts, an
 * {@link dev.annotator.core.annotate.Annotator} labels them (every answer kept in an
 * {@link dev.annotator.core.store.AnnotationStore} first), a {@link dev.annotator.core.weigh.LabelWeigher}
 * turns the answers into a weighted training set, a {@link dev.annotator.core.student.StudentTrainer}
 * retrains the student, and the student's predictions drive the next selection. {@link
 * dev.annotator.core.pipeline.ProgramLabelingPipeline} is ALCHEmist's local half: labelling programs vote
 * on every text, a label model chosen on dev turns the votes into soft labels, a student learns from them.
 * {@link dev.annotator.core.pipeline.DistillationPipeline} is knowledge distillation (Pangakis and
 * Wolken; LlamBERT): a random sample annotated store-first, a student trained on it, student and teacher
 * scored, a corpus relabelled by the student. {@link dev.annotator.core.pipeline.SpanActiveLoop} is the
 * active loop for span tasks: a {@link dev.annotator.core.select.SpanSelector} (uncertainty from a span
 * student's token probabilities, or random), a {@link dev.annotator.core.span.SpanAnnotator}, a
 * {@link dev.annotator.core.weigh.SpanWeigher} and a {@link dev.annotator.core.span.SpanStudentTrainer},
 * with span F1 per round in {@code curve.csv}. A pipeline wires parts;
 * it contains none of them. Its output is a {@link dev.annotator.core.report.RunRecord} the {@code report}
 * package draws.
 */
package dev.annotator.core.pipeline;
