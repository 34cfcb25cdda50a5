/** Benchmark programs for the Spark integration, run by {@code bench/spark.sh}; not tests. */
package dev.annotator.spark.bench;
