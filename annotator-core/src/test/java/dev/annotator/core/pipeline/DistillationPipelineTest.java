package dev.annotator.core.pipeline;

import static dev.annotator.core.pipeline.LoopFixtures.TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.pipeline.LoopFixtures.CentroidModel;
import dev.annotator.core.pipeline.LoopFixtures.CentroidTrainer;
import dev.annotator.core.pipeline.LoopFixtures.RecordingAnnotator;
import dev.annotator.core.report.Evaluation;
import dev.annotator.core.report.RunRecord;
import dev.annotator.core.report.RunRecordJson;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistillationPipelineTest {
    private static final List<LabelledExample> POOL = LoopFixtures.rows("p", 200, Split.TRAIN, 1);
    private static final List<LabelledExample> DEV = LoopFixtures.rows("d", 20, Split.DEV, 2);
    private static final List<LabelledExample> TEST = LoopFixtures.rows("t", 60, Split.TEST, 3);

    @TempDir
    Path dir;

    /** Knows the gold labels of the pool and the test set. */
    private static Annotator oracle(double flip) {
        List<LabelledExample> all = new ArrayList<>(POOL);
        all.addAll(TEST);
        return LoopFixtures.oracle(all, flip);
    }

    private static DistillationPipeline.Builder pipeline(Annotator annotator, CentroidTrainer trainer) {
        return DistillationPipeline.builder().task(TASK).poolWithGold(POOL).dev(DEV).test(TEST).annotator(annotator)
                .trainer(trainer).labels(40).seed(42).chunkSize(8);
    }

    @Test
    void should_annotate_a_random_sample_store_first_then_score_student_teacher_and_agreement() throws IOException {
        // given a perfect teacher
        RecordingAnnotator annotator = new RecordingAnnotator(oracle(0.0));
        InMemoryAnnotationStore store = new InMemoryAnnotationStore();
        List<String> stages = new ArrayList<>();

        // when
        try (DistillationResult r = pipeline(annotator, new CentroidTrainer()).store(store)
                .listener((stage, done, total) -> stages.add(stage)).build().run(dir)) {
            // then 40 pool texts and the 60 test texts were asked once each, and everything was stored
            List<String> sampled = r.annotations().stream().map(a -> a.example().id()).toList();
            assertThat(sampled).hasSize(40).doesNotHaveDuplicates().allMatch(id -> id.startsWith("p"));
            assertThat(sampled).isNotEqualTo(POOL.subList(0, 40).stream().map(LabelledExample::id).toList());
            assertThat(annotator.asked).hasSize(100).doesNotHaveDuplicates();
            assertThat(annotator.callSizes).allMatch(n -> n <= 8);
            assertThat(store.annotations(TASK)).hasSize(100);
            assertThat(r.labels()).isEqualTo(40);
            assertThat(r.calls()).isEqualTo(100);
            assertThat(r.cached()).isZero();
            assertThat(r.teacherTest().orElseThrow().accuracy()).isEqualTo(1.0);
            assertThat(r.studentTest().orElseThrow().accuracy()).isGreaterThan(0.65);   // chance is about 0.5
            assertThat(r.agreement().orElseThrow().accuracy()).isEqualTo(r.studentTest().orElseThrow().accuracy());
            assertThat(stages).contains("annotate", "train", "evaluate").doesNotContain("relabel");

            RunRecord record = RunRecordJson.readFrom(dir);
            assertThat(record.evaluations()).extracting(Evaluation::name).containsExactly("student (centroid)",
                    "teacher (" + annotator.name() + ")", "student (centroid) vs teacher", "teacher (" + annotator.name() + ")");
            assertThat(record.evaluations()).extracting(Evaluation::split).containsExactly("test", "test",
                    "test, teacher's labels", "annotated sample");
            assertThat(record.sources()).containsEntry("annotated", 40L).containsEntry("abstained", 0L);
            assertThat(record.provenance()).containsKeys("annotator", "sample", "training data fingerprint", "library version");
        }
    }

    @Test
    void should_resume_from_the_store_without_asking_again_and_draw_the_same_sample() throws IOException {
        InMemoryAnnotationStore store = new InMemoryAnnotationStore();
        CentroidTrainer first = new CentroidTrainer();
        try (DistillationResult r = pipeline(new RecordingAnnotator(oracle(0.2)), first).store(store)
                .build().run(dir)) {
            assertThat(r.calls()).isEqualTo(100);
        }
        RecordingAnnotator again = new RecordingAnnotator(oracle(0.2));
        CentroidTrainer second = new CentroidTrainer();

        try (DistillationResult r = pipeline(again, second).store(store).build().run(dir)) {
            assertThat(again.asked).isEmpty();
            assertThat(r.calls()).isZero();
            assertThat(r.cached()).isEqualTo(100);
            assertThat(second.seen.get(0).fingerprint()).isEqualTo(first.seen.get(0).fingerprint());
        }
    }

    @Test
    void should_drop_replace_or_keep_abstentions_as_configured() throws IOException {
        Set<String> abstain = new HashSet<>();
        for (LabelledExample r : POOL) {
            if (r.id().compareTo("p100") < 0) {
                abstain.add(r.id());
            }
        }
        for (DistillationPipeline.Abstentions policy : DistillationPipeline.Abstentions.values()) {
            CentroidTrainer trainer = new CentroidTrainer();
            RecordingAnnotator annotator = new RecordingAnnotator(oracle(0.0), abstain, -1);
            try (DistillationResult r = pipeline(annotator, trainer).abstentions(policy).evaluateTeacherOnTest(false)
                    .build().run(dir.resolve(policy.name()))) {
                TrainingSet trained = trainer.seen.get(0);
                assertThat(r.abstained()).as(policy.name()).isPositive();
                switch (policy) {
                    case DROP -> {
                        assertThat(r.annotations()).hasSize(40);
                        assertThat(trained.size()).isEqualTo(r.labels()).isLessThan(40);
                    }
                    case REPLACE -> {
                        assertThat(r.labels()).isEqualTo(40);
                        assertThat(trained.size()).isEqualTo(40);
                        assertThat(r.annotations()).hasSize(40 + r.abstained());
                    }
                    case KEEP_UNIFORM -> {
                        assertThat(trained.size()).isEqualTo(40);
                        assertThat(trained.examples()).filteredOn(e -> abstain.contains(e.example().id()))
                                .hasSize(r.abstained()).allMatch(e -> e.target().get(0) == 0.5 && e.weight() == 1.0);
                    }
                    default -> throw new AssertionError(policy);
                }
            }
        }
    }

    @Test
    void should_train_on_the_union_with_gold_weighted_in_combined_mode() throws IOException {
        CentroidTrainer trainer = new CentroidTrainer();
        List<LabelledExample> gold = LoopFixtures.rows("g", 30, Split.TRAIN, 9);

        try (DistillationResult r = pipeline(new RecordingAnnotator(oracle(0.0)), trainer)
                .mode(DistillationPipeline.Mode.COMBINED).goldTrain(gold).goldWeight(3.0).build().run(dir)) {
            TrainingSet trained = trainer.seen.get(0);
            assertThat(trained.size()).isEqualTo(70);
            assertThat(trained.examples()).filteredOn(e -> e.example().id().startsWith("g"))
                    .hasSize(30).extracting(TrainingExample::weight).containsOnly(3.0);
            assertThat(trained.teacher()).endsWith("+gold");
            assertThat(r.runRecord().sources()).containsEntry("gold", 30L);
        }
    }

    @Test
    void should_stop_before_the_money_budget_is_exceeded() throws IOException {
        Annotator priced = new Annotator() {
            private final Annotator inner = oracle(0.0);

            @Override
            public Task task() {
                return TASK;
            }

            @Override
            public String name() {
                return "priced";
            }

            @Override
            public List<Annotation> annotate(List<Example> examples) {
                return inner.annotate(examples).stream().map(a -> Annotation.labelled(a.exampleId(), a.distribution().orElseThrow(),
                        a.confidence(), "priced", LoopFixtures.cents(1))).toList();
            }
        };

        try (DistillationResult r = pipeline(priced, new CentroidTrainer()).budget(Budget.usd(0.155)).build().run(dir)) {
            assertThat(r.annotations()).hasSize(15);
            assertThat(r.spent().usd()).isLessThanOrEqualTo(0.155);
        }
    }

    @Test
    void should_relabel_a_corpus_with_the_deployed_student() throws IOException {
        Path corpus = dir.resolve("corpus.csv");
        List<String> lines = new ArrayList<>(List.of("id,text"));
        for (int i = 0; i < 3000; i++) {
            lines.add("c" + i + "," + (i % 2 == 0 ? "the phone was great" : "the battery was awful"));
        }
        Files.write(corpus, lines);
        List<Long> progress = new ArrayList<>();
        List<CentroidModel> deployed = new ArrayList<>();

        try (DistillationResult r = pipeline(new RecordingAnnotator(oracle(0.0)), new CentroidTrainer())
                .deployment((s, d) -> {
                    deployed.add((CentroidModel) s);
                    return s;
                })
                .relabel(corpus, dir.resolve("out/labelled.csv")).relabelThreads(2).relabelBatchSize(100)
                .listener((stage, done, total) -> {
                    if (stage.equals("relabel")) {
                        progress.add(done);
                    }
                }).build().run(dir)) {
            assertThat(deployed).hasSize(1);
            assertThat(r.relabel().orElseThrow().texts()).isEqualTo(3000);
            List<String> out = Files.readAllLines(dir.resolve("out/labelled.csv"));
            assertThat(out).hasSize(3001);
            assertThat(out.get(0)).isEqualTo("id,label,confidence,p_neg,p_pos");
            assertThat(out.get(1)).startsWith("c0,pos,");
            assertThat(out.get(2)).startsWith("c1,neg,");
            assertThat(out.get(3000)).startsWith("c2999,neg,");
            assertThat(progress).isSorted().last().isEqualTo(3000L);
        }
        assertThat(deployed.get(0).closed).isTrue();
    }

    @Test
    void should_reject_contradictory_or_bad_settings_naming_them() {
        RecordingAnnotator a = new RecordingAnnotator(oracle(0.0));
        assertThatThrownBy(() -> pipeline(a, new CentroidTrainer()).mode(DistillationPipeline.Mode.COMBINED).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("goldTrain");
        assertThatThrownBy(() -> pipeline(a, new CentroidTrainer()).goldTrain(DEV).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("combined");
        assertThatThrownBy(() -> pipeline(a, new CentroidTrainer()).test(POOL.subList(0, 3)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p000").hasMessageContaining("pool");
        assertThatThrownBy(() -> pipeline(a, new CentroidTrainer()).labels(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels must be >= 1: 0");
        assertThatThrownBy(() -> DistillationPipeline.builder().task(TASK).poolWithGold(POOL).annotator(a).seed(1).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trainer");
    }

    @Test
    void should_fail_clearly_when_every_answer_is_an_abstention() {
        Set<String> all = new HashSet<>();
        POOL.forEach(r -> all.add(r.id()));
        RecordingAnnotator a = new RecordingAnnotator(oracle(0.0), all, -1);
        assertThatThrownBy(() -> pipeline(a, new CentroidTrainer()).evaluateTeacherOnTest(false).build().run(dir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("abstained on all 40");
    }
}
