package dev.annotator.core.pipeline;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.data.Example;
import dev.annotator.core.task.Task;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The checks every loop applies to what its plug-ins hand back: a selector's batch, the number of an
 * annotator's answers, and whose answer each one is. Shared by {@link ActiveAnnotationLoop},
 * {@link SpanActiveLoop} and {@link DistillationPipeline}.
 */
final class AnswerChecks {
    private AnswerChecks() {
    }

    /**
     * @param who the selector, for messages (e.g. {@code "selector 'entropy'"})
     * @param batch what it returned
     * @param want the most it may return
     * @param labelled ids already annotated
     * @param inPool whether an example is (exactly) one of the pool's
     * @throws IllegalStateException when the batch is too big, or holds an example outside the pool,
     *     twice, or already annotated
     */
    static void selectedBatch(String who, List<Example> batch, int want, Set<String> labelled, Predicate<Example> inPool) {
        if (batch.size() > want) {
            throw new IllegalStateException(who + " returned " + batch.size() + " examples for a batch of " + want);
        }
        Set<String> seen = new HashSet<>();
        for (Example e : batch) {
            if (!inPool.test(e)) {
                throw new IllegalStateException(who + " returned example '" + e.id() + "', which is not in the pool");
            }
            if (labelled.contains(e.id()) || !seen.add(e.id())) {
                throw new IllegalStateException(who + " returned example '" + e.id() + "' twice or after it was annotated");
            }
        }
    }

    /**
     * @param who the annotator, for messages (e.g. {@code "annotator 'knn'"})
     * @param answers what it returned, maybe null
     * @param asked how many examples it was given
     * @throws NonRetriableAnnotatorException when the answers are null or not one per example
     */
    static void answerCount(String who, List<?> answers, int asked) {
        if (answers == null || answers.size() != asked) {
            throw new NonRetriableAnnotatorException(who + " returned " + (answers == null ? "null" : answers.size() + " annotations")
                    + " for " + asked + " examples");
        }
    }

    /**
     * @param who the annotator, for messages
     * @param annotatorName its name, which every answer must carry as its source
     * @param e the example asked
     * @param exampleId the example id the answer names
     * @param source the answer's source
     * @throws NonRetriableAnnotatorException when the answer is for another example or from another source
     */
    static void answerTo(String who, String annotatorName, Example e, String exampleId, String source) {
        if (!exampleId.equals(e.id())) {
            throw new NonRetriableAnnotatorException(who + " answered example '" + exampleId + "' where '" + e.id() + "' was asked");
        }
        if (!source.equals(annotatorName)) {
            throw new NonRetriableAnnotatorException(who + " returned an annotation of '" + e.id() + "' with source '" + source
                    + "'; an annotator's answers carry its name() as their source");
        }
    }

    /**
     * {@link #answerTo} for a classification answer, which must also be a distribution over the task.
     *
     * @param annotatorName the annotator's name
     * @param task the loop's task
     * @param e the example asked
     * @param a the answer
     */
    static void classificationAnswer(String annotatorName, Task task, Example e, Annotation a) {
        String who = "annotator '" + annotatorName + "'";
        answerTo(who, annotatorName, e, a.exampleId(), a.source());
        a.distribution().ifPresent(d -> {
            if (!d.task().equals(task)) {
                throw new NonRetriableAnnotatorException(who + " labelled '" + e.id() + "' for task '" + d.task().name() + "', not '"
                        + task.name() + "'");
            }
        });
    }
}
