package dev.annotator.core.weigh;

import dev.annotator.core.span.SpanAnnotation;
import java.util.List;

/**
 * Turns span annotations into one training weight per text (the span counterpart of
 * {@link LabelWeigher}; a {@link dev.annotator.core.span.SpanStudentTrainer} scales each text's token
 * losses by it). Abstentions never reach a weigher: the loop leaves them out.
 */
@FunctionalInterface
public interface SpanWeigher {

    /**
     * Weighs annotated texts.
     *
     * @param annotations labelled (not abstained) annotations
     * @return one finite, non-negative weight per annotation, in order
     */
    double[] weigh(List<SpanAnnotation> annotations);

    /** @return a short name for reports; the class name by default */
    default String name() {
        return getClass().getSimpleName();
    }

    /** @return every text weighted 1 */
    static SpanWeigher uniform() {
        return new SpanWeigher() {
            @Override
            public double[] weigh(List<SpanAnnotation> annotations) {
                double[] w = new double[annotations.size()];
                java.util.Arrays.fill(w, 1.0);
                return w;
            }

            @Override
            public String name() {
                return "uniform";
            }
        };
    }

    /**
     * Each text weighted by the annotator's {@link SpanAnnotation#confidence()} (the share of its answers
     * that could be placed on the text), scaled to mean 1 over the texts with a positive weight, as
     * {@link LabelWeigher#byConfidence()} does for labels; all 1 when every confidence is 0.
     *
     * @return the weigher
     */
    static SpanWeigher byConfidence() {
        return new SpanWeigher() {
            @Override
            public double[] weigh(List<SpanAnnotation> annotations) {
                double[] w = new double[annotations.size()];
                double sum = 0;
                int positive = 0;
                for (int i = 0; i < w.length; i++) {
                    w[i] = annotations.get(i).confidence();
                    sum += w[i];
                    positive += w[i] > 0 ? 1 : 0;
                }
                if (positive == 0) {
                    java.util.Arrays.fill(w, 1.0);
                    return w;
                }
                double mean = sum / positive;
                for (int i = 0; i < w.length; i++) {
                    w[i] /= mean;
                }
                return w;
            }

            @Override
            public String name() {
                return "confidence";
            }
        };
    }
}
