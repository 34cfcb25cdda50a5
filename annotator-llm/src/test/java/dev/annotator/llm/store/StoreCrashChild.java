package dev.annotator.llm.store;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.store.StoredResponse;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Child process of {@link SqliteAnnotationStoreTest}'s crash test: puts responses and annotations
 * forever, printing {@code PUT i} to stdout after each pair of puts has returned, until it is killed.
 */
public final class StoreCrashChild {
    static final Task TASK = Task.singleLabel("crash", "no", "yes");

    private StoreCrashChild() {
    }

    /**
     * @param args the store file
     */
    public static void main(String[] args) {
        SqliteAnnotationStore store = SqliteAnnotationStore.open(Path.of(args[0]));
        for (int i = 0; ; i++) {
            store.putResponse(new StoredResponse("key-" + i, "m", "request " + i, "answer " + i, new Cost(i, 1, 0.5),
                    Instant.now()));
            store.putAnnotation(TASK, Annotation.labelled("ex-" + i, LabelDistribution.oneHot(TASK, i % 2 == 0 ? "yes" : "no"),
                    1.0, "child", Cost.FREE));
            System.out.println("PUT " + i);
            System.out.flush();
        }
    }
}
