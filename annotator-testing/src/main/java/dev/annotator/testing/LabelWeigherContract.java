package dev.annotator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.weigh.AnnotatedExample;
import dev.annotator.core.weigh.LabelWeigher;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.data.Example;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link LabelWeigher} honours. An implementation's test extends this class and
 * supplies the weigher; the tests run it on LLM-style annotations of a sentiment task, some of them
 * abstentions, with varied confidence.
 */
public abstract class LabelWeigherContract {

    /** The task of the contract's annotations. */
    protected static final Task SENTIMENT = Task.singleLabel("contract-sentiment", "negative", "positive");

    private static final String[] TEXTS = {"great film, loved it", "awful acting", "i loved every minute",
        "boring and dull", "excellent cast", "terrible pacing", "a wonderful story", "hated it", "fine, i guess",
        "brilliant music", "dreadful script", "moving and great"};

    /** @return the weigher under test */
    protected abstract LabelWeigher weigher();

    /**
     * Twelve annotated examples: every fourth an abstention, the rest labelled by two sources with
     * confidence between 0.55 and 0.99.
     *
     * @return the annotated examples
     */
    protected static List<AnnotatedExample> annotated() {
        List<AnnotatedExample> out = new ArrayList<>();
        for (int i = 0; i < TEXTS.length; i++) {
            Example e = Example.of("x" + i, TEXTS[i]);
            String source = i % 2 == 0 ? "llm:contract" : "knn:contract";
            if (i % 4 == 3) {
                out.add(new AnnotatedExample(e, Annotation.abstained(e.id(), "no label in the answer", source, Cost.FREE)));
            } else {
                double p = i % 3 == 0 ? 0.9 : 0.2;
                double confidence = 0.55 + 0.04 * i;
                out.add(new AnnotatedExample(e, Annotation.labelled(e.id(),
                        LabelDistribution.of(SENTIMENT, new double[] {1 - p, p}), confidence, source, Cost.FREE)));
            }
        }
        return out;
    }

    @Test
    void should_keep_every_labelled_annotation_in_order_and_drop_abstentions() {
        List<AnnotatedExample> input = annotated();

        TrainingSet set = weigher().weigh(SENTIMENT, input);

        List<String> expected = input.stream().filter(a -> !a.annotation().isAbstention()).map(a -> a.example().id()).toList();
        assertThat(set.examples()).extracting(e -> e.example().id()).containsExactlyElementsOf(expected);
        assertThat(set.task()).isEqualTo(SENTIMENT);
    }

    @Test
    void should_train_towards_the_annotations_distributions() {
        List<AnnotatedExample> input = annotated();

        TrainingSet set = weigher().weigh(SENTIMENT, input);

        for (TrainingExample e : set.examples()) {
            AnnotatedExample source = input.stream().filter(a -> a.example().id().equals(e.example().id())).findFirst().orElseThrow();
            assertThat(e.target()).isEqualTo(source.annotation().distribution().orElseThrow());
            assertThat(e.example()).isEqualTo(source.example());
        }
    }

    @Test
    void should_give_finite_non_negative_weights_not_all_zero() {
        TrainingSet set = weigher().weigh(SENTIMENT, annotated());

        assertThat(set.examples()).allSatisfy(e -> assertThat(e.weight()).isFinite().isGreaterThanOrEqualTo(0));
        assertThat(set.examples().stream().mapToDouble(TrainingExample::weight).sum()).isPositive();
    }

    @Test
    void should_name_the_annotation_sources_as_teacher() {
        TrainingSet set = weigher().weigh(SENTIMENT, annotated());

        assertThat(set.teacher()).contains("llm:contract").contains("knn:contract");
    }

    @Test
    void should_be_deterministic() {
        assertThat(weigher().weigh(SENTIMENT, annotated()).fingerprint())
                .isEqualTo(weigher().weigh(SENTIMENT, annotated()).fingerprint());
    }

    @Test
    void should_return_an_empty_set_when_all_abstained() {
        List<AnnotatedExample> abstentions = annotated().stream().filter(a -> a.annotation().isAbstention()).toList();

        assertThat(weigher().weigh(SENTIMENT, abstentions).isEmpty()).isTrue();
    }

    @Test
    void should_reject_two_annotations_of_one_example() {
        List<AnnotatedExample> input = new ArrayList<>(annotated());
        input.add(input.get(0));

        assertThatThrownBy(() -> weigher().weigh(SENTIMENT, input)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x0'");
    }

    @Test
    void should_reject_annotations_of_another_task() {
        Task other = Task.singleLabel("contract-other", "a", "b");
        AnnotatedExample foreign = new AnnotatedExample(Example.of("f", "text"),
                Annotation.labelled("f", LabelDistribution.oneHot(other, "a"), 1, "s", Cost.FREE));

        assertThatThrownBy(() -> weigher().weigh(SENTIMENT, List.of(foreign))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'f'");
    }
}
