package dev.annotator.core.pipeline;

import dev.annotator.core.data.Example;
import dev.annotator.core.span.SpanAnnotation;
import java.util.List;
import java.util.Objects;

/** What a {@link SpanActiveLoop} reports to its {@link SpanLoopListener}s, in the order it happens. */
public sealed interface SpanLoopEvent {

    /** @return the round the event belongs to */
    int round();

    /**
     * The selector chose a batch.
     *
     * @param round the round
     * @param batch the texts, most wanted first
     * @param selector the selector's name
     */
    record BatchSelected(int round, List<Example> batch, String selector) implements SpanLoopEvent {
        /**
         * Copies the batch.
         *
         * @param round the round
         * @param batch the texts
         * @param selector the selector's name
         */
        public BatchSelected {
            batch = List.copyOf(batch);
            Objects.requireNonNull(selector, "selector");
        }
    }

    /**
     * The annotator answered (part of) a round's batch.
     *
     * @param round the round
     * @param annotations the answers, in batch order
     */
    record BatchAnnotated(int round, List<SpanAnnotation> annotations) implements SpanLoopEvent {
        /**
         * Copies the answers.
         *
         * @param round the round
         * @param annotations the answers
         */
        public BatchAnnotated {
            annotations = List.copyOf(annotations);
        }
    }

    /**
     * A round ended: student retrained and scored.
     *
     * @param summary the round
     */
    record RoundFinished(SpanRoundSummary summary) implements SpanLoopEvent {
        /**
         * Checks for null.
         *
         * @param summary the round
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
     * @param round rounds run
     * @param reason why it stopped
     */
    record LoopFinished(int round, StopReason reason) implements SpanLoopEvent {
        /**
         * Checks for null.
         *
         * @param round rounds run
         * @param reason why
         */
        public LoopFinished {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
