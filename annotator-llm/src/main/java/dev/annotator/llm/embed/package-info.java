/**
 * Text embeddings from langchain4j: {@link dev.annotator.llm.embed.LangChain4jTextEmbedder} adapts
 * any langchain4j {@code EmbeddingModel} (the in-process all-MiniLM-L6-v2, or a hosted one) to core's
 * {@link dev.annotator.core.embed.TextEmbedder}, for the k-NN annotator and demonstration retrieval.
 */
package dev.annotator.llm.embed;
