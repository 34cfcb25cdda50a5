package dev.annotator.core.logic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.student.Provenance;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.UnknownLabelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextPredicateTest {
    /** A student answering from a fixed table, counting its batch calls. */
    static final class TableStudent implements StudentModel {
        final Task task;
        final Map<String, double[]> table;
        int calls;

        TableStudent(Task task, Map<String, double[]> table) {
            this.task = task;
            this.table = table;
        }

        @Override
        public Task task() {
            return task;
        }

        @Override
        public Provenance provenance() {
            return new Provenance(task.name(), "table", Map.of(), 1, "fp-" + task.name(), "gold", "test", "2026-01-01T00:00:00Z");
        }

        @Override
        public List<LabelDistribution> predictBatch(List<String> texts) {
            calls++;
            List<LabelDistribution> out = new ArrayList<>();
            for (String t : texts) {
                out.add(LabelDistribution.of(task, table.get(t)));
            }
            return out;
        }

        @Override
        public void close() {
        }
    }

    static final Task TOPIC = Task.singleLabel("topic", "food", "movies");
    static final Task SENTIMENT = Task.singleLabel("sentiment", "positive", "negative");
    // texts named by (topic, sentiment); probabilities chosen on both sides of 0.5
    static final Map<String, double[]> TOPICS = Map.of("food+pos", new double[] {0.9, 0.1}, "food+neg", new double[] {0.7, 0.3},
            "movie+pos", new double[] {0.2, 0.8}, "movie+neg", new double[] {0.4, 0.6});
    static final Map<String, double[]> SENTIMENTS = Map.of("food+pos", new double[] {0.8, 0.2}, "food+neg",
            new double[] {0.1, 0.9}, "movie+pos", new double[] {0.6, 0.4}, "movie+neg", new double[] {0.3, 0.7});
    static final List<String> TEXTS = List.of("food+pos", "food+neg", "movie+pos", "movie+neg");

    private static List<Boolean> decisions(TextPredicate p) {
        return p.test(TEXTS).stream().map(TextPredicate.Answer::decision).toList();
    }

    @Test
    void should_follow_the_truth_tables_of_and_or_not() {
        TableStudent topic = new TableStudent(TOPIC, TOPICS);
        TableStudent sentiment = new TableStudent(SENTIMENT, SENTIMENTS);
        TextPredicate food = TextPredicate.label(topic, "food");
        TextPredicate positive = TextPredicate.label(sentiment, "positive");

        assertThat(decisions(food.and(positive))).containsExactly(true, false, false, false);
        assertThat(decisions(food.or(positive))).containsExactly(true, true, true, false);
        assertThat(decisions(food.not())).containsExactly(false, false, true, true);
        assertThat(decisions(food.and(positive.not()))).containsExactly(false, true, false, false);
        assertThat(decisions(food.not().and(positive.not()))).containsExactly(false, false, false, true);
    }

    @Test
    void should_apply_thresholds_to_each_leaf() {
        TableStudent topic = new TableStudent(TOPIC, TOPICS);

        // food at >= 0.8 holds only for food+pos (0.9), not food+neg (0.7)
        assertThat(decisions(TextPredicate.label(topic, "food", 0.8))).containsExactly(true, false, false, false);
        // movies at >= 0.55 holds for both movie texts
        assertThat(decisions(TextPredicate.label(topic, "movies", 0.55))).containsExactly(false, false, true, true);
    }

    @Test
    void should_keep_the_truth_degree_on_the_side_of_the_decision() {
        TableStudent topic = new TableStudent(TOPIC, TOPICS);
        TableStudent sentiment = new TableStudent(SENTIMENT, SENTIMENTS);
        TextPredicate p = TextPredicate.label(topic, "food", 0.7).and(TextPredicate.label(sentiment, "negative", 0.3).not())
                .or(TextPredicate.label(topic, "movies", 0.4));

        for (TextPredicate.Answer a : p.test(TEXTS)) {
            assertThat(a.truth() >= 0.5).isEqualTo(a.decision());
        }
        // a leaf exactly at its threshold is true and its negation false
        TextPredicate.Answer atThreshold = TextPredicate.label(topic, "food", 0.7).test("food+neg");
        assertThat(atThreshold.decision()).isTrue();
        assertThat(TextPredicate.label(topic, "food", 0.7).not().test("food+neg").decision()).isFalse();
    }

    @Test
    void should_ask_each_student_once_per_batch() {
        TableStudent topic = new TableStudent(TOPIC, TOPICS);
        TableStudent sentiment = new TableStudent(SENTIMENT, SENTIMENTS);
        TextPredicate p = TextPredicate.label(topic, "food").and(TextPredicate.label(topic, "movies", 0.9).not())
                .and(TextPredicate.label(sentiment, "positive"));

        p.test(TEXTS);

        assertThat(topic.calls).isEqualTo(1);
        assertThat(sentiment.calls).isEqualTo(1);
    }

    @Test
    void should_act_as_a_student_whose_choice_is_the_decision() {
        TableStudent topic = new TableStudent(TOPIC, TOPICS);
        TableStudent sentiment = new TableStudent(SENTIMENT, SENTIMENTS);
        TextPredicate p = TextPredicate.label(topic, "food").and(TextPredicate.label(sentiment, "positive"));
        LogicalStudent s = new LogicalStudent("positive-food", p);

        List<LabelDistribution> out = s.predictBatch(TEXTS);

        assertThat(out).extracting(LabelDistribution::top).containsExactly("match", "no_match", "no_match", "no_match");
        assertThat(s.task().labelNames()).containsExactly("match", "no_match");
        assertThat(s.provenance().trainingConfig().get("expression"))
                .isEqualTo("(topic:food >= 0.5 AND sentiment:positive >= 0.5)");
        assertThat(s.provenance().dataFingerprint()).isEqualTo("fp-topic+fp-sentiment");
    }

    @Test
    void should_reject_unknown_labels_and_thresholds_outside_the_unit_interval() {
        TableStudent topic = new TableStudent(TOPIC, TOPICS);

        assertThatThrownBy(() -> TextPredicate.label(topic, "sports")).isInstanceOf(UnknownLabelException.class);
        assertThatThrownBy(() -> TextPredicate.label(topic, "food", 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold");
    }
}
