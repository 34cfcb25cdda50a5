package dev.annotator.core.select;

import dev.annotator.core.data.Example;
import java.util.List;
import java.util.Objects;

/**
 * Uncertainty then diversity: keeps the {@code multiplier × batch size} most uncertain candidates and
 * lets a diversity selector (by default k-means) choose the batch among them, so the batch is both
 * informative and not redundant (LLMAAA's hybrid strategy).
 *
 * <p>Cold start (no predictions): the diversity selector runs on all candidates. Immutable and
 * thread-safe.
 */
public final class HybridSelector implements SampleSelector {
    /** Default size of the uncertain pre-selection, in batches. */
    public static final int DEFAULT_MULTIPLIER = 5;

    private final UncertaintyMeasure measure;
    private final int multiplier;
    private final SampleSelector diversity;

    private HybridSelector(Builder b) {
        this.measure = b.measure;
        this.multiplier = b.multiplier;
        this.diversity = b.diversity;
    }

    /**
     * Starts a selector.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the uncertainty measure of the pre-filter */
    public UncertaintyMeasure measure() {
        return measure;
    }

    /** @return how many batches' worth of uncertain candidates the pre-filter keeps */
    public int multiplier() {
        return multiplier;
    }

    /** @return the selector choosing among the uncertain candidates */
    public SampleSelector diversity() {
        return diversity;
    }

    @Override
    public List<Example> select(SelectionContext context) {
        if (!context.hasPredictions()) {
            return diversity.select(context);
        }
        List<Example> candidates = context.candidates();
        double[] scores = Ranking.uncertainties(context, candidates, measure);
        long keep = Math.min((long) multiplier * context.batchSize(), candidates.size());
        List<Example> uncertain = Ranking.take(candidates, Ranking.descending(context, scores), (int) keep);
        return diversity.select(context.restrictedTo(uncertain));
    }

    @Override
    public String name() {
        return "hybrid(" + measure + ",x" + multiplier + "," + diversity.name() + ")";
    }

    @Override
    public String toString() {
        return name();
    }

    /** Builder for {@link HybridSelector}; not thread-safe. */
    public static final class Builder {
        private UncertaintyMeasure measure = UncertaintyMeasure.entropy();
        private int multiplier = DEFAULT_MULTIPLIER;
        private SampleSelector diversity = SampleSelector.kMeans();

        private Builder() {
        }

        /**
         * @param measure the pre-filter's uncertainty measure; default {@link UncertaintyMeasure#entropy()}
         * @return this builder
         */
        public Builder measure(UncertaintyMeasure measure) {
            this.measure = Objects.requireNonNull(measure, "measure");
            return this;
        }

        /**
         * @param multiplier the pre-filter keeps {@code multiplier × batch size} candidates; at least 1
         *     (1 makes it plain uncertainty sampling); default {@value HybridSelector#DEFAULT_MULTIPLIER}
         * @return this builder
         */
        public Builder multiplier(int multiplier) {
            if (multiplier < 1) {
                throw new IllegalArgumentException("multiplier must be >= 1: " + multiplier);
            }
            this.multiplier = multiplier;
            return this;
        }

        /**
         * @param diversity chooses the batch among the uncertain candidates; default
         *     {@link SampleSelector#kMeans()}, or {@link SampleSelector#kCenter()}
         * @return this builder
         */
        public Builder diversity(SampleSelector diversity) {
            this.diversity = Objects.requireNonNull(diversity, "diversity");
            return this;
        }

        /** @return the selector */
        public HybridSelector build() {
            return new HybridSelector(this);
        }
    }
}
