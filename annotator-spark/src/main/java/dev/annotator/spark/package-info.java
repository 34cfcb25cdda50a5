/**
 * Spark integration: {@link dev.annotator.spark.StudentTransformer} applies an exported student to a
 * text column of a {@code Dataset<Row>} (one ONNX Runtime session per executor JVM, rows batched
 * within each partition; also as a SQL function through
 * {@link dev.annotator.spark.StudentTransformer#registerUdf}), and {@link dev.annotator.spark.AnnotatorTransformer} runs any
 * {@link dev.annotator.core.annotate.Annotator} over a DataFrame, one annotator per partition, writing
 * the answers into columns and, optionally, into an
 * {@link dev.annotator.core.store.AnnotationStore}. Everything shipped to executors here is
 * {@link java.io.Serializable}: a {@link dev.annotator.spark.StudentLoader} and the factories
 * {@link dev.annotator.spark.AnnotatorFactory} and {@link dev.annotator.spark.AnnotationStoreFactory}.
 * Spark itself is a {@code provided} dependency: the cluster brings it.
 */
package dev.annotator.spark;
