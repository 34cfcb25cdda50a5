/**
 * The SQLite-backed {@link dev.annotator.core.store.AnnotationStore}: one file, readable with any
 * SQLite tool, in which every paid answer and every annotation is committed before it is used. See
 * {@link dev.annotator.llm.store.SqliteAnnotationStore} for the schema. Annotators in
 * {@code dev.annotator.llm} write to it; the command line's {@code annotate} fills it and
 * {@code train --labels} reads it.
 */
package dev.annotator.llm.store;
