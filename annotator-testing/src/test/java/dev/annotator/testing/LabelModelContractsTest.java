package dev.annotator.testing;

import dev.annotator.core.labelmodel.DawidSkeneLabelModel;
import dev.annotator.core.labelmodel.LabelModel;
import dev.annotator.core.labelmodel.WeightedMajorityVoteLabelModel;
import org.junit.jupiter.api.Nested;

/** Runs {@link LabelModelContract} against every built-in label model. */
class LabelModelContractsTest {

    @Nested
    class MajorityVote extends LabelModelContract {
        @Override
        protected LabelModel model() {
            return LabelModel.majorityVote();
        }
    }

    @Nested
    class WeightedMajorityVote extends LabelModelContract {
        @Override
        protected LabelModel model() {
            return WeightedMajorityVoteLabelModel.fromDevAccuracy(votes(), gold());
        }
    }

    @Nested
    class DawidSkene extends LabelModelContract {
        @Override
        protected LabelModel model() {
            return LabelModel.dawidSkene();
        }
    }

    @Nested
    class DawidSkeneMissingAtRandom extends LabelModelContract {
        @Override
        protected LabelModel model() {
            return DawidSkeneLabelModel.builder().abstainAsEvidence(false).build();
        }
    }
}
