package dev.annotator.student.relation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.eval.RelationMetrics;
import dev.annotator.core.eval.RelationReport;
import dev.annotator.core.pipeline.ActiveAnnotationLoop;
import dev.annotator.core.pipeline.LoopResult;
import dev.annotator.core.pipeline.LoopSchedule;
import dev.annotator.core.select.SampleSelector;
import dev.annotator.core.span.RelationExample;
import dev.annotator.core.span.RelationInstance;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.TokenOffsets;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.student.StudentTrainer;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
import dev.annotator.core.task.UnknownLabelException;
import dev.annotator.core.weigh.LabelWeigher;
import dev.annotator.student.encoder.OnnxSentenceEncoder;
import dev.annotator.student.internal.EncoderSession;
import dev.annotator.student.internal.TokenSession;
import dev.annotator.student.onnx.OnnxStudentModel;
import dev.annotator.testing.ScriptedAnnotator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelationStudentTest {
    static final Task TASK = Task.builder().name("family").kind(TaskKind.RELATION)
            .label("parent_of", "e1 is a parent of e2").label("works_with", "e1 and e2 are colleagues")
            .label(RelationMetrics.NO_RELATION, "no relation between e1 and e2").build();

    /** Templates: {A} is e1, {B} is e2, {C} is a bystander; the label is that of the pair (A, B). */
    static final String[][] TEMPLATES = {
        {"parent_of", "{A} is the parent of {B}."},
        {"parent_of", "Everyone in town knows that {A} is the mother of {B}."},
        {"parent_of", "{A}, the father of {B}, arrived late."},
        {"works_with", "{A} works with {B} at the bank."},
        {"works_with", "{A} is a colleague of {B} at the hospital."},
        {"works_with", "At the office, {A} shares a desk with {B}."},
        {"no_relation", "{A} met {B} at the station."},
        {"no_relation", "{A} saw {B} on the train yesterday."},
        {"no_relation", "{A} and {B} were both in the crowd."},
        // the same sentence, another pair: the entity masks, not the sentence, decide
        {"no_relation", "{C} is the parent of {D}, and {A} met {B} later."},
        {"parent_of", "{A} is the parent of {B}, and {C} met {D} later."},
        {"no_relation", "{C} works with {D}, and {A} saw {B} there."},
        {"works_with", "{A} works with {B}, and {C} saw {D} there."},
    };
    static final String[] TRAIN_NAMES = {"Alice", "Bob", "Carol", "David", "Erin", "Frank", "Grace", "Henry", "Irene", "Jack",
        "Karen", "Liam", "Maria", "Nora", "Oscar", "Paula"};
    static final String[] TEST_NAMES = {"Quentin", "Rosa", "Samuel", "Tanya", "Ulrich", "Vera", "Walter", "Ximena", "Yusuf",
        "Zelda"};

    static OnnxSentenceEncoder encoder;
    static RelationStudentModel model;

    @BeforeAll
    static void train() throws IOException {
        encoder = OnnxSentenceEncoder.builder().threads(1).build();
        model = RelationStudentTrainer.builder(encoder).seed(7).teacher("gold").build()
                .train(TASK, examples(TRAIN_NAMES, 8, Split.TRAIN, 0), examples(TRAIN_NAMES, 2, Split.DEV, 11));
    }

    @AfterAll
    static void close() {
        model.close();
        encoder.close();
    }

    /** {@code pairs} instances per template, names drawn in turn from {@code names} starting at {@code offset}. */
    static List<RelationExample> examples(String[] names, int pairs, Split split, int offset) {
        List<RelationExample> out = new ArrayList<>();
        int k = offset;
        for (int t = 0; t < TEMPLATES.length; t++) {
            for (int p = 0; p < pairs; p++) {
                String a = names[k++ % names.length];
                String b = names[k++ % names.length];
                String c = names[k++ % names.length];
                String d = names[k++ % names.length];
                out.add(new RelationExample(instance(split + "-" + t + "-" + p, TEMPLATES[t][1], a, b, c, d), TEMPLATES[t][0], split));
            }
        }
        return out;
    }

    static RelationInstance instance(String id, String template, String a, String b, String c, String d) {
        String text = template.replace("{A}", a).replace("{B}", b).replace("{C}", c).replace("{D}", d);
        // names are distinct within an instance, so indexOf finds the right one
        int ia = text.indexOf(a);
        int ib = text.indexOf(b);
        return RelationInstance.of(id, text, Span.of(ia, ia + a.length(), "PER"), Span.of(ib, ib + b.length(), "PER"));
    }

    static List<RelationInstance> instances(List<RelationExample> examples) {
        return examples.stream().map(RelationExample::instance).toList();
    }

    @Test
    void should_learn_relations_that_hold_for_names_never_seen_in_training() {
        // given held-out instances of the templates with unseen names
        List<RelationExample> test = examples(TEST_NAMES, 2, Split.TEST, 3);

        // when predicted
        List<String> predicted = model.predictLabels(instances(test));
        List<String> gold = test.stream().map(RelationExample::relation).toList();
        RelationReport report = RelationMetrics.standard(TASK, gold, predicted);

        // then relation micro-F1 is far above chance (a uniform guess gets about 0.4 here)
        assertThat(report.f1()).as("micro-F1 %s, predicted %s", report, predicted).isGreaterThan(0.85);
        assertThat(model.provenance().studentType()).isEqualTo("relation");
        assertThat(model.provenance().teacher()).isEqualTo("gold");
        assertThat(model.provenance().trainingConfig()).containsKey("devAccuracy").containsEntry("hiddenUnits", "0");
    }

    @Test
    void should_give_two_pairs_of_the_same_sentence_different_relations() {
        // given one sentence holding a parent pair and a meeting pair
        String text = "Rosa is the parent of Yusuf, and Walter met Vera later.";
        RelationInstance parent = RelationInstance.of("p", text, span(text, "Rosa"), span(text, "Yusuf"));
        RelationInstance met = RelationInstance.of("m", text, span(text, "Walter"), span(text, "Vera"));

        // when predicted, then the entity masks make the difference
        List<String> labels = model.predictLabels(List.of(parent, met));
        assertThat(labels).containsExactly("parent_of", "no_relation");
    }

    static Span span(String text, String name) {
        int i = text.indexOf(name);
        return Span.of(i, i + name.length(), "PER");
    }

    @Test
    void should_export_one_onnx_file_that_predicts_like_the_model_in_memory(@TempDir Path dir) throws IOException {
        // given probes of every template, one whose entity is split into several word pieces, a long one
        List<RelationInstance> probes = new ArrayList<>(instances(examples(TEST_NAMES, 1, Split.TEST, 5)));
        String odd = "Zygmunt-Przybylski is the parent of Quentin.";
        probes.add(RelationInstance.of("odd", odd, span(odd, "Zygmunt-Przybylski"), span(odd, "Quentin")));

        // when exported and reloaded
        model.exportOnnx(dir.resolve("student.onnx"));
        List<LabelDistribution> expected = model.predictInstances(probes);
        try (OnnxRelationModel loaded = OnnxRelationModel.load(dir)) {
            List<LabelDistribution> actual = loaded.predictInstances(probes);

            // then probabilities agree within 1e-4, and the file carries task, encoder and provenance
            for (int i = 0; i < probes.size(); i++) {
                for (int j = 0; j < TASK.labelCount(); j++) {
                    assertThat(actual.get(i).get(j)).as("instance %d label %d", i, j).isCloseTo(expected.get(i).get(j), within(1e-4));
                }
            }
            assertThat(loaded.task()).isEqualTo(TASK);
            assertThat(loaded.provenance()).isEqualTo(model.provenance());

            // and several threads at once get the same answers (one session serves them all)
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(3);
            try {
                List<java.util.concurrent.Future<List<LabelDistribution>>> runs = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    runs.add(threads.submit(() -> loaded.predictInstances(probes)));
                }
                for (java.util.concurrent.Future<List<LabelDistribution>> run : runs) {
                    assertThat(run.get()).isEqualTo(actual);
                }
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                throw new AssertionError(e);
            } finally {
                threads.shutdownNow();
            }
            assertThat(loaded.metadata()).containsEntry("annotator.studentType", "relation")
                    .containsEntry("annotator.relation.inputs", "e1_mask,e2_mask")
                    .containsEntry("annotator.relation.sentenceEmbedding", "true")
                    .containsEntry("annotator.encoder.tokenizer", "student-tokenizer.json")
                    .containsKey("annotator.encoder.tokenizerSha256");
        }
        assertThat(dir.resolve("student-tokenizer.json")).exists();

        // and the classification loader refuses it with a reason instead of running it wrongly
        assertThatThrownBy(() -> OnnxStudentModel.load(dir)).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessageContaining("relation");
    }

    @Test
    void should_refuse_a_tokenizer_that_is_not_the_one_it_was_trained_with(@TempDir Path dir) throws IOException {
        model.exportOnnx(dir.resolve("student.onnx"));
        Files.writeString(dir.resolve("student-tokenizer.json"), "{}");
        assertThatThrownBy(() -> OnnxRelationModel.load(dir)).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessageContaining("SHA-256");
    }

    @Test
    void should_train_the_same_model_from_the_same_seed_and_a_hidden_layer_too() {
        // given a small training set
        List<RelationExample> train = examples(TRAIN_NAMES, 1, Split.TRAIN, 0);
        List<RelationInstance> probes = instances(examples(TEST_NAMES, 1, Split.TEST, 1)).subList(0, 4);
        RelationStudentTrainer trainer = RelationStudentTrainer.builder(encoder).hiddenUnits(8).epochs(5).seed(3).build();

        // when trained twice with one seed
        try (RelationStudentModel a = trainer.train(TASK, train, List.of());
                RelationStudentModel b = trainer.train(TASK, train, List.of())) {
            // then the predictions are identical
            assertThat(a.hiddenUnits()).isEqualTo(8);
            assertThat(a.predictInstances(probes)).isEqualTo(b.predictInstances(probes));
            assertThat(a.provenance().dataFingerprint()).isEqualTo(b.provenance().dataFingerprint());
            // and another seed trains a different model from the same data
            try (RelationStudentModel c = RelationStudentTrainer.builder(encoder).hiddenUnits(8).epochs(5).seed(4).build()
                    .train(TASK, train, List.of())) {
                assertThat(c.predictInstances(probes)).isNotEqualTo(a.predictInstances(probes));
                assertThat(c.provenance().dataFingerprint()).isEqualTo(a.provenance().dataFingerprint());
            }
        }
    }

    @Test
    void should_follow_the_weights_when_two_copies_of_an_instance_disagree() {
        // given every parent sentence twice, once as parent_of and once as works_with
        List<RelationExample> parents = examples(TRAIN_NAMES, 2, Split.TRAIN, 0).stream()
                .filter(e -> e.relation().equals("parent_of")).toList();
        List<RelationExample> train = new ArrayList<>(parents);
        for (RelationExample e : parents) {
            train.add(new RelationExample(e.instance(), "works_with", Split.TRAIN));
        }
        double[] parentHeavy = new double[train.size()];
        double[] colleagueHeavy = new double[train.size()];
        for (int i = 0; i < train.size(); i++) {
            boolean parent = i < parents.size();
            parentHeavy[i] = parent ? 1 : 0.1;
            colleagueHeavy[i] = parent ? 0.1 : 1;
        }
        List<RelationInstance> probes = examples(TEST_NAMES, 1, Split.TEST, 0).stream()
                .filter(e -> e.relation().equals("parent_of")).map(RelationExample::instance).toList();
        RelationStudentTrainer trainer = RelationStudentTrainer.builder(encoder).epochs(10).build();

        // when trained with either weighting, then the heavier copy's label wins
        try (RelationStudentModel a = trainer.train(TASK, train, parentHeavy, List.of());
                RelationStudentModel b = trainer.train(TASK, train, colleagueHeavy, List.of())) {
            assertThat(a.predictLabels(probes)).containsOnly("parent_of");
            assertThat(b.predictLabels(probes)).containsOnly("works_with");
        }
    }

    @Test
    void should_train_as_a_student_trainer_on_marked_texts_with_soft_labels_and_predict_marked_texts() {
        // given the training examples as marked texts with soft labels (70% on the gold relation), as an annotator gives them
        List<TrainingExample> rows = new ArrayList<>();
        for (RelationExample e : examples(TRAIN_NAMES, 2, Split.TRAIN, 0)) {
            double[] p = new double[TASK.labelCount()];
            java.util.Arrays.fill(p, 0.15);
            p[TASK.requireIndex(e.relation())] = 0.7;
            rows.add(new TrainingExample(e.instance().toExample(), LabelDistribution.of(TASK, p), 1.0));
        }
        TrainingSet train = TrainingSet.of(TASK, rows).withTeacher("llm:scripted");
        List<RelationExample> test = examples(TEST_NAMES, 1, Split.TEST, 3);

        // when trained through the StudentTrainer interface
        StudentTrainer trainer = RelationStudentTrainer.builder(encoder).epochs(20).build();
        try (StudentModel student = trainer.train(train)) {
            // then it predicts marked texts like the instances they mark, and learned the relations
            List<String> marked = test.stream().map(e -> e.instance().markedText()).toList();
            List<LabelDistribution> byText = student.predictBatch(marked);
            assertThat(byText).isEqualTo(((RelationModel) student).predictInstances(instances(test)));
            List<String> predicted = byText.stream().map(LabelDistribution::top).toList();
            RelationReport report = RelationMetrics.standard(TASK, test.stream().map(RelationExample::relation).toList(), predicted);
            assertThat(report.f1()).as("%s", report).isGreaterThan(0.7);
            assertThat(student.provenance().teacher()).isEqualTo("llm:scripted");
            assertThat(student.provenance().dataFingerprint()).isEqualTo(train.fingerprint());
        }

        // and a text without markers is refused with its position
        try (RelationStudentModel m = RelationStudentTrainer.builder(encoder).epochs(1).build().train(train)) {
            assertThatThrownBy(() -> m.predictBatch(List.of("Ann met Bob."))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'text 0'").hasMessageContaining("<e1> exactly once");
        }
    }

    @Test
    void should_be_trained_by_the_active_annotation_loop_behind_a_relation_annotator() {
        // given a pool of marked texts, a scripted relation annotator answering their gold relation, gold dev and test
        List<RelationExample> poolRelations = examples(TRAIN_NAMES, 3, Split.TRAIN, 0);
        Map<String, String> gold = new HashMap<>();
        poolRelations.forEach(e -> gold.put(e.id(), e.relation()));
        ScriptedAnnotator teacher = ScriptedAnnotator.builder(TASK).answerBy(e -> List.of(gold.get(e.id()))).build();

        // when the loop selects by entropy and retrains the relation student each round
        try (LoopResult result = ActiveAnnotationLoop.builder().task(TASK)
                .pool(poolRelations.stream().map(e -> e.instance().toExample()).toList())
                .dev(labelled(examples(TRAIN_NAMES, 1, Split.DEV, 11))).test(labelled(examples(TEST_NAMES, 1, Split.TEST, 3)))
                .annotator(teacher).selector(SampleSelector.entropy()).weigher(LabelWeigher.byConfidence())
                .trainer(RelationStudentTrainer.builder(encoder).epochs(20).build()).schedule(LoopSchedule.of(13, 2, 8)).seed(5)
                .build().run()) {
            // then the student of the last round is a relation student that learned the relations
            assertThat(result.rounds()).hasSize(3);
            assertThat(result.student().orElseThrow()).isInstanceOf(RelationStudentModel.class);
            assertThat(result.rounds().get(2).test().orElseThrow().accuracy()).isGreaterThan(0.7);
        }
    }

    static List<LabelledExample> labelled(List<RelationExample> examples) {
        return examples.stream().map(e -> new LabelledExample(e.instance().toExample(), List.of(e.relation()), e.split())).toList();
    }

    @Test
    void should_reject_a_relation_that_is_not_a_label_of_the_task() {
        List<RelationExample> train = List.of(new RelationExample(instance("x", "{A} married {B}.", "Ann", "Bo", "C", "D"),
                "spouse_of", Split.TRAIN));
        assertThatThrownBy(() -> RelationStudentTrainer.builder(encoder).build().train(TASK, train, List.of()))
                .isInstanceOf(UnknownLabelException.class).hasMessageContaining("spouse_of");
    }

    @Test
    void should_reject_bad_weights_and_tasks_that_are_not_relations() {
        List<RelationExample> train = examples(TRAIN_NAMES, 1, Split.TRAIN, 0).subList(0, 2);
        RelationStudentTrainer trainer = RelationStudentTrainer.builder(encoder).build();
        assertThatThrownBy(() -> trainer.train(TASK, train, new double[] {1}, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 weights for 2");
        assertThatThrownBy(() -> trainer.train(TASK, train, new double[] {1, -1}, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be finite and >= 0: -1");
        assertThatThrownBy(() -> trainer.train(TASK, train, new double[] {0, 0}, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero");
        assertThatThrownBy(() -> trainer.train(TASK, List.of(), List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        Task ner = Task.builder().name("ner").kind(TaskKind.SPAN).label("PER", "a person").build();
        assertThatThrownBy(() -> trainer.train(ner, train, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SPAN");
        assertThatThrownBy(() -> RelationStudentTrainer.builder(encoder).hiddenUnits(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hiddenUnits must be >= 0: -1");
    }

    @Test
    void should_name_the_instance_and_entity_that_cannot_be_read() {
        // an entity outside the text is refused when the instance is built
        assertThatThrownBy(() -> RelationInstance.of("out", "Ann met Bo.", Span.of(0, 3, "PER"), Span.of(8, 40, "PER")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'out'").hasMessageContaining("ends after the text");

        // an entity of whitespace covers no token
        String text = "Ann met  Bo.";
        RelationInstance blank = RelationInstance.of("blank", text, Span.of(0, 3, "PER"), Span.of(7, 8, "PER"));
        assertThatThrownBy(() -> model.predict(blank)).isInstanceOfSatisfying(RelationInputException.class, e -> {
            assertThat(e.instanceId()).isEqualTo("blank");
            assertThat(e.entity()).isEqualTo("e2");
        }).hasMessageContaining("whitespace");

        // an entity past the encoder's 128 tokens was truncated away
        String longText = "Ann met " + "a very long digression, ".repeat(60) + "and then Bo.";
        int bo = longText.lastIndexOf("Bo");
        RelationInstance cut = RelationInstance.of("long", longText, Span.of(0, 3, "PER"), Span.of(bo, bo + 2, "PER"));
        assertThatThrownBy(() -> model.predict(cut)).isInstanceOf(RelationInputException.class)
                .hasMessageContaining("'long'").hasMessageContaining("e2").hasMessageContaining("truncated");
    }

    @Test
    void should_place_entities_after_characters_outside_the_basic_plane() throws Exception {
        // given entities after emoji (two Java chars each, one code point for the tokenizer)
        String text = "\uD83D\uDE00".repeat(6) + " Rosa is the parent of Yusuf";
        RelationInstance emoji = RelationInstance.of("emoji", text, span(text, "Rosa"), span(text, "Yusuf"));

        // then the masks fall on the entities' own tokens (counted in code points, Yusuf would lie past
        // the last token): the instance reads as a parent relation
        try (HuggingFaceTokenizer tokenizer = EncoderSession.tokenizer(encoder.tokenizerJson(), 128)) {
            TokenOffsets tokens = TokenSession.offsets(tokenizer.encode(text), text);
            int[] hit = IntStream.range(0, tokens.size()).filter(t -> tokens.overlaps(t, emoji.e2())).toArray();
            assertThat(hit).isNotEmpty();
            assertThat(tokens.start(hit[0])).isEqualTo(emoji.e2().start());
            assertThat(tokens.end(hit[hit.length - 1])).isEqualTo(emoji.e2().end());
        }
        assertThat(model.predict(emoji).top()).isEqualTo("parent_of");
    }

    @Test
    void should_refuse_use_after_close() {
        RelationStudentModel m = RelationStudentTrainer.builder(encoder).epochs(1).build()
                .train(TASK, examples(TRAIN_NAMES, 1, Split.TRAIN, 0).subList(0, 3), List.of());
        m.close();
        m.close();
        assertThatThrownBy(() -> m.predict(instance("z", "{A} met {B}.", "Ann", "Bo", "C", "D")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
