package dev.annotator.core.weigh;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.data.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An example with the annotation it received.
 *
 * @param example the example
 * @param annotation its annotation (labelled or abstained); must name the example's id
 */
public record AnnotatedExample(Example example, Annotation annotation) {

    /**
     * Validates that the annotation belongs to the example.
     *
     * @param example the example
     * @param annotation its annotation (labelled or abstained); must name the example's id
     */
    public AnnotatedExample {
        Objects.requireNonNull(example, "example");
        Objects.requireNonNull(annotation, "annotation");
        if (!annotation.exampleId().equals(example.id())) {
            throw new IllegalArgumentException("annotation of example '" + annotation.exampleId()
                    + "' paired with example '" + example.id() + "'");
        }
    }

    /**
     * Pairs an annotator's input with its output (one annotation per example, in the same order, as
     * {@link dev.annotator.core.annotate.Annotator#annotate(List)} returns them).
     *
     * @param examples the examples annotated
     * @param annotations their annotations, in the same order
     * @return the pairs, in order
     * @throws IllegalArgumentException when the sizes differ or an annotation names another example
     */
    public static List<AnnotatedExample> zip(List<Example> examples, List<Annotation> annotations) {
        if (examples.size() != annotations.size()) {
            throw new IllegalArgumentException(examples.size() + " examples but " + annotations.size() + " annotations");
        }
        List<AnnotatedExample> out = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            out.add(new AnnotatedExample(examples.get(i), annotations.get(i)));
        }
        return List.copyOf(out);
    }
}
