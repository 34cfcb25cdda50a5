/**
 * The data to label: {@link dev.annotator.core.data.Example} texts, gold-labelled rows and
 * {@link dev.annotator.core.data.Dataset}s with train/dev/test {@link dev.annotator.core.data.Split}s.
 * Readers and writers for files live in {@code io}.
 */
package dev.annotator.core.data;
