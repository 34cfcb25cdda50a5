package dev.annotator.core.weigh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.data.Example;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelWeigherTest {
    private static final Task SENTIMENT = Task.singleLabel("sentiment", "negative", "positive");
    private static final Task OTHER = Task.singleLabel("other", "a", "b");

    private static AnnotatedExample labelled(String id, double pPositive, double confidence, String source) {
        LabelDistribution d = LabelDistribution.of(SENTIMENT, new double[] {1 - pPositive, pPositive});
        return new AnnotatedExample(Example.of(id, "text of " + id), Annotation.labelled(id, d, confidence, source, Cost.FREE));
    }

    private static AnnotatedExample abstained(String id) {
        return new AnnotatedExample(Example.of(id, "text of " + id),
                Annotation.abstained(id, "answer 'maybe' is not a label", "llm:test", Cost.FREE));
    }

    private static List<Double> weights(TrainingSet set) {
        return set.examples().stream().map(TrainingExample::weight).toList();
    }

    @Test
    void should_weigh_every_labelled_annotation_one_and_drop_abstentions() {
        // given
        List<AnnotatedExample> input = List.of(labelled("a", 0.9, 0.9, "llm:test"), abstained("b"),
                labelled("c", 0.2, 0.4, "llm:test"));

        // when
        TrainingSet set = LabelWeigher.uniform().weigh(SENTIMENT, input);

        // then
        assertThat(set.examples()).extracting(e -> e.example().id()).containsExactly("a", "c");
        assertThat(weights(set)).containsExactly(1.0, 1.0);
        assertThat(set.examples().get(0).target().get("positive")).isEqualTo(0.9);
        assertThat(set.teacher()).isEqualTo("llm:test");
        assertThat(set.task()).isEqualTo(SENTIMENT);
    }

    @Test
    void should_weigh_by_confidence_scaled_to_mean_one() {
        List<AnnotatedExample> input = List.of(labelled("a", 1, 0.9, "llm:x"), labelled("b", 0, 0.3, "knn:k=5"), abstained("c"));

        TrainingSet set = LabelWeigher.byConfidence().weigh(SENTIMENT, input);

        assertThat(weights(set).get(0)).isCloseTo(1.5, within(1e-12));
        assertThat(weights(set).get(1)).isCloseTo(0.5, within(1e-12));
        assertThat(set.teacher()).isEqualTo("knn:k=5+llm:x");
    }

    @Test
    void should_sharpen_or_flatten_confidence_weights_with_the_exponent() {
        List<AnnotatedExample> input = List.of(labelled("a", 1, 0.8, "s"), labelled("b", 0, 0.2, "s"));

        assertThat(weights(LabelWeigher.byConfidence(2).weigh(SENTIMENT, input)).get(0))
                .isCloseTo(2 * 0.64 / (0.64 + 0.04), within(1e-12));
        assertThat(weights(LabelWeigher.byConfidence(0).weigh(SENTIMENT, input))).containsExactly(1.0, 1.0);
    }

    @Test
    void should_return_an_empty_set_when_every_annotation_abstained() {
        TrainingSet set = LabelWeigher.byConfidence().weigh(SENTIMENT, List.of(abstained("a"), abstained("b")));

        assertThat(set.isEmpty()).isTrue();
    }

    @Test
    void should_refuse_when_confidence_would_weigh_everything_zero() {
        assertThatThrownBy(() -> LabelWeigher.byConfidence().weigh(SENTIMENT, List.of(labelled("a", 1, 0, "s"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight 0");
    }

    @Test
    void should_name_the_example_on_bad_input() {
        AnnotatedExample foreign = new AnnotatedExample(Example.of("f", "text"),
                Annotation.labelled("f", LabelDistribution.oneHot(OTHER, "a"), 1, "s", Cost.FREE));

        assertThatThrownBy(() -> LabelWeigher.uniform().weigh(SENTIMENT, List.of(foreign)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'f'").hasMessageContaining("'other'");
        assertThatThrownBy(() -> LabelWeigher.uniform().weigh(SENTIMENT, List.of(labelled("d", 1, 1, "s"), labelled("d", 0, 1, "t"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'d' has more than one annotation");
        assertThatThrownBy(() -> LabelWeigher.byConfidence(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("confidence exponent must be finite and >= 0: -1.0");
    }

    @Test
    void should_pair_an_annotators_input_and_output_by_position() {
        List<Example> examples = List.of(Example.of("a", "x"), Example.of("b", "y"));
        Annotation forA = Annotation.abstained("a", "no answer", "s", Cost.FREE);
        Annotation forB = Annotation.abstained("b", "no answer", "s", Cost.FREE);

        assertThat(AnnotatedExample.zip(examples, List.of(forA, forB))).extracting(AnnotatedExample::annotation)
                .containsExactly(forA, forB);
        assertThatThrownBy(() -> AnnotatedExample.zip(examples, List.of(forB, forA)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("annotation of example 'b' paired with example 'a'");
        assertThatThrownBy(() -> AnnotatedExample.zip(examples, List.of(forA)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("2 examples but 1 annotations");
    }

    @Test
    void should_describe_itself() {
        assertThat(LabelWeigher.uniform().name()).isEqualTo("uniform");
        assertThat(LabelWeigher.byConfidence().name()).isEqualTo("confidence");
        assertThat(LabelWeigher.byConfidence(2).name()).isEqualTo("confidence^2.0");
    }
}
