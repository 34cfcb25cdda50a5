/**
 * Span labelling (named-entity recognition) and relation classification, the model-independent
 * half: {@link dev.annotator.core.span.Span}s on a text, span-annotated
 * {@link dev.annotator.core.span.SpanExample}s in a {@link dev.annotator.core.span.SpanDataset},
 * relation instances with two marked entities ({@link dev.annotator.core.span.RelationInstance},
 * {@link dev.annotator.core.span.RelationExample}); the {@link dev.annotator.core.span.SpanAligner}
 * that maps an annotator's {@code {span, type}} answers back onto the text; the
 * {@link dev.annotator.core.span.BioCodec} that moves between spans and per-token BIO tags given
 * only token offsets ({@link dev.annotator.core.span.TokenOffsets}), for token-tagger students of
 * any tokenizer; and {@link dev.annotator.core.span.SpanUncertainty}, token-level uncertainty
 * aggregated per text for active learning; the span annotator and span student contracts
 * ({@link dev.annotator.core.span.SpanAnnotator} answering {@link dev.annotator.core.span.SpanAnnotation}s,
 * {@link dev.annotator.core.span.SpanStudentTrainer}, {@link dev.annotator.core.span.SpanStudentModel}). Tasks come from {@code task} ({@code TaskKind.SPAN} and
 * {@code TaskKind.RELATION}); files are read by {@code io.SpanDatasetReader}; span and relation
 * metrics live in {@code eval}.
 */
package dev.annotator.core.span;
