package dev.annotator.core.labelmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.task.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoteAnalysisTest {
    private static final Task TASK = Task.singleLabel("sentiment", "negative", "positive");

    /** Hand-checked: see the per-row comments. */
    private static final VoteMatrix VOTES = VoteMatrix.of(TASK, List.of("A", "B", "C"), List.of("r0", "r1", "r2", "r3", "r4"),
            new int[][] {
                {0, 0, -1},   // agree, gold negative: A right, B right
                {0, 1, -1},   // conflict A/B, gold positive: A wrong, B right
                {-1, 1, 1},   // agree, gold positive: B right, C right
                {-1, -1, -1}, // uncovered
                {1, -1, 0},   // conflict A/C, no gold
            });
    private static final List<List<String>> GOLD = List.of(List.of("negative"), List.of("positive"), List.of("positive"),
            List.of("negative"), List.of());

    @Test
    void should_compute_coverage_overlap_conflict_and_accuracy_per_voter() {
        // when
        VoteAnalysis a = VoteAnalysis.of(VOTES, GOLD);

        // then
        VoterStats va = a.voter("A");
        assertThat(va.polarity()).containsExactly("negative", "positive");
        assertThat(va.votes()).isEqualTo(3);
        assertThat(va.coverage()).isEqualTo(0.6);
        assertThat(va.overlap()).isEqualTo(0.6);
        assertThat(va.conflict()).isEqualTo(0.4);
        assertThat(va.correct()).isEqualTo(1);
        assertThat(va.incorrect()).isEqualTo(1);
        assertThat(va.accuracy()).hasValue(0.5);

        VoterStats vb = a.voter("B");
        assertThat(vb.coverage()).isEqualTo(0.6);
        assertThat(vb.overlap()).isEqualTo(0.6);
        assertThat(vb.conflict()).isCloseTo(0.2, within(1e-12));
        assertThat(vb.accuracy()).hasValue(1.0);

        VoterStats vc = a.voter("C");
        assertThat(vc.coverage()).isEqualTo(0.4);
        assertThat(vc.overlap()).isEqualTo(0.4);
        assertThat(vc.conflict()).isCloseTo(0.2, within(1e-12));
        assertThat(vc.correct()).isEqualTo(1);
        assertThat(vc.incorrect()).isZero();

        assertThat(a.coverage()).isEqualTo(0.8);
        assertThat(a.overlap()).isEqualTo(0.8);
        assertThat(a.conflict()).isEqualTo(0.4);
        assertThat(a.toTable()).contains("A ").contains("0.500");
    }

    @Test
    void should_leave_accuracy_empty_without_gold() {
        VoteAnalysis a = VoteAnalysis.of(VOTES);
        assertThat(a.voters()).allSatisfy(s -> assertThat(s.accuracy()).isEmpty());
        assertThat(a.voter("B").votes()).isEqualTo(3);
    }
}
