/**
 * Answers about examples: an {@link dev.annotator.core.annotate.Annotation} is one annotator's
 * label distribution (or abstention) for one example, with its {@link dev.annotator.core.annotate.Cost}.
 * Students in {@code student} learn from annotations; metrics in {@code eval} score them. The
 * {@link dev.annotator.core.annotate.Annotator} extension point lives here with the offline
 * {@link dev.annotator.core.annotate.EmbeddingKnnAnnotator}, which votes with the nearest gold examples
 * under an {@code embed} {@link dev.annotator.core.embed.TextEmbedder}; LLM annotators live in
 * {@code annotator-llm}.
 */
package dev.annotator.core.annotate;
