/**
 * Implementation details of the Spark integration: the per-JVM student cache and the partition
 * functions. Not API: may change without notice.
 */
package dev.annotator.spark.internal;
