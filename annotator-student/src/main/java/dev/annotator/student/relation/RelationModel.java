package dev.annotator.student.relation;

import dev.annotator.core.span.RelationInstance;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained relation classifier: maps a text with two marked entities to a distribution over the
 * relation labels of its task. Implemented in memory by {@link RelationStudentModel} and from an
 * exported file by {@link OnnxRelationModel}. Both hold native resources: close them when done.
 */
public interface RelationModel extends AutoCloseable {

    /** @return the relation task: its labels are the relations, the negative included */
    Task task();

    /** @return where the model came from */
    Provenance provenance();

    /**
     * Predicts a batch of instances.
     *
     * @param instances the instances; none may be null
     * @return one distribution over {@link #task()}'s labels per instance, in order
     * @throws RelationInputException when an entity covers no token of the encoder's tokenization
     */
    List<LabelDistribution> predictBatch(List<RelationInstance> instances);

    /**
     * Predicts one instance.
     *
     * @param instance the instance
     * @return its distribution over the relations
     * @throws RelationInputException when an entity covers no token
     */
    default LabelDistribution predict(RelationInstance instance) {
        return predictBatch(List.of(instance)).get(0);
    }

    /**
     * The most probable relation of each instance, as {@link dev.annotator.core.eval.RelationMetrics} scores them.
     *
     * @param instances the instances
     * @return one label per instance, in order
     */
    default List<String> predictLabels(List<RelationInstance> instances) {
        List<String> out = new ArrayList<>(instances.size());
        for (LabelDistribution d : predictBatch(instances)) {
            out.add(d.top());
        }
        return out;
    }

    /** Releases native resources; idempotent. */
    @Override
    void close();
}
