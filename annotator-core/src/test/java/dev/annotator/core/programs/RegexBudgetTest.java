package dev.annotator.core.programs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annotator.core.data.Example;
import dev.annotator.core.task.Task;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegexBudgetTest {
    private static final Task TASK = Task.singleLabel("spam", "ham", "spam");
    /** Exponential in Java 17 (the back-reference defeats the JDK's loop memoisation): ~30 s at 26 characters. */
    private static final String CATASTROPHIC = """
            {"name": "evil", "task": "spam", "rules": [
              {"when": {"regex": {"pattern": "^(a+)+\\\\1$"}}, "label": "spam"},
              {"when": {"keywords": {"terms": ["b"]}}, "label": "ham"}]}""";

    @Test
    void should_return_quickly_on_the_classic_nested_quantifier() {
        // given: (a+)+$ on "aaa...ab", exponential in naive backtracking engines
        LabelingProgram p = ProgramJson.read("""
                {"name": "classic", "task": "spam", "rules": [{"when": {"regex": {"pattern": "(a+)+$"}}, "label": "spam"}]}""",
                TASK);

        // when
        long start = System.nanoTime();
        ProgramVote vote = p.apply("a".repeat(5000) + "b");
        long millis = (System.nanoTime() - start) / 1_000_000;

        // then: no match (or out of budget); either way it abstains, and promptly
        assertThat(vote.isAbstention()).isTrue();
        assertThat(millis).isLessThan(3_000);
    }

    @Test
    void should_stop_catastrophic_backtracking_within_the_step_budget_and_abstain() {
        // given
        LabelingProgram p = ProgramJson.read(CATASTROPHIC, TASK);
        String text = "a".repeat(40) + "b";

        // when
        long start = System.nanoTime();
        ProgramVote vote = p.apply(text);
        long millis = (System.nanoTime() - start) / 1_000_000;

        // then: the program abstains on this text (the later rule is not consulted) and says why
        assertThat(vote.isAbstention()).isTrue();
        assertThat(vote.budgetExceeded()).isTrue();
        assertThat(millis).isLessThan(2_000);
    }

    @Test
    void should_stop_on_the_time_bound_when_the_step_budget_is_huge() {
        // given
        ProgramLimits slowOk = ProgramLimits.builder().regexSteps(Long.MAX_VALUE / 4, 0).regexTimeout(Duration.ofMillis(50)).build();
        LabelingProgram p = ProgramJson.read(CATASTROPHIC, TASK, slowOk, "evil.json");

        // when
        long start = System.nanoTime();
        ProgramVote vote = p.apply("a".repeat(60) + "b");
        long millis = (System.nanoTime() - start) / 1_000_000;

        // then
        assertThat(vote.budgetExceeded()).isTrue();
        assertThat(millis).isLessThan(2_000);
    }

    @Test
    void should_count_budget_exhaustions_per_program_and_still_label_other_texts() {
        // given
        LabelingProgram p = ProgramJson.read(CATASTROPHIC, TASK);

        // when
        ProgramVotes votes = LabelingPrograms.apply(List.of(p), List.of(Example.of("1", "a".repeat(40) + "b"),
                Example.of("2", "aaaa"), Example.of("3", "a b")));

        // then
        assertThat(votes.budgetExceeded()).containsEntry("evil", 1);
        assertThat(votes.votes().vote(0, 0)).isEqualTo(-1);
        assertThat(votes.votes().vote(1, 0)).isEqualTo(TASK.requireIndex("spam"));
        assertThat(votes.votes().vote(2, 0)).isEqualTo(TASK.requireIndex("ham"));
    }

    @Test
    void should_give_ordinary_regexes_on_long_texts_enough_budget() {
        LabelingProgram p = ProgramJson.read("""
                {"name": "long", "task": "spam", "rules": [{"when": {"regex": {"pattern": "\\\\bwin\\\\w*\\\\s+\\\\$\\\\d+"}}, "label": "spam"}]}""",
                TASK);
        String text = "lorem ipsum dolor sit amet ".repeat(4000) + " winner $100";
        assertThat(p.apply(text).label()).contains("spam");
    }
}
