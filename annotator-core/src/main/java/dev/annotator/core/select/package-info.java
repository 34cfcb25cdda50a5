/**
 * Choosing which texts to annotate next. A {@link dev.annotator.core.select.SampleSelector} looks at a
 * {@link dev.annotator.core.select.SelectionContext} (the unlabelled pool, the ids already labelled,
 * the current student's predictions from {@code student}, embeddings from {@code embed} kept in an
 * {@link dev.annotator.core.select.EmbeddingCache}, a batch size and a seed) and returns a batch for an
 * annotator from {@code annotate}. Built-ins cover random sampling, uncertainty (least confidence,
 * margin, entropy), diversity (k-means, greedy k-center), a hybrid of both, and a cost-aware wrapper
 * that spends a token budget where the expected gain per token is highest. For span tasks a
 * {@link dev.annotator.core.select.SpanSelector} ranks texts by a span student's token-level
 * uncertainty ({@code span.SpanUncertainty}), with a random cold start and a random baseline.
 */
package dev.annotator.core.select;
