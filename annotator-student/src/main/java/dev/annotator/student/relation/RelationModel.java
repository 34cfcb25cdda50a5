package dev.annotator.student.relation;

import dev.annotator.core.data.Example;
import dev.annotator.core.span.RelationInstance;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.task.LabelDistribution;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained relation classifier: maps a text with two marked entities to a distribution over the
 * relation labels of its task. Implemented in memory by {@link RelationStudentModel} and from an
 * exported file by {@link OnnxRelationModel}. Both hold native resources: close them when done.
 *
 * <p>It is also a {@link StudentModel} over marked texts ({@link RelationInstance#markedText()}, the
 * texts {@code LlmRelationAnnotator} and {@link RelationInstance#toExample()} use), so the
 * classification pipelines and metrics take it as they take any student.
 */
public interface RelationModel extends StudentModel {

    /**
     * Predicts a batch of instances.
     *
     * @param instances the instances; none may be null
     * @return one distribution over {@link #task()}'s labels per instance, in order
     * @throws RelationInputException when an entity covers no token of the encoder's tokenization
     */
    List<LabelDistribution> predictInstances(List<RelationInstance> instances);

    /**
     * Predicts one instance.
     *
     * @param instance the instance
     * @return its distribution over the relations
     * @throws RelationInputException when an entity covers no token
     */
    default LabelDistribution predict(RelationInstance instance) {
        return predictInstances(List.of(instance)).get(0);
    }

    /**
     * The most probable relation of each instance, as {@link dev.annotator.core.eval.RelationMetrics} scores them.
     *
     * @param instances the instances
     * @return one label per instance, in order
     * @throws RelationInputException when an entity covers no token
     */
    default List<String> predictLabels(List<RelationInstance> instances) {
        List<String> out = new ArrayList<>(instances.size());
        for (LabelDistribution d : predictInstances(instances)) {
            out.add(d.top());
        }
        return out;
    }

    /**
     * Predicts marked texts, e.g. {@code "<e1>Ann</e1> is the mother of <e2>Bob</e2>."}.
     *
     * @param markedTexts texts holding each entity marker exactly once
     * @return one distribution per text, in order
     * @throws IllegalArgumentException when a text's markers are missing, repeated or nested
     * @throws RelationInputException when an entity covers no token
     */
    @Override
    default List<LabelDistribution> predictBatch(List<String> markedTexts) {
        List<RelationInstance> instances = new ArrayList<>(markedTexts.size());
        for (int i = 0; i < markedTexts.size(); i++) {
            instances.add(RelationInstance.fromMarkedText(Example.of("text " + i, markedTexts.get(i))));
        }
        return predictInstances(instances);
    }
}
