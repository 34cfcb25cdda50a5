package dev.annotator.student.span;

import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.task.Task;

/** The span-type check every span trainer, weigher and annotator applies to the texts it is given. */
final class SpanTypes {
    private SpanTypes() {
    }

    /**
     * @param task the span task
     * @param e a text with spans
     * @param what what the text is, for the message (e.g. {@code "gold"})
     * @throws IllegalArgumentException when a span's type is not an entity type of the task
     */
    static void require(Task task, SpanExample e, String what) {
        for (Span s : e.spans()) {
            if (!task.hasLabel(s.type())) {
                throw new IllegalArgumentException(what + " text '" + e.id() + "' has span " + s + " whose type is not an "
                        + "entity type of task '" + task.name() + "' " + task.labelNames());
            }
        }
    }
}
