package dev.annotator.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.labelmodel.LabelModelSelection;
import dev.annotator.core.programs.LabelingProgram;
import dev.annotator.core.programs.ProgramJson;
import dev.annotator.core.report.RunRecord;
import dev.annotator.core.report.RunRecordJson;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ProgramLabelingPipelineTest {
    static final Task SPAM = Task.singleLabel("spam", "ham", "spam");

    static LabelingProgram keywords(String name, String label, String... terms) {
        return ProgramJson.read("{\"name\": \"" + name + "\", \"task\": \"spam\", \"rules\": [{\"when\": {\"keywords\": "
                + "{\"terms\": [\"" + String.join("\", \"", terms) + "\"]}}, \"label\": \"" + label + "\"}]}", SPAM);
    }

    static LabelledExample row(String id, String text, String gold, Split split) {
        return new LabelledExample(Example.of(id, text), gold == null ? List.of() : List.of(gold), split);
    }

    /**
     * Train: 6 rows the programs cover (one with a gold label that disagrees with them: 'win' in a
     * ham mail), 2 rows nothing covers, 1 covered row without gold. Dev and test: clean.
     */
    static Dataset data(boolean devGold) {
        List<LabelledExample> rows = new ArrayList<>();
        rows.add(row("t1", "win money now", "spam", Split.TRAIN));
        rows.add(row("t2", "free money offer", "spam", Split.TRAIN));
        rows.add(row("t3", "win a free cruise", "spam", Split.TRAIN));
        rows.add(row("t4", "meeting agenda attached", "ham", Split.TRAIN));
        rows.add(row("t5", "project meeting moved", "ham", Split.TRAIN));
        rows.add(row("t6", "did our team win the meeting award", "ham", Split.TRAIN));
        rows.add(row("t7", "hello there", "ham", Split.TRAIN));
        rows.add(row("t8", "see you soon", "spam", Split.TRAIN));
        rows.add(row("t9", "free money", null, Split.TRAIN));
        String[][] dev = {{"win free money", "spam"}, {"free offer", "spam"}, {"win big", "spam"},
            {"meeting notes", "ham"}, {"meeting at noon", "ham"}, {"agenda for meeting", "ham"}};
        for (int i = 0; i < dev.length; i++) {
            rows.add(row("d" + i, dev[i][0], devGold ? dev[i][1] : null, Split.DEV));
        }
        rows.add(row("x1", "free money win", "spam", Split.TEST));
        rows.add(row("x2", "meeting agenda", "ham", Split.TEST));
        return Dataset.of(SPAM, rows);
    }

    static List<LabelingProgram> programs() {
        return List.of(keywords("money", "spam", "money", "free"), keywords("win", "spam", "win"),
                keywords("meeting", "ham", "meeting", "agenda"));
    }

    @Test
    void should_train_the_student_on_soft_labels_of_the_covered_train_rows_only() {
        // given
        LoopFixtures.CentroidTrainer trainer = new LoopFixtures.CentroidTrainer();

        // when
        try (ProgramLabelingResult r = ProgramLabelingPipeline.builder().programs(programs()).trainer(trainer).llmCalls(5)
                .build().run(data(true))) {
            // then: 7 of 9 train rows covered; the student saw exactly those, labelled by the label model
            assertThat(r.trainRows()).isEqualTo(9);
            assertThat(r.coveredTrainRows()).isEqualTo(7);
            assertThat(r.coverage()).isCloseTo(7 / 9.0, Offset.offset(1e-12));
            TrainingSet seen = trainer.seen.get(0);
            assertThat(seen.examples()).extracting(e -> e.example().id()).containsExactly("t1", "t2", "t3", "t4", "t5", "t6", "t9");
            assertThat(seen.teacher()).isEqualTo("labelmodel:" + r.labelModel());
            assertThat(seen.examples()).allSatisfy(e -> assertThat(e.weight()).isEqualTo(1.0));
            // t6 has gold 'ham' but 'win' and 'meeting' tie: the target is the label model's, never the gold
            TrainingExample t6 = seen.examples().get(5);
            assertThat(t6.target().get("spam")).isGreaterThan(0.0);
            // the label model is scored on the 6 covered rows with gold
            assertThat(r.labelModelReport()).get().satisfies(rep -> assertThat(rep.size()).isEqualTo(6));
            assertThat(r.labelModelAccuracy().getAsDouble()).isBetween(5 / 6.0 - 1e-12, 1.0);
            assertThat(r.kept()).containsExactly("money", "win", "meeting");
            assertThat(r.labelModelDevAccuracy()).containsKeys("majority-vote", "weighted-majority-vote", "dawid-skene");
            assertThat(r.test()).get().satisfies(rep -> assertThat(rep.size()).isEqualTo(2));
            assertThat(r.testAccuracy().getAsDouble()).isEqualTo(1.0);
            assertThat(r.llmCalls()).isEqualTo(5);
        }
        assertThat(trainer.trained.get(0).closed).isTrue();
    }

    @Test
    void should_drop_a_program_that_is_wrong_on_dev() {
        // given: 'meeting' said to be spam: wrong on every dev row it votes on
        List<LabelingProgram> programs = List.of(keywords("money", "spam", "money", "free"), keywords("win", "spam", "win"),
                keywords("liar", "spam", "meeting"), keywords("agenda", "ham", "agenda", "notes", "noon"));

        // when
        try (ProgramLabelingResult r = ProgramLabelingPipeline.builder().programs(programs)
                .trainer(new LoopFixtures.CentroidTrainer()).selection(LabelModelSelection.builder().minAccuracy(0.6).build())
                .build().run(data(true))) {
            // then
            assertThat(r.programs()).containsExactly("money", "win", "liar", "agenda");
            assertThat(r.kept()).containsExactly("money", "win", "agenda");
            assertThat(r.dropped()).containsOnlyKeys("liar");
            assertThat(r.dropped().get("liar")).contains("dev accuracy 0.000");
            assertThat(r.devAnalysis()).get().satisfies(a -> assertThat(a.voter("liar").accuracy().getAsDouble()).isZero());
        }
    }

    @Test
    void should_use_the_fallback_label_model_when_dev_has_no_gold() {
        try (ProgramLabelingResult r = ProgramLabelingPipeline.builder().programs(programs())
                .trainer(new LoopFixtures.CentroidTrainer()).weighByConfidence(true).build().run(data(false))) {
            assertThat(r.labelModel()).isEqualTo("majority-vote");
            assertThat(r.devAnalysis()).isEmpty();
            assertThat(r.labelModelDevAccuracy()).isEmpty();
            assertThat(r.kept()).hasSize(3);
        }
    }

    @Test
    void should_use_a_fixed_label_model_without_pruning() {
        List<LabelingProgram> programs = List.of(keywords("money", "spam", "money", "free"), keywords("liar", "spam", "meeting"));
        try (ProgramLabelingResult r = ProgramLabelingPipeline.builder().programs(programs)
                .trainer(new LoopFixtures.CentroidTrainer()).labelModel(dev.annotator.core.labelmodel.LabelModel.dawidSkene())
                .build().run(data(true))) {
            assertThat(r.labelModel()).isEqualTo("dawid-skene");
            assertThat(r.kept()).containsExactly("money", "liar");
            assertThat(r.dropped()).isEmpty();
        }
    }

    @Test
    void should_write_a_run_record_the_report_reads() {
        try (ProgramLabelingResult r = ProgramLabelingPipeline.builder().programs(programs())
                .trainer(new LoopFixtures.CentroidTrainer()).llmCalls(3).build().run(data(true))) {
            RunRecord back = RunRecordJson.read(RunRecordJson.write(r.runRecord("programs on toy spam")));
            assertThat(back.evaluations()).extracting(e -> e.name() + "/" + e.split())
                    .containsExactly("student/test", "label model (" + r.labelModel() + ")/train, covered rows");
            assertThat(back.sources()).containsEntry("programs", 7L).containsEntry("abstained", 2L);
            assertThat(back.provenance()).containsEntry("llmCalls", "3").containsEntry("kept", "money, win, meeting");
        }
    }

    @Test
    void should_name_what_is_wrong_with_the_input() {
        Task other = Task.singleLabel("sentiment", "negative", "positive");
        ProgramLabelingPipeline p = ProgramLabelingPipeline.builder().programs(programs())
                .trainer(new LoopFixtures.CentroidTrainer()).build();
        assertThatThrownBy(() -> p.run(Dataset.of(other, List.of(new LabelledExample(Example.of("a", "x"), List.of(), Split.TRAIN)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("programs are for task 'spam'")
                .hasMessageContaining("'sentiment'");
        Dataset uncovered = Dataset.of(SPAM, List.of(row("t1", "hello", "ham", Split.TRAIN), row("d1", "money", "spam", Split.DEV)));
        assertThatThrownBy(() -> p.run(uncovered)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vote on none of the 1 train rows");
        assertThatThrownBy(() -> ProgramLabelingPipeline.builder().programs(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("programs must not be empty");
        assertThatThrownBy(() -> ProgramLabelingPipeline.builder().programs(programs()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trainer must be set");
    }
}
