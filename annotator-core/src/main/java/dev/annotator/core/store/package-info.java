/**
 * Durable memory of paid answers: the {@link dev.annotator.core.store.AnnotationStore} extension
 * point, an in-memory implementation, {@link dev.annotator.core.store.AnnotationJson} (the JSON form of
 * an annotation that stores keep) and {@link dev.annotator.core.store.AnnotationStoreException}. The
 * SQLite-backed store lives in {@code annotator-llm}; {@code AnnotationStoreContract} in
 * annotator-testing checks any implementation.
 */
package dev.annotator.core.store;
