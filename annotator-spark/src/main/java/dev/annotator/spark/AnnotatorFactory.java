package dev.annotator.spark;

import dev.annotator.core.annotate.Annotator;
import java.io.Serializable;

/**
 * Creates the {@link Annotator} that labels one partition. Shipped to the executors with the job, so
 * it must be {@link Serializable} and carry only what it needs to build the annotator (settings, an
 * endpoint, a key read from the executor's environment), not the annotator itself.
 */
@FunctionalInterface
public interface AnnotatorFactory extends Serializable {

    /**
     * @return a new annotator; the caller closes it when the partition is done
     */
    Annotator create();
}
