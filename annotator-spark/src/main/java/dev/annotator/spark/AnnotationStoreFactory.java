package dev.annotator.spark;

import dev.annotator.core.store.AnnotationStore;
import java.io.Serializable;

/**
 * Opens the {@link AnnotationStore} that one partition's annotations are written to. Shipped to the
 * executors with the job, so it must be {@link Serializable}.
 */
@FunctionalInterface
public interface AnnotationStoreFactory extends Serializable {

    /**
     * @return an open store; the caller closes it when the partition is done
     */
    AnnotationStore open();
}
