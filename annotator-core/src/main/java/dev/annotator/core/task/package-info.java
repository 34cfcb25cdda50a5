/**
 * What is to be labelled: {@link dev.annotator.core.task.Task} with its ordered
 * {@link dev.annotator.core.task.Label}s. Every other package indexes label distributions by the
 * order defined here.
 */
package dev.annotator.core.task;
