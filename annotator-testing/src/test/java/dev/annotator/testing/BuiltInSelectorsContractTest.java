package dev.annotator.testing;

import dev.annotator.core.select.CostAwareSelector;
import dev.annotator.core.select.HybridSelector;
import dev.annotator.core.select.SampleSelector;
import dev.annotator.core.select.UncertaintyMeasure;
import dev.annotator.core.select.UncertaintySelector;
import org.junit.jupiter.api.Nested;

/** Every built-in selector passes {@link SampleSelectorContract}. */
class BuiltInSelectorsContractTest {

    @Nested
    class Random extends SampleSelectorContract {
        @Override
        protected SampleSelector selector() {
            return SampleSelector.random();
        }
    }

    @Nested
    class LeastConfidence extends SampleSelectorContract {
        @Override
        protected SampleSelector selector() {
            return SampleSelector.leastConfidence();
        }
    }

    @Nested
    class Margin extends SampleSelectorContract {
        @Override
        protected SampleSelector selector() {
            return SampleSelector.margin();
        }
    }

    @Nested
    class Entropy extends SampleSelectorContract {
        @Override
        protected SampleSelector selector() {
            return SampleSelector.entropy();
        }
    }

    @Nested
    class EntropyWithDiversityColdStart extends SampleSelectorContract {
        @Override
        protected SampleSelector selector() {
            return UncertaintySelector.builder().measure(UncertaintyMeasure.entropy()).coldStart(SampleSelector.kMeans()).build();
        }
    }

    @Nested
    class KMeans extends SampleSelectorContract {
        @Override
        protected SampleSelector selector() {
            return SampleSelector.kMeans();
        }
    }

    @Nested
    class KCenter extends SampleSelectorContract {
        @Override
        protected SampleSelector selector() {
            return SampleSelector.kCenter();
        }
    }

    @Nested
    class Hybrid extends SampleSelectorContract {
        @Override
        protected SampleSelector selector() {
            return SampleSelector.hybrid();
        }
    }

    @Nested
    class HybridWithKCenter extends SampleSelectorContract {
        @Override
        protected SampleSelector selector() {
            return HybridSelector.builder().measure(UncertaintyMeasure.margin()).multiplier(3)
                    .diversity(SampleSelector.kCenter()).build();
        }
    }

    @Nested
    class CostAware extends SampleSelectorContract {
        @Override
        protected SampleSelector selector() {
            return CostAwareSelector.builder().budget(30).build();
        }

        @Override
        protected boolean fillsBatch() {
            return false;
        }
    }

    @Nested
    class CostAwareWithAmpleBudget extends SampleSelectorContract {
        @Override
        protected SampleSelector selector() {
            return CostAwareSelector.builder().gain(UncertaintyMeasure.leastConfidence()).budget(1e6).build();
        }
    }
}
