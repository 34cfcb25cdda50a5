package dev.annotator.student.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.data.Example;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.Label;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FastStudentTrainerTest {
    static final Task SENTIMENT = Task.singleLabel("sentiment", "negative", "positive");
    static final String[] POSITIVE = {"great film, loved it", "wonderful acting and a great story", "i loved every minute",
        "excellent, would watch again", "a wonderful, moving film", "great fun and excellent music"};
    static final String[] NEGATIVE = {"terrible film, hated it", "awful acting and a boring story", "i hated every minute",
        "dreadful, would never watch again", "a boring, awful film", "terrible pacing and awful music"};

    static TrainingSet toyTrainingSet() {
        List<TrainingExample> ex = new ArrayList<>();
        for (int i = 0; i < POSITIVE.length; i++) {
            ex.add(TrainingExample.of(Example.of("p" + i, POSITIVE[i]), LabelDistribution.oneHot(SENTIMENT, "positive")));
            ex.add(TrainingExample.of(Example.of("n" + i, NEGATIVE[i]), LabelDistribution.oneHot(SENTIMENT, "negative")));
        }
        return TrainingSet.of(SENTIMENT, ex);
    }

    static FastStudentTrainer smallTrainer(long seed) {
        return FastStudentTrainer.builder().featurizer(FeaturizerConfig.builder().buckets(1 << 14).build()).seed(seed).build();
    }

    @Test
    void should_learn_a_separable_task() {
        FastStudentModel model = smallTrainer(1).train(toyTrainingSet());

        assertThat(model.predict("loved it, great and wonderful").top()).isEqualTo("positive");
        assertThat(model.predict("awful and boring, hated it").top()).isEqualTo("negative");
        assertThat(model.predict("a great story").get("positive")).isGreaterThan(0.5);
    }

    @Test
    void should_give_the_same_model_for_the_same_seed_and_data() {
        FastStudentModel a = smallTrainer(7).train(toyTrainingSet());
        FastStudentModel b = smallTrainer(7).train(toyTrainingSet());

        List<String> probe = List.of("great", "awful", "a film about music", "never again");
        assertThat(a.predictBatch(probe)).isEqualTo(b.predictBatch(probe));
        assertThat(a.provenance().dataFingerprint()).isEqualTo(b.provenance().dataFingerprint());
    }

    @Test
    void should_fit_soft_labels_as_given() {
        // given one text whose target is 70% positive
        double[] soft = {0.3, 0.7};
        TrainingSet set = TrainingSet.of(SENTIMENT, List.of(new TrainingExample(Example.of("s", "an ambiguous review"),
                LabelDistribution.of(SENTIMENT, soft), 1.0)));

        FastStudentModel model = FastStudentTrainer.builder().featurizer(FeaturizerConfig.builder().buckets(1 << 12).build())
                .l2(0).epochs(400).learningRate(0.5).build().train(set);

        // then the model's probability matches the soft target, not the hard argmax
        assertThat(model.predict("an ambiguous review").get("positive")).isCloseTo(0.7, within(0.02));
    }

    @Test
    void should_follow_example_weights() {
        // given the same text labelled both ways, positive weighted three times as heavily
        TrainingSet set = TrainingSet.of(SENTIMENT, List.of(
                new TrainingExample(Example.of("a", "same text"), LabelDistribution.oneHot(SENTIMENT, "positive"), 3.0),
                new TrainingExample(Example.of("b", "same text"), LabelDistribution.oneHot(SENTIMENT, "negative"), 1.0)));

        FastStudentModel model = FastStudentTrainer.builder().featurizer(FeaturizerConfig.builder().buckets(1 << 12).build())
                .l2(0).epochs(400).learningRate(0.2).build().train(set);

        // then the fitted probability is the weighted share, 3 / (3 + 1)
        assertThat(model.predict("same text").get("positive")).isCloseTo(0.75, within(0.03));
    }

    @Test
    void should_ignore_examples_with_zero_weight() {
        List<TrainingExample> ex = new ArrayList<>(toyTrainingSet().examples());
        ex.add(new TrainingExample(Example.of("poison", "loved it great wonderful"), LabelDistribution.oneHot(SENTIMENT, "negative"), 0.0));

        FastStudentModel model = smallTrainer(1).train(TrainingSet.of(SENTIMENT, ex));

        assertThat(model.predict("loved it great wonderful").top()).isEqualTo("positive");
    }

    @Test
    void should_learn_independent_labels_for_multi_label_tasks() {
        Task topics = Task.builder().name("topics").kind(TaskKind.MULTI_LABEL)
                .label(Label.of("sports")).label(Label.of("money")).build();
        List<TrainingExample> ex = new ArrayList<>();
        String[][] data = {{"football match tonight", "sports"}, {"tennis final result", "sports"},
            {"stock prices fell", "money"}, {"bank interest rates", "money"},
            {"football club stock prices", "sports|money"}, {"tennis star bank deal", "sports|money"},
            {"the weather is mild", ""}, {"a quiet afternoon", ""}};
        for (int i = 0; i < data.length; i++) {
            Set<String> labels = data[i][1].isEmpty() ? Set.of() : Set.of(data[i][1].split("\\|"));
            ex.add(TrainingExample.of(Example.of("t" + i, data[i][0]), LabelDistribution.ofLabels(topics, labels)));
        }

        FastStudentModel model = smallTrainer(3).train(TrainingSet.of(topics, ex));

        assertThat(model.predict("football match").chosen()).containsExactly("sports");
        assertThat(model.predict("stock prices and interest rates").chosen()).containsExactly("money");
        assertThat(model.predict("a mild quiet afternoon").chosen()).isEmpty();
    }

    @Test
    void should_stop_early_and_record_it_in_provenance() {
        // given a dev set that contradicts the training labels, so it only gets worse after epoch 1
        TrainingSet train = toyTrainingSet();
        List<TrainingExample> flipped = new ArrayList<>();
        for (TrainingExample e : train.examples()) {
            String other = e.target().top().equals("positive") ? "negative" : "positive";
            flipped.add(TrainingExample.of(e.example(), LabelDistribution.oneHot(SENTIMENT, other)));
        }
        FastStudentTrainer trainer = FastStudentTrainer.builder().featurizer(FeaturizerConfig.builder().buckets(1 << 14).build())
                .epochs(50).patience(2).build();

        FastStudentModel model = trainer.train(train, TrainingSet.of(SENTIMENT, flipped));

        // then training stops after the first epoch plus the patience
        assertThat(model.provenance().trainingConfig()).containsEntry("epochsRun", "3");
        assertThat(model.provenance().trainingConfig()).containsEntry("devExamples", "12").containsKey("l2");
        assertThat(model.provenance().studentType()).isEqualTo("fast");
        assertThat(model.provenance().teacher()).isEqualTo("unspecified");
    }

    @Test
    void should_reject_empty_training_set() {
        assertThatThrownBy(() -> smallTrainer(1).train(TrainingSet.of(SENTIMENT, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sentiment").hasMessageContaining("empty");
    }

    @Test
    void should_reject_dev_set_of_another_task() {
        Task other = Task.singleLabel("other", "a", "b");

        assertThatThrownBy(() -> smallTrainer(1).train(toyTrainingSet(), TrainingSet.of(other, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other");
    }

    @Test
    void should_reject_bad_hyper_parameters_naming_them() {
        assertThatThrownBy(() -> FastStudentTrainer.builder().epochs(0)).hasMessage("epochs must be >= 1: 0");
        assertThatThrownBy(() -> FastStudentTrainer.builder().learningRate(-1)).hasMessageContaining("learningRate");
        assertThatThrownBy(() -> FastStudentTrainer.builder().l2(Double.NaN)).hasMessageContaining("l2");
    }
}
