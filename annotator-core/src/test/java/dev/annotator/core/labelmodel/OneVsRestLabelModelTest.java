package dev.annotator.core.labelmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OneVsRestLabelModelTest {
    private static final Task TOPICS = Task.builder().name("topics").multiLabel(true).label("sport", "").label("politics", "")
            .label("tech", "").build();

    @Test
    void should_run_dawid_skene_per_label_on_a_multi_label_task() {
        // given: each text is about one topic; four voters name it with accuracy 0.85 when they vote
        Random rnd = new Random(9);
        int n = 1500;
        int[][] v = new int[n][4];
        List<String> ids = new ArrayList<>();
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = rnd.nextInt(3);
            ids.add("x" + i);
            for (int j = 0; j < 4; j++) {
                v[i][j] = rnd.nextDouble() < 0.7 ? (rnd.nextDouble() < 0.85 ? truth[i] : (truth[i] + 1 + rnd.nextInt(2)) % 3)
                        : VoteMatrix.ABSTAIN;
            }
        }
        VoteMatrix votes = VoteMatrix.of(TOPICS, List.of("a", "b", "c", "d"), ids, v);

        // when
        FittedLabelModel fitted = OneVsRestLabelModel.of(LabelModel.dawidSkene()).fit(votes);

        // then
        int right = 0;
        int covered = 0;
        for (int i = 0; i < n; i++) {
            var d = fitted.predict(votes.row(i));
            if (d.isPresent()) {
                covered++;
                right += d.get().chosen().equals(List.of(TOPICS.labelNames().get(truth[i]))) ? 1 : 0;
            }
        }
        assertThat((double) right / covered).isGreaterThan(0.85);
        LabelDistribution unanimous = fitted.predict(new int[] {2, 2, 2, -1}).orElseThrow();
        assertThat(unanimous.get("tech")).isGreaterThan(0.95);
        assertThat(unanimous.get("sport")).isLessThan(0.05);
        assertThat(fitted.predict(new int[] {-1, -1, -1, -1})).isEmpty();
        assertThat(fitted.name()).isEqualTo("one-vs-rest-dawid-skene");
    }

    @Test
    void should_refuse_single_label_tasks() {
        Task single = Task.singleLabel("t", "a", "b");
        VoteMatrix m = VoteMatrix.of(single, List.of("v"), List.of("x"), new int[][] {{0}});
        assertThatThrownBy(() -> OneVsRestLabelModel.of(LabelModel.dawidSkene()).fit(m))
                .hasMessageContaining("one-vs-rest is for multi-label tasks");
    }
}
