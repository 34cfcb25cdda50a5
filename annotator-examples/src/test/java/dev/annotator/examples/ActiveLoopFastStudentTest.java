package dev.annotator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.annotator.core.RetriableAnnotatorException;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.annotate.NoisyOracleAnnotator;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.pipeline.ActiveAnnotationLoop;
import dev.annotator.core.pipeline.LoopResult;
import dev.annotator.core.pipeline.LoopSchedule;
import dev.annotator.core.pipeline.RoundSummary;
import dev.annotator.core.select.SampleSelector;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.task.Task;
import dev.annotator.core.weigh.LabelWeigher;
import dev.annotator.student.fast.FastStudentTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop with the real fast student: resuming after a crash gives the uninterrupted run's student. */
class ActiveLoopFastStudentTest {
    private static final Path CSV = Path.of("..", "..", "shared", "datasets", "uci_sentiment.csv");

    /** Counts the texts it is asked about; throws on a chosen call. */
    private static final class Crashing implements Annotator {
        final List<String> asked = new ArrayList<>();
        private final Annotator inner;
        private final int crashOnCall;
        private int calls;

        Crashing(Annotator inner, int crashOnCall) {
            this.inner = inner;
            this.crashOnCall = crashOnCall;
        }

        @Override
        public Task task() {
            return inner.task();
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public List<Annotation> annotate(List<Example> examples) {
            if (calls++ == crashOnCall) {
                throw new RetriableAnnotatorException("simulated crash");
            }
            examples.forEach(e -> asked.add(e.id()));
            return inner.annotate(examples);
        }
    }

    @Test
    void should_resume_a_crashed_run_to_the_same_fast_student() throws IOException {
        assumeTrue(Files.isRegularFile(CSV), "shared dataset not found: " + CSV);
        // given
        DatasetReader reader = DatasetReader.csv().build();
        Task task = reader.inferTask(CSV, "sentiment");
        Dataset data = reader.read(CSV, task);
        List<LabelledExample> pool = data.split(Split.TRAIN).subList(0, 300);
        List<LabelledExample> test = data.split(Split.TEST).subList(0, 200);
        NoisyOracleAnnotator oracle = NoisyOracleAnnotator.builder(task).gold(pool).flipRate(0.3).seed(7).build();

        // when: an uninterrupted run, a run crashing in round 2 (calls of 10: 0-1 | 2-3 | 4 stored, 5 fails), a resumed run
        Crashing clean = new Crashing(oracle, -1);
        InMemoryAnnotationStore store = new InMemoryAnnotationStore();
        Crashing crashing = new Crashing(oracle, 5);
        Crashing resumed = new Crashing(oracle, -1);
        try (LoopResult expected = loop(task, pool, data, test, clean, new InMemoryAnnotationStore()).run()) {
            assertThatThrownBy(() -> loop(task, pool, data, test, crashing, store).run()).hasMessageContaining("simulated crash");
            try (LoopResult actual = loop(task, pool, data, test, resumed, store).run()) {
                // then
                assertThat(crashing.asked).hasSize(50);
                assertThat(resumed.asked).isEqualTo(clean.asked.subList(50, 60));
                assertThat(actual.rounds()).extracting(RoundSummary::cached).containsExactly(20, 20, 10);
                assertThat(actual.curve()).isEqualTo(expected.curve());
                List<String> texts = test.stream().map(LabelledExample::text).toList();
                assertThat(actual.student().orElseThrow().predictBatch(texts))
                        .isEqualTo(expected.student().orElseThrow().predictBatch(texts));
                assertThat(actual.student().orElseThrow().provenance().dataFingerprint())
                        .isEqualTo(expected.student().orElseThrow().provenance().dataFingerprint());
            }
        }
    }

    private static ActiveAnnotationLoop loop(Task task, List<LabelledExample> pool, Dataset data, List<LabelledExample> test,
            Annotator annotator, AnnotationStore store) {
        return ActiveAnnotationLoop.builder().task(task).poolWithGold(pool).dev(data.split(Split.DEV)).test(test)
                .annotator(annotator).store(store).selector(SampleSelector.entropy()).weigher(LabelWeigher.byConfidence())
                .trainer(FastStudentTrainer.builder().seed(42).build()).schedule(LoopSchedule.of(20, 2, 20)).seed(3)
                .chunkSize(10).build();
    }
}
