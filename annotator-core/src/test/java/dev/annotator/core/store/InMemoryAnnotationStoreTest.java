package dev.annotator.core.store;

/** The in-memory store honours the store contract. */
class InMemoryAnnotationStoreTest extends AnnotationStoreContract {
    @Override
    protected AnnotationStore newStore() {
        return new InMemoryAnnotationStore();
    }
}
