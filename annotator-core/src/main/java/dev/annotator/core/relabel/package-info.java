/**
 * Relabelling a corpus of any size with a trained student: {@link
 * dev.annotator.core.relabel.StreamingRelabeller} reads texts from CSV or JSONL as a stream, has a
 * {@link dev.annotator.core.student.StudentModel} label them in batches on several threads, and writes
 * one row per text (id, label, confidence, a probability per label) in input order, in constant
 * memory. The {@code predict} command and {@link dev.annotator.core.pipeline.DistillationPipeline}'s
 * last step both use it.
 */
package dev.annotator.core.relabel;
