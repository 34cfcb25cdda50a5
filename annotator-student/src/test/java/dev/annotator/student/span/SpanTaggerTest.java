package dev.annotator.student.span;

import static dev.annotator.student.span.SpanFixtures.NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl;
import dev.annotator.core.data.Split;
import dev.annotator.core.eval.SpanMetrics;
import dev.annotator.core.eval.SpanReport;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.span.SpanPrediction;
import dev.annotator.core.task.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpanTaggerTest {
    static SpanTaggerModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        model = SpanTaggerTrainer.builder(SpanFixtures.encoder()).seed(7).build()
                .train(NAME, SpanFixtures.train(), SpanFixtures.dev());
    }

    static SpanReport score(dev.annotator.core.span.SpanStudentModel m, List<SpanExample> examples) {
        List<List<Span>> predicted = m.predictBatch(SpanFixtures.texts(examples)).stream().map(SpanPrediction::spans).toList();
        return SpanMetrics.evaluate(NAME, SpanMetrics.goldSpans(examples), predicted);
    }

    @Test
    void should_learn_to_find_names_after_mr_in_held_out_texts() {
        // given a tagger trained on 52 hand-built texts (when: in @BeforeAll)
        // then it finds unseen surnames in unseen sentence templates
        SpanReport report = score(model, SpanFixtures.heldOut());
        assertThat(report.f1()).as("held-out span F1, %s", report).isGreaterThan(0.75);
        // and does not take the capitalised first word or a place for a name
        SpanPrediction p = model.predict("On Friday Mr. Jackson called the mayor of Denver.");
        assertThat(p.spans()).containsExactly(Span.of(14, 21, "NAME"));
        assertThat(model.predict("Snow fell over Denver on Sunday.").spans()).isEmpty();
        // with one distribution over O, B-NAME, I-NAME per token
        assertThat(model.tags()).containsExactly("O", "B-NAME", "I-NAME");
        for (float[] row : p.tokenProbabilities()) {
            assertThat(row).hasSize(3);
            assertThat(row[0] + row[1] + row[2]).isCloseTo(1f, within(1e-4f));
        }
        assertThat(model.provenance().studentType()).isEqualTo("span-tagger");
        assertThat(model.provenance().trainingConfig()).containsKeys("epochsRun", "trainTokens", "devSpanF1", "devTokenLogLoss");
    }

    @Test
    void should_export_one_onnx_file_that_gives_the_same_probabilities_and_spans() throws IOException {
        // given the model exported to a directory
        Path file = dir.resolve("student.onnx");
        model.exportOnnx(file);
        assertThat(dir.resolve("student-tokenizer.json")).exists();
        List<String> probe = new ArrayList<>(SpanFixtures.texts(SpanFixtures.heldOut()));
        probe.add("");
        probe.add("Mr. Kowalczyk and Mr. O'Brien met Mr. Smith-Jones in caf\u00e9 \uD83D\uDE00 Zurich.");
        List<SpanPrediction> expected = model.predictBatch(probe);

        // when loaded back through ONNX Runtime
        try (OnnxSpanTagger onnx = OnnxSpanTagger.load(dir, 2)) {
            List<SpanPrediction> actual = onnx.predictBatch(probe);

            // then every token's probabilities agree within 1e-4 and the spans are the same
            for (int i = 0; i < probe.size(); i++) {
                SpanPrediction e = expected.get(i);
                SpanPrediction a = actual.get(i);
                assertThat(a.tokens().toString()).isEqualTo(e.tokens().toString());
                for (int t = 0; t < e.tokenProbabilities().length; t++) {
                    for (int j = 0; j < 3; j++) {
                        assertThat(a.tokenProbabilities()[t][j]).as("text %d token %d tag %d", i, t, j)
                                .isCloseTo(e.tokenProbabilities()[t][j], within(1e-4f));
                    }
                }
                assertThat(a.spans()).as("text %d", i).isEqualTo(e.spans());
            }
            assertThat(onnx.task()).isEqualTo(NAME);
            assertThat(onnx.tags()).containsExactly("O", "B-NAME", "I-NAME");
            assertThat(onnx.provenance()).isEqualTo(model.provenance());
            assertThat(onnx.metadata()).containsEntry("annotator.span.tags", "[\"O\",\"B-NAME\",\"I-NAME\"]")
                    .containsEntry("annotator.studentType", "span-tagger");
            assertThat(OnnxSpanTagger.isSpanTagger(dir)).isTrue();
        }

        // and the file takes the encoder's inputs and returns [batch, tokens, tags]
        OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
        assertThat(m.getGraph().getInputList().stream().map(OnnxMl.ValueInfoProto::getName))
                .contains("input_ids", "attention_mask");
        OnnxMl.ValueInfoProto out = m.getGraph().getOutput(0);
        assertThat(out.getName()).isEqualTo("probabilities");
        assertThat(out.getType().getTensorType().getShape().getDimCount()).isEqualTo(3);
        assertThat(out.getType().getTensorType().getShape().getDim(2).getDimValue()).isEqualTo(3);
    }

    @Test
    void should_train_the_same_model_from_the_same_seed() {
        List<SpanExample> small = SpanFixtures.train().subList(0, 12);
        SpanTaggerTrainer t = SpanTaggerTrainer.builder(SpanFixtures.encoder()).seed(3).epochs(3).build();
        float[][] a = t.train(NAME, small, List.of()).predict("We asked Mr. Hill about it.").tokenProbabilities();
        float[][] b = t.train(NAME, small, List.of()).predict("We asked Mr. Hill about it.").tokenProbabilities();
        assertThat(a).isDeepEqualTo(b);
        float[][] c = SpanTaggerTrainer.builder(SpanFixtures.encoder()).seed(4).epochs(3).build().train(NAME, small, List.of())
                .predict("We asked Mr. Hill about it.").tokenProbabilities();
        assertThat(java.util.Arrays.deepEquals(a, c)).isFalse();
    }

    @Test
    void should_scale_each_texts_token_losses_by_its_weight() {
        // given the clean texts plus as many copies whose span sits on the wrong word (the one after the name)
        List<SpanExample> clean = SpanFixtures.train();
        List<SpanExample> train = new ArrayList<>(clean);
        for (SpanExample e : clean) {
            if (!e.spans().isEmpty()) {
                Span s = e.spans().get(0);
                int start = s.end() + 1;
                int end = e.text().indexOf(' ', start);
                end = end < 0 ? e.text().length() - 1 : end;
                train.add(SpanExample.of("bad-" + e.id(), e.text(), List.of(Span.of(start, end, "NAME")), Split.TRAIN));
            }
        }
        double[] ignoreBad = new double[train.size()];
        double[] trustBad = new double[train.size()];
        for (int i = 0; i < train.size(); i++) {
            boolean bad = train.get(i).id().startsWith("bad-");
            ignoreBad[i] = bad ? 0 : 1;
            trustBad[i] = bad ? 5 : 1;
        }
        SpanTaggerTrainer t = SpanTaggerTrainer.builder(SpanFixtures.encoder()).seed(7).build();

        // when trained with the wrong copies weighted 0, and weighted 5
        double ignoring = score(t.train(NAME, train, ignoreBad, List.of()), SpanFixtures.heldOut()).f1();
        double trusting = score(t.train(NAME, train, trustBad, List.of()), SpanFixtures.heldOut()).f1();

        // then zero weight removes them, and a large weight makes the tagger learn the wrong word
        assertThat(ignoring).isGreaterThan(0.75);
        assertThat(trusting).isLessThan(ignoring - 0.5);
    }

    @Test
    void should_truncate_long_texts_predict_nothing_past_the_limit_and_count_them() throws IOException {
        try (var s = dev.annotator.student.encoder.OnnxSentenceEncoder.builder().maxLength(12).threads(1).build();
                var shortEncoder = dev.annotator.student.encoder.OnnxTokenEncoder.of(s)) {
            SpanTaggerModel m = SpanTaggerTrainer.builder(shortEncoder).seed(7).build()
                    .train(NAME, SpanFixtures.train(), SpanFixtures.dev());
            assertThat(m.provenance().trainingConfig()).containsKey("truncatedTexts");
            assertThat(Long.parseLong(m.provenance().trainingConfig().get("truncatedTexts"))).isPositive();
            String text = "Mr. Hill met Mr. King, then one two three four five six seven eight nine Mr. Ward.";
            long before = shortEncoder.truncatedTexts();
            SpanPrediction p = m.predict(text);
            assertThat(shortEncoder.truncatedTexts()).isEqualTo(before + 1);
            assertThat(p.tokens().size()).isEqualTo(12);
            assertThat(p.spans()).isNotEmpty().contains(Span.of(4, 8, "NAME"))
                    .allSatisfy(sp -> assertThat(sp.end()).isLessThan(text.indexOf("Ward")));
            m.exportOnnx(dir.resolve("short.onnx"));
            try (OnnxSpanTagger onnx = OnnxSpanTagger.load(dir.resolve("short.onnx"))) {
                assertThat(onnx.maxLength()).isEqualTo(12);
                assertThat(onnx.predict(text).spans()).isEqualTo(p.spans());
                assertThat(onnx.truncatedTexts()).isEqualTo(1);
            }
        }
    }

    @Test
    void should_snap_spans_to_whole_words_in_memory_and_in_the_onnx_file_when_asked() throws IOException {
        // given the same training with snapToWords(true)
        SpanTaggerModel words = SpanTaggerTrainer.builder(SpanFixtures.encoder()).seed(7).snapToWords(true).build()
                .train(NAME, SpanFixtures.train(), SpanFixtures.dev());
        String text = "We asked Mr. Hill's son about it.";
        // then a name glued to its possessive is a whole word, unlike the unsnapped model's wordpiece span
        assertThat(model.predict(text).spans()).contains(Span.of(13, 17, "NAME"));
        List<Span> snapped = words.predict(text).spans();
        assertThat(snapped).contains(Span.of(13, 19, "NAME"));
        // every snapped span is whole words
        for (Span s : snapped) {
            assertThat(s.start() == 0 || text.charAt(s.start() - 1) == ' ').as("%s", s).isTrue();
            assertThat(s.end() == text.length() || text.charAt(s.end()) == ' ').as("%s", s).isTrue();
        }
        assertThat(words.provenance().trainingConfig()).containsEntry("snapToWords", "true");
        words.exportOnnx(dir.resolve("words.onnx"));
        try (OnnxSpanTagger onnx = OnnxSpanTagger.load(dir.resolve("words.onnx"))) {
            assertThat(onnx.snapToWords()).isTrue();
            assertThat(onnx.predict(text).spans()).isEqualTo(snapped);
        }
    }

    @Test
    void should_reject_bad_training_input_naming_the_problem() {
        SpanTaggerTrainer t = SpanTaggerTrainer.builder(SpanFixtures.encoder()).build();
        List<SpanExample> train = SpanFixtures.train();
        assertThatThrownBy(() -> t.train(NAME, List.of(), List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("training set for span task 'names' is empty");
        assertThatThrownBy(() -> t.train(NAME, train, new double[3], List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 3 weights for " + train.size() + " training texts");
        double[] w = new double[train.size()];
        java.util.Arrays.fill(w, 1);
        w[2] = -1;
        assertThatThrownBy(() -> t.train(NAME, train, w, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight 2 (text 'tr1-0') must be finite and >= 0: -1.0");
        w[2] = Double.NaN;
        assertThatThrownBy(() -> t.train(NAME, train, w, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight 2");
        assertThatThrownBy(() -> t.train(NAME, train, new double[train.size()], List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every training weight is zero");
        List<SpanExample> wrongType = List.of(SpanExample.of("x", "Mr. Smith", List.of(Span.of(4, 9, "PERSON")), Split.TRAIN));
        assertThatThrownBy(() -> t.train(NAME, wrongType, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("training text 'x' has span [4, 9) PERSON whose type is not an entity type of task 'names'");
        assertThatThrownBy(() -> t.train(NAME, train, wrongType)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dev text 'x'");
        Task classification = Task.singleLabel("sentiment", "pos", "neg");
        assertThatThrownBy(() -> t.train(classification, train, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a SPAN task but task 'sentiment' is SINGLE_LABEL");
    }

    @Test
    void should_reject_bad_settings_naming_the_parameter() {
        var b = SpanTaggerTrainer.builder(SpanFixtures.encoder());
        assertThatThrownBy(() -> b.epochs(0)).isInstanceOf(IllegalArgumentException.class).hasMessage("epochs must be >= 1: 0");
        assertThatThrownBy(() -> b.learningRate(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learningRate must be positive and finite: -1.0");
        assertThatThrownBy(() -> b.l2(Double.NaN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("l2");
        assertThatThrownBy(() -> b.patience(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("patience");
        assertThatThrownBy(() -> b.teacher(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("teacher");
        assertThatThrownBy(() -> SpanTaggerTrainer.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("encoder");
    }

    @Test
    void should_refuse_files_that_are_not_span_taggers() throws IOException {
        // a file that is not a model, a missing path, a span tagger without its tokenizer, another student type
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "not onnx");
        assertThatThrownBy(() -> OnnxSpanTagger.load(junk)).isInstanceOf(dev.annotator.core.NonRetriableAnnotatorException.class)
                .hasMessageContaining("junk.onnx");
        assertThatThrownBy(() -> OnnxSpanTagger.load(dir.resolve("missing"))).isInstanceOf(java.nio.file.NoSuchFileException.class);
        Path tagger = dir.resolve("t/student.onnx");
        model.exportOnnx(tagger);
        Files.delete(dir.resolve("t/student-tokenizer.json"));
        assertThatThrownBy(() -> OnnxSpanTagger.load(tagger)).isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining("student-tokenizer.json");
        Files.writeString(dir.resolve("t/student-tokenizer.json"), "{}");
        assertThatThrownBy(() -> OnnxSpanTagger.load(tagger)).isInstanceOf(dev.annotator.core.NonRetriableAnnotatorException.class)
                .hasMessageContaining("is not the tokenizer student.onnx was trained with");

        Path fast = dir.resolve("fast/student.onnx");
        dev.annotator.core.task.Task spam = Task.singleLabel("spam", "ham", "spam");
        List<dev.annotator.core.student.TrainingExample> ex = new ArrayList<>();
        Map<String, String> rows = new HashMap<>(Map.of("buy now cheap pills", "spam", "see you at lunch", "ham"));
        rows.forEach((text, label) -> ex.add(dev.annotator.core.student.TrainingExample.of(
                dev.annotator.core.data.Example.of(text, text), dev.annotator.core.task.LabelDistribution.oneHot(spam, label))));
        dev.annotator.student.fast.FastStudentTrainer.builder().epochs(2).build()
                .train(dev.annotator.core.student.TrainingSet.of(spam, ex)).exportOnnx(fast);
        assertThatThrownBy(() -> OnnxSpanTagger.load(fast)).isInstanceOf(dev.annotator.core.NonRetriableAnnotatorException.class)
                .hasMessageContaining("holds student type 'fast', not a span tagger");
        assertThat(OnnxSpanTagger.isSpanTagger(fast)).isFalse();
    }

    @Test
    void should_refuse_use_after_close_and_null_texts() throws IOException {
        model.exportOnnx(dir.resolve("student.onnx"));
        OnnxSpanTagger onnx = OnnxSpanTagger.load(dir);
        assertThatThrownBy(() -> onnx.predictBatch(java.util.Arrays.asList("fine", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text 1 is null");
        onnx.close();
        onnx.close();
        assertThatThrownBy(() -> onnx.predict("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
