/**
 * Root of annotator-core: the exception hierarchy shared by every module. The domain model lives
 * in {@code task} and {@code data}, annotations in {@code annotate}, the student extension points
 * in {@code student}, metrics in {@code eval} and dataset readers and writers in {@code io}.
 * Anything under {@code internal} is not API.
 */
package dev.annotator.core;
