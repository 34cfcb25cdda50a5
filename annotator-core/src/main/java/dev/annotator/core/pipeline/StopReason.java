package dev.annotator.core.pipeline;

/** Why an {@link ActiveAnnotationLoop} or a {@link SpanActiveLoop} stopped. */
public enum StopReason {
    /** Every round of the {@link LoopSchedule} ran. */
    SCHEDULE_DONE,
    /** The label budget was used up. */
    LABEL_BUDGET,
    /** The money budget could not afford another annotation. */
    MONEY_BUDGET,
    /** Every text of the pool was annotated. */
    POOL_EXHAUSTED
}
