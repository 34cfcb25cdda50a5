package dev.annotator.student.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.data.Example;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.Label;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
import dev.annotator.student.onnx.OnnxStudentModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderStudentTest {
    static final Task SENTIMENT = Task.builder().name("sentiment").label("negative", "the reviewer disliked it")
            .label("positive", "the reviewer liked it").build();
    static final String[] POSITIVE = {"great film, loved it", "wonderful acting and a great story", "i loved every minute",
        "excellent, would watch again", "a wonderful, moving film", "great fun and excellent music"};
    static final String[] NEGATIVE = {"terrible film, hated it", "awful acting and a boring story", "i hated every minute",
        "dreadful, would never watch again", "a boring, awful film", "terrible pacing and awful music"};
    static final List<String> PROBE = List.of("loved it, great and wonderful", "awful and boring, hated it", "a film", "",
            "An unexpectedly moving story, though the second half drags and the ending is far too neat for my taste.",
            "!!!", "mediocre at best", "I would not recommend this to anyone who values their time");

    static TrainingSet toy() {
        List<TrainingExample> ex = new ArrayList<>();
        for (int i = 0; i < POSITIVE.length; i++) {
            ex.add(TrainingExample.of(Example.of("p" + i, POSITIVE[i]), LabelDistribution.oneHot(SENTIMENT, "positive")));
            ex.add(TrainingExample.of(Example.of("n" + i, NEGATIVE[i]), LabelDistribution.oneHot(SENTIMENT, "negative")));
        }
        return TrainingSet.of(SENTIMENT, ex).withTeacher("gold");
    }

    static void assertParity(EncoderStudentModel model, Path dir) throws IOException {
        model.exportOnnx(dir.resolve(OnnxStudentModel.DEFAULT_FILE_NAME));
        List<LabelDistribution> expected = model.predictBatch(PROBE);
        try (OnnxStudentModel loaded = OnnxStudentModel.load(dir, 3)) {
            List<LabelDistribution> actual = loaded.predictBatch(PROBE);
            for (int i = 0; i < PROBE.size(); i++) {
                for (int j = 0; j < model.task().labelCount(); j++) {
                    assertThat(actual.get(i).get(j)).as("text %d label %d", i, j).isCloseTo(expected.get(i).get(j), within(1e-4));
                }
            }
            assertThat(loaded.task()).isEqualTo(model.task());
            assertThat(loaded.provenance()).isEqualTo(model.provenance());
        }
    }

    @Test
    void should_export_one_onnx_file_that_predicts_like_the_model_in_memory(@TempDir Path dir) throws IOException {
        // given a linear head trained on the toy set
        EncoderStudentModel model = EncoderStudentTrainer.builder(TestEncoders.shared()).epochs(50).build().train(toy());

        // when exported and reloaded through the common entry point, then predictions agree within 1e-4
        assertParity(model, dir);
        assertThat(model.predict("loved it, great and wonderful").top()).isEqualTo("positive");

        // and the directory holds the model and its tokenizer, with encoder settings and provenance in the file
        assertThat(dir.resolve("student-tokenizer.json")).exists();
        try (OnnxStudentModel loaded = OnnxStudentModel.load(dir)) {
            assertThat(loaded.metadata()).containsEntry("annotator.studentType", "encoder")
                    .containsEntry("annotator.encoder.model", "all-minilm-l6-v2-q")
                    .containsEntry("annotator.encoder.maxLength", "128")
                    .containsEntry("annotator.encoder.tokenizer", "student-tokenizer.json")
                    .containsEntry("annotator.encoder.inputs", "input_ids,attention_mask,token_type_ids")
                    .containsEntry("annotator.head.hiddenUnits", "0")
                    .containsEntry("annotator.encoder.oneTextPerCall", "true")
                    .containsKey("annotator.encoder.tokenizerSha256");
            assertThat(loaded.provenance().studentType()).isEqualTo("encoder");
            assertThat(loaded.provenance().teacher()).isEqualTo("gold");
            assertThat(loaded.provenance().trainingConfig()).containsEntry("encoder", "all-minilm-l6-v2-q:mean:norm:max128")
                    .containsKey("truncatedTexts");
        }
    }

    @Test
    void should_export_a_hidden_layer_head_with_parity(@TempDir Path dir) throws IOException {
        EncoderStudentModel model = EncoderStudentTrainer.builder(TestEncoders.shared()).hiddenUnits(16).epochs(60).seed(3).build()
                .train(toy());

        assertThat(model.hiddenUnits()).isEqualTo(16);
        assertThat(model.predict("i loved every minute").top()).isEqualTo("positive");
        assertParity(model, dir);
    }

    @Test
    void should_export_multi_label_heads_with_sigmoids(@TempDir Path dir) throws IOException {
        Task topics = Task.builder().name("topics").kind(TaskKind.MULTI_LABEL).label(Label.of("sports")).label(Label.of("money"))
                .build();
        String[][] data = {{"football match tonight", "sports"}, {"tennis final result", "sports"}, {"stock prices fell", "money"},
            {"bank interest rates", "money"}, {"football club stock prices", "sports|money"}, {"a quiet afternoon", ""}};
        List<TrainingExample> ex = new ArrayList<>();
        for (int i = 0; i < data.length; i++) {
            Set<String> labels = data[i][1].isEmpty() ? Set.of() : Set.of(data[i][1].split("\\|"));
            ex.add(TrainingExample.of(Example.of("t" + i, data[i][0]), LabelDistribution.ofLabels(topics, labels)));
        }
        EncoderStudentModel model = EncoderStudentTrainer.builder(TestEncoders.shared()).epochs(100).build()
                .train(TrainingSet.of(topics, ex));

        assertParity(model, dir);
        LabelDistribution both = model.predict("football club stock prices");
        assertThat(both.get("sports") + both.get("money")).isGreaterThan(1.0); // independent sigmoids, not a softmax
    }

    @Test
    void should_stop_early_on_dev_and_record_it() {
        List<TrainingExample> flipped = new ArrayList<>();
        for (TrainingExample e : toy().examples()) {
            String other = e.target().top().equals("positive") ? "negative" : "positive";
            flipped.add(TrainingExample.of(e.example(), LabelDistribution.oneHot(SENTIMENT, other)));
        }
        EncoderStudentModel model = EncoderStudentTrainer.builder(TestEncoders.shared()).epochs(50).patience(2).build()
                .train(toy(), TrainingSet.of(SENTIMENT, flipped));

        assertThat(model.provenance().trainingConfig()).containsEntry("epochsRun", "3").containsEntry("devExamples", "12");
    }

    @Test
    void should_fail_clearly_when_the_tokenizer_is_missing_or_foreign(@TempDir Path dir) throws IOException {
        EncoderStudentModel model = EncoderStudentTrainer.builder(TestEncoders.shared()).epochs(5).build().train(toy());
        Path file = dir.resolve("student.onnx");
        model.exportOnnx(file);
        Path tok = dir.resolve("student-tokenizer.json");

        Files.writeString(tok, Files.readString(tok).replace("[UNK]", "[UNKNOWN]"));
        assertThatThrownBy(() -> OnnxStudentModel.load(dir)).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessageContaining("SHA-256");
        Files.delete(tok);
        assertThatThrownBy(() -> OnnxStudentModel.load(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("student-tokenizer.json");
    }

    @Test
    void should_reject_bad_settings_naming_them() {
        assertThatThrownBy(() -> EncoderStudentTrainer.builder(TestEncoders.shared()).hiddenUnits(-1))
                .hasMessage("hiddenUnits must be >= 0: -1");
        assertThatThrownBy(() -> EncoderStudentTrainer.builder(TestEncoders.shared()).learningRate(0))
                .hasMessageContaining("learningRate");
        assertThatThrownBy(() -> EncoderStudentTrainer.builder(TestEncoders.shared()).build().train(TrainingSet.of(SENTIMENT,
                List.of()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }
}
