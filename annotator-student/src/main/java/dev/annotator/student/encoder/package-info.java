/**
 * The encoder student: {@link dev.annotator.student.encoder.OnnxSentenceEncoder}, a
 * {@link dev.annotator.core.embed.TextEmbedder} that runs a BERT-family ONNX sentence encoder
 * (all-MiniLM-L6-v2 by default) in padded batches, with an optional
 * {@link dev.annotator.student.encoder.EmbeddingCache}; a head trained on its embeddings by the same
 * SGD as the fast student; and the resulting model, which exports encoder, pooling and head as one
 * ONNX file that {@code onnx.OnnxStudentModel} runs. {@link dev.annotator.student.encoder.OnnxTokenEncoder}
 * gives the same model's per-token hidden states with character offsets ({@link
 * dev.annotator.student.encoder.TokenEmbeddings}), which the span tagger in {@code span} reads.
 */
package dev.annotator.student.encoder;
