package dev.annotator.core.select;

import dev.annotator.core.data.Example;
import dev.annotator.core.span.SpanStudentModel;
import dev.annotator.core.span.SpanUncertainty;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses which texts a span annotator sees next (the span counterpart of {@link SampleSelector}):
 * at random, or the texts a span student is least sure of by a {@link SpanUncertainty} over its
 * per-token tag probabilities (LLMAAA's token-level active learning for NER), with a random cold
 * start while there is no student yet. Implementations are deterministic given their arguments.
 */
public interface SpanSelector {

    /** @return a short name for curves and reports, e.g. {@code random} or {@code mean-entropy} */
    String name();

    /**
     * Selects texts.
     *
     * @param candidates the texts not annotated yet, in pool order; not empty
     * @param student the current student, empty before the first one is trained
     * @param batchSize how many to select, at least 1
     * @param seed the seed of this selection
     * @return at most {@code batchSize} distinct candidates, most wanted first
     */
    List<Example> select(List<Example> candidates, Optional<SpanStudentModel> student, int batchSize, long seed);

    /** @return seeded uniform sampling without replacement */
    static SpanSelector random() {
        return new SpanSelectors.Random();
    }

    /**
     * The most uncertain texts first (ties by pool order), scored on the student's predictions; random
     * until there is a student.
     *
     * @param uncertainty per-token measure and reduction over the text
     * @return the selector, named after the uncertainty, e.g. {@code mean-entropy}
     */
    static SpanSelector uncertainty(SpanUncertainty uncertainty) {
        return uncertainty(uncertainty, random());
    }

    /**
     * The most uncertain texts first, with a chosen cold-start selector.
     *
     * @param uncertainty per-token measure and reduction over the text
     * @param coldStart what selects while there is no student
     * @return the selector
     */
    static SpanSelector uncertainty(SpanUncertainty uncertainty, SpanSelector coldStart) {
        return new SpanSelectors.Uncertainty(Objects.requireNonNull(uncertainty, "uncertainty"),
                Objects.requireNonNull(coldStart, "coldStart"));
    }
}
