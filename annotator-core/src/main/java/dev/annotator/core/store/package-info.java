/**
 * Durable memory of paid answers: the {@link dev.annotator.core.store.AnnotationStore} extension
 * point and an in-memory implementation. The SQLite-backed store lives in {@code annotator-llm}.
 */
package dev.annotator.core.store;
