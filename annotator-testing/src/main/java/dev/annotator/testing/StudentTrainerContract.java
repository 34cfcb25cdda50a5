package dev.annotator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.annotator.core.student.Provenance;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.student.StudentTrainer;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.data.Example;
import dev.annotator.core.task.Label;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link StudentTrainer} honours. An implementation's test extends this class
 * and supplies a trainer for a seed; the tests here then run against it (as langchain4j's
 * {@code AbstractBaseChatModelIT} does for chat models): it fits its data, gives valid distributions
 * in input order, is reproducible per seed, records provenance, honours soft labels and weights,
 * learns multi-label tasks, rejects an empty set, and, with {@link #roundTrip}, predicts the same
 * after a save and reload (ONNX round-trip parity).
 */
public abstract class StudentTrainerContract {

    /** A small sentiment task used by the contract. */
    protected static final Task SENTIMENT = Task.builder().name("contract-sentiment")
            .label("negative", "the writer disliked it").label("positive", "the writer liked it").build();

    private static final String[] POSITIVE = {"great film, loved it", "wonderful acting and a great story",
        "i loved every minute", "excellent, would watch again", "a wonderful, moving film", "great fun and excellent music",
        "brilliant and great", "loved the excellent cast"};
    private static final String[] NEGATIVE = {"terrible film, hated it", "awful acting and a boring story",
        "i hated every minute", "dreadful, would never watch again", "a boring, awful film", "terrible pacing and awful music",
        "dull and terrible", "hated the awful cast"};

    /**
     * @param seed the seed the trainer must use
     * @return a trainer of the implementation under test
     */
    protected abstract StudentTrainer trainer(long seed);

    /**
     * Saves a trained model in the implementation's file format and loads it back (for the built-in
     * students: export to ONNX, reload through ONNX Runtime). The contract then checks that the
     * reloaded model gives the same task, seed and data fingerprint, and the same predictions within
     * 1e-5. Implementations without a file format keep the default, which skips that test.
     *
     * @param trained a model this trainer produced
     * @param directory an empty temporary directory to write into
     * @return the reloaded model (closed by the contract), or empty when there is no file format
     * @throws IOException when writing or reading the file fails
     */
    protected Optional<StudentModel> roundTrip(StudentModel trained, Path directory) throws IOException {
        return Optional.empty();
    }

    /** @return the toy training set: separable by sentiment words */
    protected static TrainingSet sentimentSet() {
        List<TrainingExample> ex = new ArrayList<>();
        for (int i = 0; i < POSITIVE.length; i++) {
            ex.add(TrainingExample.of(Example.of("p" + i, POSITIVE[i]), LabelDistribution.oneHot(SENTIMENT, "positive")));
            ex.add(TrainingExample.of(Example.of("n" + i, NEGATIVE[i]), LabelDistribution.oneHot(SENTIMENT, "negative")));
        }
        return TrainingSet.of(SENTIMENT, ex).withTeacher("contract-gold");
    }

    @Test
    void should_fit_its_training_data() {
        try (StudentModel model = trainer(1).train(sentimentSet())) {
            for (TrainingExample e : sentimentSet().examples()) {
                assertThat(model.predict(e.example().text()).top()).as(e.example().text()).isEqualTo(e.target().top());
            }
        }
    }

    @Test
    void should_return_valid_distributions_in_input_order() {
        List<String> texts = List.of("great", "awful", "a film", "!!!", "unseen words entirely");
        try (StudentModel model = trainer(1).train(sentimentSet())) {
            List<LabelDistribution> out = model.predictBatch(texts);
            assertThat(out).hasSize(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                LabelDistribution d = out.get(i);
                assertThat(d.task()).isEqualTo(SENTIMENT);
                assertThat(d.get(0) + d.get(1)).isCloseTo(1.0, within(1e-6));
                assertThat(d).isEqualTo(model.predict(texts.get(i)));
            }
        }
    }

    @Test
    void should_be_reproducible_for_the_same_seed() {
        List<String> probe = List.of("great", "awful", "a film about music");
        try (StudentModel a = trainer(7).train(sentimentSet()); StudentModel b = trainer(7).train(sentimentSet())) {
            assertThat(a.predictBatch(probe)).isEqualTo(b.predictBatch(probe));
        }
    }

    @Test
    void should_record_task_teacher_and_data_in_provenance() {
        try (StudentModel model = trainer(3).train(sentimentSet())) {
            Provenance p = model.provenance();
            assertThat(model.task()).isEqualTo(SENTIMENT);
            assertThat(p.taskName()).isEqualTo(SENTIMENT.name());
            assertThat(p.teacher()).isEqualTo("contract-gold");
            assertThat(p.dataFingerprint()).isEqualTo(sentimentSet().fingerprint());
            assertThat(p.seed()).isEqualTo(3);
            assertThat(p.libraryVersion()).isNotBlank();
        }
    }

    @Test
    void should_follow_soft_labels_and_weights() {
        // the same text, 3:1 weighted towards positive, must lean positive
        TrainingSet set = TrainingSet.of(SENTIMENT, List.of(
                new TrainingExample(Example.of("a", "same text"), LabelDistribution.oneHot(SENTIMENT, "positive"), 3.0),
                new TrainingExample(Example.of("b", "same text"), LabelDistribution.oneHot(SENTIMENT, "negative"), 1.0),
                new TrainingExample(Example.of("c", "other text"), LabelDistribution.of(SENTIMENT, new double[] {0.8, 0.2}), 1.0)));
        try (StudentModel model = trainer(1).train(set)) {
            assertThat(model.predict("same text").get("positive")).isGreaterThan(0.5);
            assertThat(model.predict("other text").get("negative")).isGreaterThan(0.5);
        }
    }

    @Test
    void should_learn_multi_label_tasks() {
        Task topics = Task.builder().name("contract-topics").kind(TaskKind.MULTI_LABEL).label(Label.of("sports"))
                .label(Label.of("money")).build();
        String[][] data = {{"football match tonight", "sports"}, {"tennis final result", "sports"},
            {"stock prices fell", "money"}, {"bank interest rates", "money"},
            {"football club stock prices", "sports|money"}, {"a quiet afternoon", ""}};
        List<TrainingExample> ex = new ArrayList<>();
        for (int i = 0; i < data.length; i++) {
            Set<String> labels = data[i][1].isEmpty() ? Set.of() : Set.of(data[i][1].split("\\|"));
            ex.add(TrainingExample.of(Example.of("t" + i, data[i][0]), LabelDistribution.ofLabels(topics, labels)));
        }
        try (StudentModel model = trainer(1).train(TrainingSet.of(topics, ex))) {
            assertThat(model.predict("football match").chosen()).containsExactly("sports");
            assertThat(model.predict("stock prices").chosen()).containsExactly("money");
        }
    }

    @Test
    void should_predict_the_same_after_a_round_trip_through_its_file_format(@TempDir Path directory) throws IOException {
        List<String> probe = List.of("great", "awful", "a film about music", "", "loved the awful cast");
        try (StudentModel model = trainer(5).train(sentimentSet())) {
            Optional<StudentModel> reloaded = roundTrip(model, directory);
            assumeTrue(reloaded.isPresent(), "the student has no file format");
            try (StudentModel copy = reloaded.get()) {
                assertThat(copy.task()).isEqualTo(model.task());
                assertThat(copy.provenance().seed()).isEqualTo(model.provenance().seed());
                assertThat(copy.provenance().dataFingerprint()).isEqualTo(model.provenance().dataFingerprint());
                List<LabelDistribution> expected = model.predictBatch(probe);
                List<LabelDistribution> actual = copy.predictBatch(probe);
                for (int i = 0; i < probe.size(); i++) {
                    assertThat(actual.get(i).toArray()).as("'%s'", probe.get(i)).containsExactly(expected.get(i).toArray(),
                            within(1e-5));
                }
            }
        }
    }

    @Test
    void should_reject_an_empty_training_set() {
        assertThatThrownBy(() -> trainer(1).train(TrainingSet.of(SENTIMENT, List.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
