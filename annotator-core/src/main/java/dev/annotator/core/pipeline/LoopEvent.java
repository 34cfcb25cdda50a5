package dev.annotator.core.pipeline;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.data.Example;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link ActiveAnnotationLoop} tells its {@link LoopListener}s, in this order for every round:
 * {@link BatchSelected}, {@link BatchAnnotated}, {@link RoundFinished}; then one {@link LoopFinished}.
 * A round stopped by the budget before any text was annotated emits no events.
 */
public sealed interface LoopEvent {

    /** @return the round the event belongs to, from 0 ({@link LoopFinished}: the number of rounds run) */
    int round();

    /**
     * The selector chose the round's texts.
     *
     * @param round the round
     * @param batch the texts, most wanted first
     */
    record BatchSelected(int round, List<Example> batch) implements LoopEvent {
        /**
         * Copies.
         *
         * @param round the round
         * @param batch the texts
         */
        public BatchSelected {
            batch = List.copyOf(batch);
        }
    }

    /**
     * The round's texts were annotated, and every annotation stored.
     *
     * @param round the round
     * @param annotations one per annotated text, in batch order (fewer than selected when the money
     *     budget ran out)
     * @param annotated how many the annotator was asked about in this run
     * @param cached how many came from the store
     */
    record BatchAnnotated(int round, List<Annotation> annotations, int annotated, int cached) implements LoopEvent {
        /**
         * Copies.
         *
         * @param round the round
         * @param annotations the annotations
         * @param annotated asked in this run
         * @param cached from the store
         */
        public BatchAnnotated {
            annotations = List.copyOf(annotations);
        }
    }

    /**
     * The student was retrained and evaluated.
     *
     * @param summary what the round did and how the student scored
     */
    record RoundFinished(RoundSummary summary) implements LoopEvent {
        /**
         * Validates.
         *
         * @param summary the round's summary
         */
        public RoundFinished {
            Objects.requireNonNull(summary, "summary");
        }

        @Override
        public int round() {
            return summary.round();
        }
    }

    /**
     * The loop stopped.
     *
     * @param round how many rounds ran
     * @param reason why it stopped
     */
    record LoopFinished(int round, StopReason reason) implements LoopEvent {
        /**
         * Validates.
         *
         * @param round rounds run
         * @param reason why it stopped
         */
        public LoopFinished {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
