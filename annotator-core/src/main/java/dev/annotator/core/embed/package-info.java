/**
 * Text embeddings: the {@link dev.annotator.core.embed.TextEmbedder} extension point, implemented by
 * the ONNX sentence encoder in {@code annotator-student} and by an adapter for any langchain4j
 * {@code EmbeddingModel} in {@code annotator-llm}.
 */
package dev.annotator.core.embed;
