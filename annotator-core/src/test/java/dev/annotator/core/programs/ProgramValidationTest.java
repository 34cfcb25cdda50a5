package dev.annotator.core.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.task.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramValidationTest {
    private static final Task TASK = Task.singleLabel("spam", "ham", "spam");

    private static List<ValidationError> errors(String json) {
        return errors(json, ProgramLimits.DEFAULTS);
    }

    private static List<ValidationError> errors(String json, ProgramLimits limits) {
        ProgramValidationException e = catchThrowableOfType(ProgramValidationException.class,
                () -> ProgramJson.read(json, TASK, limits, "test.json"));
        assertThat(e).as("expected the program to be rejected").isNotNull();
        assertThat(e).isInstanceOf(NonRetriableAnnotatorException.class);
        return e.errors();
    }

    @Test
    void should_reject_a_label_that_is_not_in_the_task() {
        assertThat(errors("""
                {"name": "p", "task": "spam", "rules": [{"when": {"keywords": {"terms": ["x"]}}, "label": "junk"}]}"""))
                .containsExactly(new ValidationError("$.rules[0].label", "'junk' is not a label of task 'spam' [ham, spam]"));
    }

    @Test
    void should_collect_every_error_with_its_path() {
        // given: four independent problems
        String json = """
                {"name": "bad name!", "task": "spam", "colour": "red", "rules": [
                  {"when": {"regex": {"pattern": "(unclosed"}}, "label": "spam"},
                  {"when": {"all": [{"keywords": {"terms": []}}, {"feature": {"name": "loudness", "min": 1}}]}, "label": "ham"}
                ]}""";

        // when
        List<ValidationError> errors = errors(json);

        // then
        assertThat(errors).extracting(ValidationError::path).containsExactlyInAnyOrder("$", "$.name",
                "$.rules[0].when.regex.pattern", "$.rules[1].when.all[0].keywords.terms", "$.rules[1].when.all[1].feature.name");
        assertThat(errors).anySatisfy(e -> assertThat(e.reason()).contains("unknown key 'colour'"));
        assertThat(errors).anySatisfy(e -> assertThat(e.reason()).startsWith("is not a valid regular expression"));
        assertThat(errors).anySatisfy(e -> assertThat(e.reason()).contains("'loudness' is not a feature"));
    }

    @Test
    void should_name_the_file_and_every_error_in_the_message() {
        assertThatThrownBy(() -> ProgramJson.read("{\"name\": \"p\", \"task\": \"spam\", \"rules\": []}", TASK,
                ProgramLimits.DEFAULTS, "programs/p.json"))
                .isInstanceOf(ProgramValidationException.class)
                .hasMessageContaining("programs/p.json")
                .hasMessageContaining("$.rules: a program needs at least one rule");
    }

    @Test
    void should_reject_a_condition_with_zero_or_two_keys() {
        assertThat(errors("""
                {"name": "p", "task": "spam", "rules": [
                  {"when": {}, "label": "spam"},
                  {"when": {"keywords": {"terms": ["a"]}, "regex": {"pattern": "b"}}, "label": "spam"}]}"""))
                .extracting(ValidationError::path).containsExactly("$.rules[0].when", "$.rules[1].when");
    }

    @Test
    void should_reject_wrong_types_and_missing_keys() {
        assertThat(errors("""
                {"name": "p", "task": "spam", "rules": [
                  {"when": {"lexicon": {"terms": ["a"], "min": "two", "caseSensitive": "yes"}}, "label": "spam"},
                  {"when": {"feature": {"name": "urls"}}},
                  "not a rule"]}"""))
                .extracting(ValidationError::path)
                .containsExactly("$.rules[0].when.lexicon.min", "$.rules[0].when.lexicon.caseSensitive", "$.rules[1]",
                        "$.rules[1].when.feature", "$.rules[2]");
    }

    @Test
    void should_reject_a_program_for_another_task() {
        assertThat(errors("""
                {"name": "p", "task": "sentiment", "rules": [{"when": {"keywords": {"terms": ["a"]}}, "label": "spam"}]}"""))
                .containsExactly(new ValidationError("$.task", "program is for task 'sentiment' but is loaded for task 'spam'"));
    }

    @Test
    void should_report_malformed_json_and_duplicate_keys() {
        assertThat(errors("{\"name\": \"p\",")).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("$");
            assertThat(e.reason()).startsWith("not valid JSON at line 1");
        });
        assertThat(errors("{\"name\": \"p\", \"name\": \"q\"}")).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("Duplicate field 'name'"));
    }

    @Test
    void should_enforce_size_limits() {
        // given
        ProgramLimits tight = ProgramLimits.builder().maxRules(1).maxDepth(2).maxPatternLength(5).maxTermLength(3).build();
        String json = """
                {"name": "p", "task": "spam", "rules": [
                  {"when": {"not": {"not": {"keywords": {"terms": ["a"]}}}}, "label": "spam"},
                  {"when": {"regex": {"pattern": "abcdef"}}, "label": "spam"},
                  {"when": {"keywords": {"terms": ["abcd"]}}, "label": "spam"}]}""";

        // when
        List<ValidationError> errors = errors(json, tight);

        // then
        assertThat(errors).extracting(ValidationError::path).containsExactly("$.rules", "$.rules[0].when.not.not",
                "$.rules[1].when.regex.pattern", "$.rules[2].when.keywords.terms[0]");
        assertThat(errors.get(0).reason()).isEqualTo("has 3 rules; at most 1 are allowed");
    }

    @Test
    void should_reject_contradictory_bounds() {
        assertThat(errors("""
                {"name": "p", "task": "spam", "rules": [
                  {"when": {"lexicon": {"terms": ["a"], "min": 3, "max": 1}}, "label": "spam"},
                  {"when": {"feature": {"name": "length", "min": 10, "max": 1}}, "label": "spam"},
                  {"when": {"lexicon": {"terms": ["a"], "min": 0}}, "label": "spam"}]}"""))
                .extracting(ValidationError::path)
                .containsExactly("$.rules[0].when.lexicon.max", "$.rules[1].when.feature.max", "$.rules[2].when.lexicon.min");
    }

    @Test
    void should_reject_conditions_that_always_or_never_hold() {
        assertThat(errors("""
                {"name": "p", "task": "spam", "rules": [
                  {"when": {"regex": {"pattern": "(offer)?"}}, "label": "spam"},
                  {"when": {"feature": {"name": "uppercaseRatio", "min": 5}}, "label": "spam"},
                  {"when": {"regex": {"pattern": "^\\\\s*$"}}, "label": "ham"}]}"""))
                .extracting(ValidationError::path)
                .containsExactly("$.rules[0].when.regex.pattern", "$.rules[1].when.feature");
    }

    @Test
    void should_validate_programs_built_in_code_the_same_way() {
        assertThatThrownBy(() -> LabelingProgram.of("p", TASK, "", List.of(Rule.of(new Condition.Regex("[", false), "spam"))))
                .isInstanceOf(ProgramValidationException.class)
                .hasMessageContaining("$.rules[0].when.regex.pattern");
    }
}
