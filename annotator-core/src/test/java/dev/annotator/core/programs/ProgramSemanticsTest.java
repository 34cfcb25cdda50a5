package dev.annotator.core.programs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annotator.core.task.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramSemanticsTest {
    private static final Task TASK = Task.singleLabel("spam", "ham", "spam");

    private static LabelingProgram program(String when) {
        return ProgramJson.read("{\"name\": \"p\", \"task\": \"spam\", \"rules\": [{\"when\": " + when + ", \"label\": \"spam\"}]}",
                TASK);
    }

    private static boolean fires(String when, String text) {
        return program(when).apply(text).label().isPresent();
    }

    @Test
    void should_match_keywords_on_word_boundaries_ignoring_case_by_default() {
        String when = "{\"keywords\": {\"terms\": [\"free\"]}}";
        assertThat(fires(when, "Get it FREE today")).isTrue();
        assertThat(fires(when, "free!")).isTrue();
        assertThat(fires(when, "freedom of speech")).isFalse();
        assertThat(fires(when, "carefree")).isFalse();
    }

    @Test
    void should_respect_case_sensitivity() {
        String when = "{\"keywords\": {\"terms\": [\"FREE\"], \"caseSensitive\": true}}";
        assertThat(fires(when, "100% FREE")).isTrue();
        assertThat(fires(when, "free lunch")).isFalse();
    }

    @Test
    void should_match_substrings_when_whole_word_is_off() {
        String when = "{\"keywords\": {\"terms\": [\"free\"], \"wholeWord\": false}}";
        assertThat(fires(when, "carefree")).isTrue();
        assertThat(fires(when, "fre e")).isFalse();
    }

    @Test
    void should_match_phrases_across_any_whitespace_and_punctuation_terms() {
        String when = "{\"keywords\": {\"terms\": [\"click here\", \"$$$\", \"don't\"]}}";
        assertThat(fires(when, "Please CLICK\n  here now")).isTrue();
        assertThat(fires(when, "click-here")).isFalse();
        assertThat(fires(when, "clicked here")).isFalse();
        assertThat(fires(when, "make $$$ fast")).isTrue();
        assertThat(fires(when, "I don’t care")).isTrue();
        assertThat(fires(when, "don")).isFalse();
    }

    @Test
    void should_count_lexicon_occurrences_against_thresholds() {
        String when = "{\"lexicon\": {\"terms\": [\"great\", \"love\"], \"min\": 2, \"max\": 3}}";
        assertThat(fires(when, "great")).isFalse();
        assertThat(fires(when, "great great")).isTrue();
        assertThat(fires(when, "Great phone, love it")).isTrue();
        assertThat(fires(when, "great great great love")).isFalse();
    }

    @Test
    void should_count_distinct_terms_when_asked() {
        String when = "{\"lexicon\": {\"terms\": [\"great\", \"love\"], \"min\": 2, \"distinct\": true}}";
        assertThat(fires(when, "great great great")).isFalse();
        assertThat(fires(when, "great, love")).isTrue();
    }

    @Test
    void should_compare_two_lexicons_with_a_margin() {
        String when = "{\"moreThan\": {\"terms\": [\"good\", \"great\"], \"than\": [\"bad\"], \"margin\": 2}}";
        assertThat(fires(when, "good and great")).isTrue();
        assertThat(fires(when, "good and great but bad")).isFalse();
        assertThat(fires(when, "good")).isFalse();
    }

    @Test
    void should_find_regular_expressions_anywhere() {
        assertThat(fires("{\"regex\": {\"pattern\": \"\\\\bv[i1]agra\\\\b\"}}", "cheap V1AGRA here")).isTrue();
        assertThat(fires("{\"regex\": {\"pattern\": \"^re:\", \"caseSensitive\": true}}", "RE: hello")).isFalse();
    }

    @Test
    void should_compute_text_features() {
        assertThat(fires("{\"feature\": {\"name\": \"urls\", \"min\": 2}}", "see http://a.com and www.b.org/x")).isTrue();
        assertThat(fires("{\"feature\": {\"name\": \"urls\", \"min\": 2}}", "see http://a.com only")).isFalse();
        assertThat(fires("{\"feature\": {\"name\": \"emails\", \"min\": 1}}", "write to jo.e+x@mail.example.com")).isTrue();
        assertThat(fires("{\"feature\": {\"name\": \"emails\", \"min\": 1}}", "at @home")).isFalse();
        assertThat(fires("{\"feature\": {\"name\": \"currency\", \"min\": 2}}", "earn $500 or 1,000 dollars")).isTrue();
        assertThat(fires("{\"feature\": {\"name\": \"numbers\", \"min\": 3}}", "1 2.5 3,000")).isTrue();
        assertThat(fires("{\"feature\": {\"name\": \"uppercaseRatio\", \"min\": 0.5}}", "BUY NOW ok")).isTrue();
        assertThat(fires("{\"feature\": {\"name\": \"uppercaseRatio\", \"min\": 0.5}}", "Buy now OK")).isFalse();
        assertThat(fires("{\"feature\": {\"name\": \"uppercaseWordRatio\", \"min\": 0.5}}", "BUY NOW ok")).isTrue();
        assertThat(fires("{\"feature\": {\"name\": \"exclamations\", \"min\": 3}}", "wow!!! ")).isTrue();
        assertThat(fires("{\"feature\": {\"name\": \"words\", \"max\": 3}}", "one two, three!")).isTrue();
        assertThat(fires("{\"feature\": {\"name\": \"length\", \"min\": 5, \"max\": 5}}", "abcde")).isTrue();
        assertThat(fires("{\"feature\": {\"name\": \"digitRatio\", \"min\": 0.5}}", "a 12")).isTrue();
    }

    @Test
    void should_combine_conditions_with_all_any_and_not() {
        String when = "{\"all\": [{\"keywords\": {\"terms\": [\"free\"]}},"
                + " {\"any\": [{\"keywords\": {\"terms\": [\"offer\"]}}, {\"feature\": {\"name\": \"urls\", \"min\": 1}}]},"
                + " {\"not\": {\"keywords\": {\"terms\": [\"unsubscribe\"]}}}]}";
        assertThat(fires(when, "free offer")).isTrue();
        assertThat(fires(when, "free at http://x.com")).isTrue();
        assertThat(fires(when, "free")).isFalse();
        assertThat(fires(when, "free offer, unsubscribe")).isFalse();
    }

    @Test
    void should_take_the_first_matching_rule_and_abstain_when_none_matches() {
        // given
        LabelingProgram p = ProgramJson.read("""
                {"name": "ordered", "task": "spam", "rules": [
                  {"when": {"keywords": {"terms": ["mailing list"]}}, "label": "ham"},
                  {"when": {"keywords": {"terms": ["unsubscribe"]}}, "label": "spam"}
                ]}""", TASK);

        // when / then
        assertThat(p.apply("unsubscribe from this mailing list").label()).contains("ham");
        assertThat(p.apply("unsubscribe from this mailing list").rule()).hasValue(0);
        assertThat(p.apply("click to unsubscribe").label()).contains("spam");
        ProgramVote none = p.apply("hello");
        assertThat(none.isAbstention()).isTrue();
        assertThat(none.budgetExceeded()).isFalse();
    }

    @Test
    void should_apply_many_programs_into_a_vote_matrix() {
        // given
        LabelingProgram a = program("{\"keywords\": {\"terms\": [\"free\"]}}");
        LabelingProgram b = ProgramJson.read("""
                {"name": "b", "task": "spam", "rules": [{"when": {"keywords": {"terms": ["meeting"]}}, "label": "ham"}]}""",
                TASK);

        // when
        ProgramVotes votes = LabelingPrograms.apply(List.of(a, b), List.of(dev.annotator.core.data.Example.of("1", "free meeting"),
                dev.annotator.core.data.Example.of("2", "nothing")));

        // then
        assertThat(votes.votes().voters()).containsExactly("p", "b");
        assertThat(votes.votes().row(0)).containsExactly(1, 0);
        assertThat(votes.votes().row(1)).containsExactly(-1, -1);
        assertThat(votes.totalBudgetExceeded()).isZero();
    }
}
