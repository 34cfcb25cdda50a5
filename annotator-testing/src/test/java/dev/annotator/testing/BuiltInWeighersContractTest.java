package dev.annotator.testing;

import dev.annotator.core.weigh.LabelWeigher;
import org.junit.jupiter.api.Nested;

/** Every built-in weigher passes {@link LabelWeigherContract}. */
class BuiltInWeighersContractTest {

    @Nested
    class Uniform extends LabelWeigherContract {
        @Override
        protected LabelWeigher weigher() {
            return LabelWeigher.uniform();
        }
    }

    @Nested
    class ByConfidence extends LabelWeigherContract {
        @Override
        protected LabelWeigher weigher() {
            return LabelWeigher.byConfidence();
        }
    }

    @Nested
    class ByConfidenceSquared extends LabelWeigherContract {
        @Override
        protected LabelWeigher weigher() {
            return LabelWeigher.byConfidence(2);
        }
    }
}
