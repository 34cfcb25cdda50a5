package dev.annotator.core.pipeline;

import static dev.annotator.core.pipeline.LoopFixtures.TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.AnnotatorException;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.annotate.NoisyOracleAnnotator;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.embed.TextEmbedder;
import dev.annotator.core.pipeline.LoopEvent.BatchAnnotated;
import dev.annotator.core.pipeline.LoopEvent.BatchSelected;
import dev.annotator.core.pipeline.LoopEvent.LoopFinished;
import dev.annotator.core.pipeline.LoopEvent.RoundFinished;
import dev.annotator.core.pipeline.LoopFixtures.CentroidModel;
import dev.annotator.core.pipeline.LoopFixtures.CentroidTrainer;
import dev.annotator.core.pipeline.LoopFixtures.RecordingAnnotator;
import dev.annotator.core.report.CurvePoint;
import dev.annotator.core.report.Evaluation;
import dev.annotator.core.report.RunRecord;
import dev.annotator.core.report.RunRecordJson;
import dev.annotator.core.select.SampleSelector;
import dev.annotator.core.select.SelectionContext;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.core.weigh.AnnotatedExample;
import dev.annotator.core.weigh.LabelWeigher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActiveAnnotationLoopTest {
    private static final List<LabelledExample> POOL = LoopFixtures.rows("p", 120, Split.TRAIN, 1);
    private static final List<LabelledExample> DEV = LoopFixtures.rows("d", 20, Split.DEV, 2);
    private static final List<LabelledExample> TEST = LoopFixtures.rows("t", 40, Split.TEST, 3);

    private static ActiveAnnotationLoop.Builder loop(Annotator annotator, CentroidTrainer trainer, AnnotationStore store) {
        return ActiveAnnotationLoop.builder().task(TASK).poolWithGold(POOL).dev(DEV).test(TEST)
                .annotator(annotator).store(store)
                .selector(SampleSelector.leastConfidence()).weigher(LabelWeigher.byConfidence())
                .trainer(trainer).schedule(LoopSchedule.of(10, 3, 5)).seed(42).chunkSize(4);
    }

    private static RecordingAnnotator recording(double flip) {
        return new RecordingAnnotator(LoopFixtures.oracle(POOL, flip));
    }

    @Test
    void should_follow_the_schedule_with_one_curve_point_per_round_and_never_ask_twice() {
        // given
        RecordingAnnotator annotator = recording(0.0);
        InMemoryAnnotationStore store = new InMemoryAnnotationStore();

        // when
        try (LoopResult result = loop(annotator, new CentroidTrainer(), store).build().run()) {
            // then
            assertThat(result.stopReason()).isEqualTo(StopReason.SCHEDULE_DONE);
            assertThat(result.rounds()).extracting(RoundSummary::selected).containsExactly(10, 5, 5, 5);
            assertThat(result.rounds()).extracting(RoundSummary::labels).containsExactly(10, 15, 20, 25);
            assertThat(result.curve()).extracting(CurvePoint::round).containsExactly(0, 1, 2, 3);
            assertThat(result.curve()).extracting(CurvePoint::labels).containsExactly(10, 15, 20, 25);
            assertThat(result.curve()).extracting(CurvePoint::series).containsOnly(SampleSelector.leastConfidence().name());
            assertThat(annotator.asked).hasSize(25).doesNotHaveDuplicates();
            assertThat(annotator.callSizes).allMatch(n -> n <= 4);
            assertThat(result.annotations()).extracting(a -> a.example().id()).containsExactlyElementsOf(annotator.asked);
            assertThat(store.annotations(TASK)).hasSize(25);
            assertThat(result.rounds()).allSatisfy(r -> {
                assertThat(r.dev()).isPresent();
                assertThat(r.test()).isPresent();
                assertThat(r.teacher()).hasValueSatisfying(t -> assertThat(t.accuracy()).isEqualTo(1.0));
            });
            assertThat(result.rounds().get(3).teacher().orElseThrow().examples()).isEqualTo(25);
            assertThat(result.rounds().get(3).test().orElseThrow().accuracy()).isGreaterThan(0.6);
        }
    }

    @Test
    void should_use_the_student_from_round_one_on_and_cold_start_in_round_zero() {
        // given
        List<Boolean> hadStudent = new ArrayList<>();
        SampleSelector spy = new SampleSelector() {
            @Override
            public List<Example> select(SelectionContext context) {
                hadStudent.add(context.hasPredictions());
                return SampleSelector.entropy().select(context);
            }

            @Override
            public String name() {
                return "spy";
            }
        };

        // when
        try (LoopResult result = loop(recording(0.0), new CentroidTrainer(), new InMemoryAnnotationStore()).selector(spy)
                .build().run()) {
            // then
            assertThat(hadStudent).containsExactly(false, true, true, true);
            assertThat(result.curve()).extracting(CurvePoint::series).containsOnly("spy");
        }
    }

    @Test
    void should_stop_at_the_label_budget_without_exceeding_it() {
        // given
        RecordingAnnotator annotator = recording(0.0);

        // when
        try (LoopResult result = loop(annotator, new CentroidTrainer(), new InMemoryAnnotationStore())
                .budget(Budget.labels(17)).build().run()) {
            // then
            assertThat(annotator.asked).hasSize(17);
            assertThat(result.rounds()).extracting(RoundSummary::labels).containsExactly(10, 15, 17);
            assertThat(result.stopReason()).isEqualTo(StopReason.LABEL_BUDGET);
        }
    }

    @Test
    void should_stop_before_exceeding_the_money_budget() {
        // given: every answer costs one cent; $0.125 affords 12 of them
        NoisyOracleAnnotator paid = NoisyOracleAnnotator.builder(TASK).gold(POOL).seed(7).costPerAnswer(LoopFixtures.cents(1))
                .build();
        RecordingAnnotator annotator = new RecordingAnnotator(paid);

        // when
        try (LoopResult result = loop(annotator, new CentroidTrainer(), new InMemoryAnnotationStore())
                .budget(Budget.usd(0.125)).build().run()) {
            // then
            assertThat(annotator.asked).hasSize(12);
            assertThat(result.spent().usd()).isLessThanOrEqualTo(0.125).isCloseTo(0.12, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(result.stopReason()).isEqualTo(StopReason.MONEY_BUDGET);
            assertThat(result.rounds()).extracting(RoundSummary::labels).containsExactly(10, 12);
            assertThat(result.rounds()).extracting(RoundSummary::paidCalls).containsExactly(10L, 12L);
            assertThat(result.curve()).last().satisfies(p -> assertThat(p.usd()).isCloseTo(0.12,
                    org.assertj.core.data.Offset.offset(1e-9)));
            assertThat(annotator.callSizes.get(0)).as("the first call probes the price with one text").isEqualTo(1);
        }
    }

    @Test
    void should_leave_abstentions_out_of_training_but_count_them_and_never_ask_again() {
        // given: the annotator abstains on every fifth pool text
        Set<String> hard = new HashSet<>();
        for (int i = 0; i < POOL.size(); i += 5) {
            hard.add(POOL.get(i).id());
        }
        RecordingAnnotator annotator = new RecordingAnnotator(LoopFixtures.oracle(POOL, 0.0), hard, -1);
        CentroidTrainer trainer = new CentroidTrainer();

        // when
        try (LoopResult result = loop(annotator, trainer, new InMemoryAnnotationStore()).build().run()) {
            // then
            long abstained = result.annotations().stream().filter(a -> a.annotation().isAbstention()).count();
            assertThat(abstained).isPositive();
            assertThat(result.rounds().stream().mapToInt(RoundSummary::abstained).sum()).isEqualTo((int) abstained);
            RoundSummary last = result.rounds().get(result.rounds().size() - 1);
            assertThat(last.trainingExamples()).isEqualTo(25 - (int) abstained);
            TrainingSetIds lastTrain = new TrainingSetIds(trainer.seen.get(trainer.seen.size() - 1));
            assertThat(lastTrain.ids).doesNotContainAnyElementsOf(hard).hasSize(25 - (int) abstained);
            assertThat(annotator.asked).doesNotHaveDuplicates();
            assertThat(result.runRecord().sources()).containsEntry("abstained", abstained).containsEntry("annotated", 25L)
                    .containsEntry("cached", 0L);
        }
    }

    private record TrainingSetIds(List<String> ids) {
        TrainingSetIds(dev.annotator.core.student.TrainingSet set) {
            this(set.examples().stream().map(e -> e.example().id()).toList());
        }
    }

    @Test
    void should_resume_from_the_store_after_a_crash_and_end_as_an_uninterrupted_run() {
        // given: an uninterrupted 3-round run (10 + 5 + 5, chunks of 4: calls 4,4,2 | 4,1 | 4,1)
        RecordingAnnotator clean = recording(0.2);
        LoopResult expected = loop(clean, new CentroidTrainer(), new InMemoryAnnotationStore())
                .schedule(LoopSchedule.of(10, 2, 5)).build().run();

        // and a run whose annotator crashes on its 7th call, the second chunk of round 2
        InMemoryAnnotationStore store = new InMemoryAnnotationStore();
        RecordingAnnotator crashing = new RecordingAnnotator(LoopFixtures.oracle(POOL, 0.2), Set.of(), 6);
        List<LoopEvent> crashedEvents = new ArrayList<>();
        assertThatThrownBy(() -> loop(crashing, new CentroidTrainer(), store).schedule(LoopSchedule.of(10, 2, 5))
                .listener(crashedEvents::add).build().run())
                .isInstanceOf(AnnotatorException.class).hasMessageContaining("simulated crash");
        assertThat(store.annotations(TASK)).hasSize(19);
        assertThat(crashedEvents).filteredOn(e -> e instanceof RoundFinished).hasSize(2);

        // when: the same loop is rerun over the same store
        RecordingAnnotator resumed = recording(0.2);
        try (LoopResult actual = loop(resumed, new CentroidTrainer(), store).schedule(LoopSchedule.of(10, 2, 5)).build().run()) {
            // then: only the one text never answered is asked
            assertThat(resumed.asked).containsExactly(clean.asked.get(19));
            assertThat(actual.rounds()).extracting(RoundSummary::cached).containsExactly(10, 5, 4);
            assertThat(actual.rounds()).extracting(RoundSummary::annotated).containsExactly(0, 0, 1);
            // and the result is the uninterrupted run's
            assertThat(actual.curve()).isEqualTo(expected.curve());
            assertThat(describe(actual.annotations())).isEqualTo(describe(expected.annotations()));
            assertThat(actual.spent()).isEqualTo(expected.spent());
            assertThat(actual.rounds()).extracting(RoundSummary::dev, RoundSummary::test, RoundSummary::teacher,
                    RoundSummary::labels).isEqualTo(expected.rounds().stream()
                    .map(r -> org.assertj.core.groups.Tuple.tuple(r.dev(), r.test(), r.teacher(), r.labels())).toList());
            List<String> testTexts = TEST.stream().map(LabelledExample::text).toList();
            assertThat(actual.student().orElseThrow().predictBatch(testTexts))
                    .isEqualTo(expected.student().orElseThrow().predictBatch(testTexts));
            assertThat(actual.runRecord().evaluations()).isEqualTo(expected.runRecord().evaluations());
            assertThat(actual.runRecord().sources()).containsEntry("cached", 19L).containsEntry("annotated", 1L);
        } finally {
            expected.close();
        }
    }

    private static List<String> describe(List<AnnotatedExample> annotations) {
        return annotations.stream().map(a -> a.annotation().toString()).toList();
    }

    @Test
    void should_emit_selected_annotated_finished_per_round_then_loop_finished() {
        // given
        List<LoopEvent> events = new ArrayList<>();

        // when
        try (LoopResult result = loop(recording(0.0), new CentroidTrainer(), new InMemoryAnnotationStore())
                .listener(events::add).build().run()) {
            // then
            List<String> kinds = events.stream().map(e -> e.getClass().getSimpleName() + "@" + e.round()).toList();
            List<String> want = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                want.addAll(List.of("BatchSelected@" + r, "BatchAnnotated@" + r, "RoundFinished@" + r));
            }
            want.add("LoopFinished@4");
            assertThat(kinds).isEqualTo(want);
            assertThat(((BatchSelected) events.get(0)).batch()).hasSize(10);
            assertThat(((BatchAnnotated) events.get(1)).annotated()).isEqualTo(10);
            assertThat(((RoundFinished) events.get(2)).summary()).isEqualTo(result.rounds().get(0));
            assertThat(((LoopFinished) events.get(12)).reason()).isEqualTo(StopReason.SCHEDULE_DONE);
        }
    }

    @Test
    void should_close_every_replaced_student_and_hand_over_the_last() {
        // given
        CentroidTrainer trainer = new CentroidTrainer();

        // when
        LoopResult result = loop(recording(0.0), trainer, new InMemoryAnnotationStore()).build().run();

        // then
        assertThat(trainer.trained).hasSize(4);
        assertThat(trainer.trained.subList(0, 3)).allMatch(m -> m.closed);
        CentroidModel last = trainer.trained.get(3);
        assertThat(last.closed).isFalse();
        assertThat(result.student()).containsSame(last);
        result.close();
        assertThat(last.closed).isTrue();
    }

    @Test
    void should_write_the_curve_and_a_run_record(@TempDir Path dir) throws IOException {
        // given: an oracle that also knows the test labels
        Annotator oracle = NoisyOracleAnnotator.builder(TASK).gold(POOL).gold(TEST).seed(7).build();

        // when
        try (LoopResult result = loop(oracle, new CentroidTrainer(), new InMemoryAnnotationStore())
                .evaluateTeacherOnTest(true).build().run(dir)) {
            // then
            List<String> csv = Files.readAllLines(dir.resolve("curve.csv"));
            assertThat(csv).hasSize(5);
            assertThat(csv.get(0)).startsWith("series,round,labels,training_examples,paid_calls,usd,dev_accuracy");
            assertThat(csv.get(4)).startsWith("uncertainty(least-confidence),3,25,25,0,0.000000,");
            RunRecord record = RunRecordJson.readFrom(dir);
            assertThat(record.curve()).isEqualTo(result.curve());
            assertThat(record.evaluations()).extracting(Evaluation::name, Evaluation::split).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("student (centroid)", "test"),
                    org.assertj.core.groups.Tuple.tuple("teacher (oracle:flip=0,seed=7)", "test"),
                    org.assertj.core.groups.Tuple.tuple("teacher (oracle:flip=0,seed=7)", "annotated pool"));
            assertThat(record.evaluations().get(1).accuracy()).isEqualTo(1.0);
            assertThat(record.evaluations().get(1).examples()).isEqualTo(TEST.size());
            assertThat(record.provenance()).containsEntry("selector", "uncertainty(least-confidence)")
                    .containsEntry("weigher", result.runRecord().provenance().get("weigher"))
                    .containsEntry("annotator", "oracle:flip=0,seed=7").containsEntry("seed", "42")
                    .containsEntry("schedule", "10 + 3 x 5").containsEntry("trainer kind", "nearest-centroid")
                    .containsKey("teacher on test");
            assertThat(record.sources()).containsEntry("annotated", 25L);
            assertThat(result.spent().usd()).isZero();
        }
    }

    @Test
    void should_embed_each_pool_text_at_most_once_across_rounds() {
        // given: a diversity selector over a counting embedder
        Map<String, Integer> embedded = new HashMap<>();
        TextEmbedder embedder = new TextEmbedder() {
            @Override
            public int dimension() {
                return 3;
            }

            @Override
            public String name() {
                return "counting";
            }

            @Override
            public List<float[]> embedAll(List<String> texts) {
                List<float[]> out = new ArrayList<>();
                for (String t : texts) {
                    embedded.merge(t, 1, Integer::sum);
                    out.add(new float[] {t.length(), t.indexOf('e'), t.split(" ").length});
                }
                return out;
            }
        };

        // when
        try (LoopResult result = loop(recording(0.0), new CentroidTrainer(), new InMemoryAnnotationStore())
                .selector(SampleSelector.kCenter()).embedder(embedder).build().run()) {
            // then
            assertThat(result.annotations()).hasSize(25);
            assertThat(embedded.values()).allMatch(n -> n == 1);
            assertThat(result.runRecord().provenance()).containsEntry("embedder", "counting");
        }
    }

    @Test
    void should_stop_when_the_pool_runs_out() {
        // given: a schedule asking for more texts than the pool holds
        RecordingAnnotator annotator = recording(0.0);

        // when
        try (LoopResult result = loop(annotator, new CentroidTrainer(), new InMemoryAnnotationStore())
                .schedule(LoopSchedule.of(50, 5, 30)).build().run()) {
            // then
            assertThat(annotator.asked).hasSize(POOL.size()).doesNotHaveDuplicates();
            assertThat(result.rounds()).extracting(RoundSummary::selected).containsExactly(50, 30, 30, 10);
            assertThat(result.stopReason()).isEqualTo(StopReason.POOL_EXHAUSTED);
        }
    }

    @Test
    void should_reject_bad_settings_naming_them() {
        Annotator annotator = recording(0.0);
        assertThatThrownBy(() -> loop(annotator, new CentroidTrainer(), new InMemoryAnnotationStore())
                .dev(List.of(POOL.get(3))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dev example 'p003' is also in the pool");
        assertThatThrownBy(() -> ActiveAnnotationLoop.builder().task(TASK).poolWithGold(POOL).dev(DEV).annotator(annotator)
                .selector(SampleSelector.random()).weigher(LabelWeigher.uniform()).trainer(new CentroidTrainer())
                .schedule(LoopSchedule.llmaaa()).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("active annotation loop needs a seed");
        Task other = Task.singleLabel("other", "a", "b");
        assertThatThrownBy(() -> loop(annotator, new CentroidTrainer(), new InMemoryAnnotationStore()).task(other).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels task 'toy-sentiment'");
        assertThatThrownBy(() -> loop(annotator, new CentroidTrainer(), new InMemoryAnnotationStore())
                .dev(List.of(new LabelledExample(Example.of("x", "some text"), List.of(), Split.DEV))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("dev example 'x' has no gold label");
        assertThatThrownBy(() -> loop(annotator, new CentroidTrainer(), new InMemoryAnnotationStore())
                .pool(LoopFixtures.texts(POOL)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pool");
        assertThatThrownBy(() -> ActiveAnnotationLoop.builder().chunkSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("chunkSize must be positive: 0");
        assertThatThrownBy(() -> LoopSchedule.of(0, 1, 1)).hasMessage("initialBatch must be positive: 0");
        assertThatThrownBy(() -> Budget.labels(-3)).hasMessage("label budget must be >= 0: -3");
    }

    @Test
    void should_refuse_an_annotator_whose_answers_carry_another_source() {
        // given
        Annotator liar = new Annotator() {
            @Override
            public Task task() {
                return TASK;
            }

            @Override
            public String name() {
                return "me";
            }

            @Override
            public List<Annotation> annotate(List<Example> examples) {
                return examples.stream().map(e -> Annotation.labelled(e.id(), LabelDistribution.oneHot(TASK, "pos"), 1.0,
                        "someone-else", dev.annotator.core.annotate.Cost.FREE)).toList();
            }
        };

        // then
        assertThatThrownBy(() -> loop(liar, new CentroidTrainer(), new InMemoryAnnotationStore()).build().run())
                .isInstanceOf(AnnotatorException.class).hasMessageContaining("with source 'someone-else'");
    }

    @Test
    void should_refuse_stored_answers_for_another_definition_of_the_task() {
        // given: a store holding an answer for a task of the same name with other labels
        Task redefined = Task.singleLabel(TASK.name(), "neg", "neutral", "pos");
        InMemoryAnnotationStore store = new InMemoryAnnotationStore();
        NoisyOracleAnnotator oracle = LoopFixtures.oracle(POOL, 0.0);
        store.putAnnotation(redefined, Annotation.labelled(POOL.get(0).id(), LabelDistribution.oneHot(redefined, "neutral"), 1.0,
                oracle.name(), dev.annotator.core.annotate.Cost.FREE));

        // then
        assertThatThrownBy(() -> loop(oracle, new CentroidTrainer(), store).build().run())
                .isInstanceOf(AnnotatorException.class).hasMessageContaining("another definition of task 'toy-sentiment'");
    }
}
