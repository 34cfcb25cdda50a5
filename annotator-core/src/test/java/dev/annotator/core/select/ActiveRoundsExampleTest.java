package dev.annotator.core.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.data.Example;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.core.weigh.AnnotatedExample;
import dev.annotator.core.weigh.LabelWeigher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The README's selection and weighing example, run for three rounds so it cannot rot. */
class ActiveRoundsExampleTest {
    private static final Task TASK = Task.singleLabel("side", "left", "right");

    /** Labels a point by the sign of its x coordinate; abstains near the middle. */
    private static final class SignAnnotator implements Annotator {
        @Override
        public Task task() {
            return TASK;
        }

        @Override
        public String name() {
            return "sign";
        }

        @Override
        public List<Annotation> annotate(List<Example> examples) {
            List<Annotation> out = new ArrayList<>();
            for (Example e : examples) {
                double x = Double.parseDouble(e.text().split(" ")[0]);
                if (Math.abs(x) < 1) {
                    out.add(Annotation.abstained(e.id(), "too close to call", name(), Cost.FREE));
                } else {
                    String label = x < 0 ? "left" : "right";
                    out.add(Annotation.labelled(e.id(), LabelDistribution.oneHot(TASK, label), Math.min(1, Math.abs(x) / 10),
                            name(), Cost.FREE));
                }
            }
            return out;
        }
    }

    /** A stand-in student, unsure near x = 0. */
    private static StudentModel student(List<Example> pool) {
        Map<String, LabelDistribution> byText = new LinkedHashMap<>();
        for (Example e : pool) {
            double x = Double.parseDouble(e.text().split(" ")[0]);
            double p = 1 / (1 + Math.exp(-x / 3));
            byText.put(e.text(), LabelDistribution.of(TASK, new double[] {1 - p, p}));
        }
        return SelectorFixtures.fixedStudent(byText, new ArrayList<>());
    }

    @Test
    void should_select_annotate_and_weigh_round_after_round() {
        List<Example> pool = SelectorFixtures.clusteredPool();
        Set<String> labelledIds = new HashSet<>();
        EmbeddingCache embeddings = EmbeddingCache.of(new SelectorFixtures.VectorTextEmbedder(2));
        SampleSelector selector = SampleSelector.hybrid();
        Annotator annotator = new SignAnnotator();
        StudentModel student = null;
        int trained = 0;

        for (int roundNumber = 0; roundNumber < 3; roundNumber++) {
            SelectionContext.Builder b = SelectionContext.builder()
                    .pool(pool).labelledIds(labelledIds).batchSize(5).seed(42 + roundNumber)
                    .embeddings(embeddings);
            if (student != null) {
                b.student(student);
            }
            List<Example> batch = selector.select(b.build());
            List<Annotation> answers = annotator.annotate(batch);
            TrainingSet train = LabelWeigher.byConfidence().weigh(TASK, AnnotatedExample.zip(batch, answers));

            assertThat(batch).hasSize(5).noneMatch(e -> labelledIds.contains(e.id()));
            batch.forEach(e -> labelledIds.add(e.id()));
            trained += train.size();
            student = student(pool);
        }

        assertThat(labelledIds).hasSize(15);
        assertThat(trained).isEqualTo(15);
    }
}
