/**
 * Benchmarks run by {@code bench/} (not tests): in-process throughput measurements that compare
 * with the peers' in-process numbers.
 */
package dev.annotator.examples.bench;
