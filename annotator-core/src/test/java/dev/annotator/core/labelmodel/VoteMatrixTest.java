package dev.annotator.core.labelmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VoteMatrixTest {
    private static final Task TASK = Task.singleLabel("sentiment", "negative", "positive");

    private static Annotation label(String id, String label) {
        return Annotation.labelled(id, LabelDistribution.oneHot(TASK, label), 0.9, "x", Cost.FREE);
    }

    @Test
    void should_turn_annotations_into_votes_by_example_id() {
        // given
        Map<String, List<Annotation>> byVoter = new LinkedHashMap<>();
        byVoter.put("llm", List.of(label("b", "positive"), Annotation.abstained("a", "unparseable", "llm", Cost.FREE)));
        byVoter.put("knn", List.of(label("a", "negative")));

        // when
        VoteMatrix m = VoteMatrix.fromAnnotations(TASK, List.of("a", "b"), byVoter);

        // then
        assertThat(m.voters()).containsExactly("llm", "knn");
        assertThat(m.row(0)).containsExactly(VoteMatrix.ABSTAIN, 0);
        assertThat(m.row(1)).containsExactly(1, VoteMatrix.ABSTAIN);
        assertThat(m.selectVoters(List.of("knn")).row(0)).containsExactly(0);
    }

    @Test
    void should_reject_annotations_of_unknown_or_repeated_examples() {
        assertThatThrownBy(() -> VoteMatrix.fromAnnotations(TASK, List.of("a"), Map.of("v", List.of(label("z", "positive")))))
                .hasMessageContaining("annotated example 'z', which is not a row");
        assertThatThrownBy(() -> VoteMatrix.fromAnnotations(TASK, List.of("a"),
                Map.of("v", List.of(label("a", "positive"), label("a", "negative"))))).hasMessageContaining("twice");
    }
}
