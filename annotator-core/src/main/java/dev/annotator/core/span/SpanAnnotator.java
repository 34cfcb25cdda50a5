package dev.annotator.core.span;

import dev.annotator.core.data.Example;
import dev.annotator.core.task.Task;
import java.util.List;

/**
 * Marks the entities of a {@link dev.annotator.core.task.TaskKind#SPAN} task in texts: the span
 * counterpart of {@link dev.annotator.core.annotate.Annotator}. annotator-llm's
 * {@code LlmSpanAnnotator} is one; a human, a dictionary or a scripted test annotator can be others.
 * {@link dev.annotator.core.pipeline.SpanActiveLoop} asks one about the texts it selects.
 */
public interface SpanAnnotator {

    /** @return who answers, written as every annotation's {@link SpanAnnotation#source()}, e.g. {@code llm:gpt-4o-mini} */
    String name();

    /** @return the span task; its labels are the entity types */
    Task task();

    /**
     * Annotates texts.
     *
     * @param examples the texts
     * @return one annotation per text, in order, with the text's id: placed spans, or an abstention
     *     with the reason
     * @throws dev.annotator.core.AnnotatorException when the run cannot go on (budget, credentials);
     *     what was paid for before is kept by the annotator's store, if it has one
     */
    List<SpanAnnotation> annotate(List<Example> examples);
}
