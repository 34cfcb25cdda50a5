package dev.annotator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.annotator.core.AnnotatorException;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Annotator} honours. An implementation's test extends this class and
 * supplies an annotator of {@link #task()} (it may learn from {@link #gold()}); the tests annotate
 * {@link #probe()}: the four test texts of {@link Fixtures#sentimentData()} and two texts about
 * nothing in particular.
 *
 * <p>Checked: one annotation per example, in order, with the example's id; each a label distribution
 * over the task with chosen labels of the task and a confidence in [0, 1], or an abstention with a
 * reason; an empty batch gives nothing; and, when the implementation has a budget
 * ({@link #budgeted(int)}), a run that needs more than the budget stops with an
 * {@link AnnotatorException} and never spends past it.
 */
public abstract class AnnotatorContract {

    /**
     * An annotator with a budget, and a way to count what it spent.
     *
     * @param annotator the annotator, allowed a given number of paid calls
     * @param callsMade how many paid calls (model requests, paid answers) it has made so far
     */
    public record Budgeted(Annotator annotator, LongSupplier callsMade) {
        /**
         * Validates.
         *
         * @param annotator the annotator, allowed a given number of paid calls
         * @param callsMade how many paid calls (model requests, paid answers) it has made so far
         */
        public Budgeted {
            Objects.requireNonNull(annotator, "annotator");
            Objects.requireNonNull(callsMade, "callsMade");
        }
    }

    /** @return a new annotator of {@link #task()}, closed by the contract after each test */
    protected abstract Annotator annotator();

    /**
     * An annotator of {@link #task()} that may make at most {@code maxCalls} paid calls, each call
     * answering one example (set the batch size to 1 where there is one). Implementations without a
     * budget keep the default, which skips the budget tests.
     *
     * @param maxCalls the budget in calls; at least 1
     * @return the budgeted annotator and its spend counter, or empty when there is no budget
     */
    protected Optional<Budgeted> budgeted(int maxCalls) {
        return Optional.empty();
    }

    /** @return the task: {@link Fixtures#sentimentTask()} */
    protected static Task task() {
        return Fixtures.sentimentTask();
    }

    /** @return the labelled training rows of {@link Fixtures#sentimentData()}, for annotators that learn from gold */
    protected static List<LabelledExample> gold() {
        return Fixtures.sentimentData().split(Split.TRAIN);
    }

    /** @return six examples to annotate: the test rows of {@link Fixtures#sentimentData()} and two unrelated texts */
    protected static List<Example> probe() {
        List<Example> out = new ArrayList<>();
        Fixtures.sentimentData().split(Split.TEST).forEach(r -> out.add(r.example()));
        out.add(Example.of("q-weather", "rain is expected on tuesday"));
        out.add(Example.of("q-numbers", "4 8 15 16 23 42"));
        return List.copyOf(out);
    }

    private static void assertValid(Annotation a, Task task) {
        if (a.isAbstention()) {
            assertThat(a.abstentionReason()).as("abstention reason of %s", a.exampleId()).hasValueSatisfying(
                    r -> assertThat(r).isNotBlank());
            assertThat(a.labels()).as("labels of an abstention").isEmpty();
            assertThat(a.distribution()).as("distribution of an abstention").isEmpty();
        } else {
            LabelDistribution d = a.distribution().orElseThrow(() -> new AssertionError("no distribution for " + a));
            assertThat(d.task()).as("task of %s", a.exampleId()).isEqualTo(task);
            if (!task.isMultiLabel()) {
                assertThat(a.labels()).as("labels of %s", a.exampleId()).hasSize(1);
            }
            assertThat(task.labelNames()).as("labels of %s", a.exampleId()).containsAll(a.labels());
            assertThat(a.confidence()).as("confidence of %s", a.exampleId()).isBetween(0.0, 1.0);
        }
        assertThat(a.source()).as("source of %s", a.exampleId()).isNotBlank();
    }

    @Test
    void should_answer_every_example_once_in_order_with_its_id() {
        List<Example> probe = probe();
        try (Annotator annotator = annotator()) {
            List<Annotation> out = annotator.annotate(probe);

            assertThat(out).extracting(Annotation::exampleId).containsExactlyElementsOf(probe.stream().map(Example::id).toList());
        }
    }

    @Test
    void should_keep_the_order_of_a_reversed_batch() {
        List<Example> reversed = new ArrayList<>(probe());
        Collections.reverse(reversed);
        try (Annotator annotator = annotator()) {
            List<Annotation> out = annotator.annotate(reversed);

            assertThat(out).extracting(Annotation::exampleId).containsExactlyElementsOf(reversed.stream().map(Example::id).toList());
        }
    }

    @Test
    void should_give_a_label_of_the_task_or_an_abstention_with_a_reason() {
        try (Annotator annotator = annotator()) {
            assertThat(annotator.task()).isEqualTo(task());
            assertThat(annotator.name()).isNotBlank();

            for (Annotation a : annotator.annotate(probe())) {
                assertValid(a, task());
            }
        }
    }

    @Test
    void should_annotate_a_single_example() {
        Example one = probe().get(0);
        try (Annotator annotator = annotator()) {
            Annotation a = annotator.annotate(one);

            assertThat(a.exampleId()).isEqualTo(one.id());
            assertValid(a, task());
        }
    }

    @Test
    void should_return_nothing_for_an_empty_batch() {
        try (Annotator annotator = annotator()) {
            assertThat(annotator.annotate(List.of())).isEmpty();
        }
    }

    @Test
    void should_stop_with_an_exception_at_its_budget_one_example_at_a_time() {
        Optional<Budgeted> budgeted = budgeted(3);
        assumeTrue(budgeted.isPresent(), "the annotator has no budget");
        Budgeted b = budgeted.get();
        try (Annotator annotator = b.annotator()) {
            List<Annotation> answered = new ArrayList<>();
            AnnotatorException stopped = null;
            for (Example e : probe()) {
                try {
                    answered.addAll(annotator.annotate(List.of(e)));
                } catch (AnnotatorException ex) {
                    stopped = ex;
                    break;
                }
            }

            assertThat(stopped).as("stopped by the budget").isNotNull();
            assertThat(b.callsMade().getAsLong()).as("calls made").isLessThanOrEqualTo(3);
            assertThat(answered).as("answers before the budget ran out").hasSizeLessThanOrEqualTo(3)
                    .allSatisfy(a -> assertValid(a, task()));
        }
    }

    @Test
    void should_not_spend_past_its_budget_on_a_large_batch() {
        Optional<Budgeted> budgeted = budgeted(3);
        assumeTrue(budgeted.isPresent(), "the annotator has no budget");
        Budgeted b = budgeted.get();
        try (Annotator annotator = b.annotator()) {
            assertThatThrownBy(() -> annotator.annotate(probe())).isInstanceOf(AnnotatorException.class);

            assertThat(b.callsMade().getAsLong()).as("calls made").isLessThanOrEqualTo(3);
        }
    }
}
