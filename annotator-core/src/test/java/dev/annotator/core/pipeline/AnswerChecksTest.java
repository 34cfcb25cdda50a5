package dev.annotator.core.pipeline;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.data.Example;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnswerChecksTest {
    static final Example A = Example.of("a", "first");
    static final Example B = Example.of("b", "second");
    static final Task TASK = Task.singleLabel("t", "x", "y");

    @Test
    void should_refuse_a_batch_too_big_outside_the_pool_repeated_or_already_annotated() {
        Set<String> pool = Set.of("a", "b");
        assertThatCode(() -> AnswerChecks.selectedBatch("selector 's'", List.of(A, B), 2, Set.of(), e -> pool.contains(e.id())))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> AnswerChecks.selectedBatch("selector 's'", List.of(A, B), 1, Set.of(), e -> true))
                .isInstanceOf(IllegalStateException.class).hasMessage("selector 's' returned 2 examples for a batch of 1");
        assertThatThrownBy(() -> AnswerChecks.selectedBatch("selector 's'", List.of(Example.of("c", "x")), 2, Set.of(),
                e -> pool.contains(e.id()))).hasMessageContaining("'c', which is not in the pool");
        assertThatThrownBy(() -> AnswerChecks.selectedBatch("selector 's'", List.of(A, A), 2, Set.of(), e -> true))
                .hasMessageContaining("'a' twice or after it was annotated");
        assertThatThrownBy(() -> AnswerChecks.selectedBatch("selector 's'", List.of(B), 2, Set.of("b"), e -> true))
                .hasMessageContaining("'b' twice or after it was annotated");
    }

    @Test
    void should_refuse_answers_that_are_missing_foreign_or_for_another_task() {
        assertThatThrownBy(() -> AnswerChecks.answerCount("annotator 'k'", null, 2)).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessage("annotator 'k' returned null for 2 examples");
        assertThatThrownBy(() -> AnswerChecks.answerCount("annotator 'k'", List.of("one"), 2))
                .hasMessage("annotator 'k' returned 1 annotations for 2 examples");
        assertThatCode(() -> AnswerChecks.answerCount("annotator 'k'", List.of("one", "two"), 2)).doesNotThrowAnyException();

        Annotation ok = Annotation.labelled("a", LabelDistribution.oneHot(TASK, "x"), 1.0, "k", Cost.FREE);
        assertThatCode(() -> AnswerChecks.classificationAnswer("k", TASK, A, ok)).doesNotThrowAnyException();
        assertThatThrownBy(() -> AnswerChecks.classificationAnswer("k", TASK, B, ok)).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessageContaining("answered example 'a' where 'b' was asked");
        assertThatThrownBy(() -> AnswerChecks.classificationAnswer("other", TASK, A, ok))
                .hasMessageContaining("with source 'k'");
        Task otherTask = Task.singleLabel("u", "x", "y");
        Annotation foreign = Annotation.labelled("a", LabelDistribution.oneHot(otherTask, "x"), 1.0, "k", Cost.FREE);
        assertThatThrownBy(() -> AnswerChecks.classificationAnswer("k", TASK, A, foreign)).hasMessageContaining("for task 'u', not 't'");
    }
}
