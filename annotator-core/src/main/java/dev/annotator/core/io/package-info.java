/**
 * Dataset files: {@link dev.annotator.core.io.DatasetReader} reads CSV (header {@code text,label,split}
 * by default, other column names configurable) and JSON Lines into a
 * {@link dev.annotator.core.data.Dataset}, streams texts of files too big for memory, and infers a
 * {@link dev.annotator.core.task.Task} from a label column; {@link dev.annotator.core.io.DatasetWriter}
 * writes datasets back in a form the reader reads unchanged. Bad input raises
 * {@link dev.annotator.core.io.DatasetFormatException} naming the file, line and problem, unless the
 * caller opts in to skipping bad rows, which are then reported rather than dropped silently.
 */
package dev.annotator.core.io;
