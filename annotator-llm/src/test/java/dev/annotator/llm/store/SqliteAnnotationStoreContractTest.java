package dev.annotator.llm.store;

import dev.annotator.core.store.AnnotationStore;
import dev.annotator.testing.AnnotationStoreContract;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite store honours the store contract, including persistence across reopening. */
class SqliteAnnotationStoreContractTest extends AnnotationStoreContract {
    @TempDir
    Path dir;

    @Override
    protected AnnotationStore newStore() {
        return SqliteAnnotationStore.open(dir.resolve("store.db"));
    }

    @Override
    protected Optional<AnnotationStore> reopen() {
        return Optional.of(SqliteAnnotationStore.open(dir.resolve("store.db")));
    }
}
