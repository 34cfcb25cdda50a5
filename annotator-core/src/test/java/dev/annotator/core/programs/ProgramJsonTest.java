package dev.annotator.core.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotator.core.task.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramJsonTest {
    private static final Task TASK = Task.singleLabel("spam", "ham", "spam");

    private static LabelingProgram everyKind() {
        return LabelingProgram.of("every-kind", TASK, "uses every condition", List.of(
                new Rule(new Condition.All(List.of(
                        new Condition.Keywords(List.of("free", "click here"), false, true),
                        new Condition.Any(List.of(
                                new Condition.Lexicon(List.of("$", "!"), 2, 10, true, true, false),
                                new Condition.Feature(TextFeature.UPPERCASE_RATIO, 0.4, Double.POSITIVE_INFINITY))),
                        new Condition.Not(new Condition.Regex("^re:", true)))), "spam", "loud free offers"),
                Rule.of(new Condition.MoreThan(List.of("meeting"), List.of("offer"), 1, false, true), "ham")));
    }

    @Test
    void should_round_trip_through_json() {
        // given
        LabelingProgram p = everyKind();

        // when
        String json = ProgramJson.write(p);
        LabelingProgram back = ProgramJson.read(json, TASK);

        // then
        assertThat(back).isEqualTo(p);
        assertThat(ProgramJson.write(back)).isEqualTo(json);
        assertThat(json).contains("\"wholeWord\" : true").contains("\"label\" : \"spam\"");
    }

    @Test
    void should_write_and_reload_a_directory_in_file_name_order(@TempDir Path dir) throws IOException {
        // given
        LabelingProgram b = ProgramJson.read("""
                {"name": "b-meeting", "task": "spam", "rules": [{"when": {"keywords": {"terms": ["meeting"]}}, "label": "ham"}]}""",
                TASK);

        // when
        LabelingPrograms.writeDirectory(dir, List.of(b, everyKind()));
        Files.writeString(dir.resolve("notes.txt"), "not a program");
        List<LabelingProgram> back = LabelingPrograms.readDirectory(dir, TASK);

        // then
        assertThat(back).extracting(LabelingProgram::name).containsExactly("b-meeting", "every-kind");
        assertThat(back.get(1)).isEqualTo(everyKind());
    }

    @Test
    void should_report_errors_of_every_file_in_a_directory(@TempDir Path dir) throws IOException {
        // given
        Files.writeString(dir.resolve("a.json"), "{\"name\": \"x\", \"task\": \"spam\", \"rules\": [{\"when\": {\"keywords\": "
                + "{\"terms\": [\"a\"]}}, \"label\": \"spam\"}]}");
        Files.writeString(dir.resolve("b.json"), "{\"name\": \"x\", \"task\": \"spam\", \"rules\": [{\"when\": {\"keywords\": "
                + "{\"terms\": [\"b\"]}}, \"label\": \"spam\"}]}");
        Files.writeString(dir.resolve("c.json"), "{\"name\": \"c\", \"task\": \"spam\", \"rules\": [{\"when\": {\"keywords\": "
                + "{\"terms\": [\"c\"]}}, \"label\": \"eggs\"}]}");

        // when / then
        assertThatThrownBy(() -> LabelingPrograms.readDirectory(dir, TASK))
                .isInstanceOfSatisfying(ProgramValidationException.class, e -> assertThat(e.errors())
                        .extracting(ValidationError::path).containsExactly("b.json:$.name", "c.json:$.rules[0].label"));
    }

    @Test
    void should_accept_the_example_program_of_the_readme() throws IOException {
        // given
        Path readme = Path.of("..", "README.md");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(readme));
        String text = Files.readString(readme);
        int start = text.indexOf("```json\n{\n  \"name\": \"spam-removal-notice\"");
        assertThat(start).as("README example program").isNotNegative();
        String json = text.substring(start + "```json\n".length(), text.indexOf("```", start + 7));

        // when
        LabelingProgram p = ProgramJson.read(json, TASK);

        // then
        assertThat(p.apply("Please opt-out here").label()).contains("spam");
        assertThat(p.apply("You are subscribed to the mailing list. To opt-out ...").label()).contains("ham");
        assertThat(p.apply("$5, $10 and $20: act now").label()).contains("spam");
    }

    @Test
    void should_ship_a_schema_that_names_every_condition_and_feature() throws IOException {
        // given
        JsonNode schema = new ObjectMapper().readTree(ProgramJson.schema());

        // when
        List<String> kinds = new ArrayList<>();
        schema.at("/$defs/condition/oneOf").forEach(ref -> kinds.add(ref.get("$ref").asText().replace("#/$defs/", "")));
        List<String> features = new ArrayList<>();
        schema.at("/$defs/feature/properties/feature/properties/name/enum").forEach(n -> features.add(n.asText()));

        // then
        assertThat(kinds).containsExactlyInAnyOrderElementsOf(ProgramParser.CONDITION_KINDS);
        assertThat(features).containsExactly(java.util.Arrays.stream(TextFeature.values()).map(TextFeature::jsonName)
                .toArray(String[]::new));
        assertThat(schema.at("/properties/name/pattern").asText()).isEqualTo("^" + ProgramParser.NAME.pattern() + "$");
    }
}
