package dev.annotator.testing;

import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.InMemoryAnnotationStore;
/** The in-memory store honours the store contract. */
class InMemoryAnnotationStoreTest extends AnnotationStoreContract {
    @Override
    protected AnnotationStore newStore() {
        return new InMemoryAnnotationStore();
    }
}
