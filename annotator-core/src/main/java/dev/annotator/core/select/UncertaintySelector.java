package dev.annotator.core.select;

import dev.annotator.core.data.Example;
import java.util.List;
import java.util.Objects;

/**
 * Uncertainty sampling: the candidates whose current predictions are most uncertain by an
 * {@link UncertaintyMeasure} (least confidence, margin, entropy or one of your own). Equal
 * uncertainties are ordered by a seeded random permutation, so ties are deterministic for a seed but
 * not biased towards the start of the pool.
 *
 * <p>Cold start (no predictions in the context) delegates to a fallback selector, by default
 * {@link SampleSelector#random()}; {@link SampleSelector#kMeans()} is the diversity alternative.
 * Immutable and thread-safe.
 */
public final class UncertaintySelector implements SampleSelector {
    private final UncertaintyMeasure measure;
    private final SampleSelector coldStart;

    private UncertaintySelector(Builder b) {
        this.measure = b.measure;
        this.coldStart = b.coldStart;
    }

    /**
     * An uncertainty selector that falls back to random sampling at cold start.
     *
     * @param measure the uncertainty measure
     * @return the selector
     */
    public static UncertaintySelector of(UncertaintyMeasure measure) {
        return builder().measure(measure).build();
    }

    /**
     * Starts a selector.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the uncertainty measure */
    public UncertaintyMeasure measure() {
        return measure;
    }

    /** @return the selector used when there are no predictions yet */
    public SampleSelector coldStart() {
        return coldStart;
    }

    @Override
    public List<Example> select(SelectionContext context) {
        if (!context.hasPredictions()) {
            return coldStart.select(context);
        }
        List<Example> candidates = context.candidates();
        double[] scores = Ranking.uncertainties(context, candidates, measure);
        return Ranking.take(candidates, Ranking.descending(context, scores), context.batchSize());
    }

    @Override
    public String name() {
        return "uncertainty(" + measure + ")";
    }

    @Override
    public String toString() {
        return name() + "[coldStart=" + coldStart.name() + "]";
    }

    /** Builder for {@link UncertaintySelector}; not thread-safe. */
    public static final class Builder {
        private UncertaintyMeasure measure = UncertaintyMeasure.entropy();
        private SampleSelector coldStart = SampleSelector.random();

        private Builder() {
        }

        /**
         * @param measure how uncertain a prediction is; default {@link UncertaintyMeasure#entropy()}
         * @return this builder
         */
        public Builder measure(UncertaintyMeasure measure) {
            this.measure = Objects.requireNonNull(measure, "measure");
            return this;
        }

        /**
         * @param fallback the selector used at cold start; default {@link SampleSelector#random()}
         * @return this builder
         */
        public Builder coldStart(SampleSelector fallback) {
            this.coldStart = Objects.requireNonNull(fallback, "coldStart");
            return this;
        }

        /** @return the selector */
        public UncertaintySelector build() {
            return new UncertaintySelector(this);
        }
    }
}
