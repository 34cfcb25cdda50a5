package dev.annotator.core.programs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.data.Example;
import dev.annotator.core.task.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramAnnotatorTest {
    private static final Task TASK = Task.singleLabel("spam", "ham", "spam");

    @Test
    void should_annotate_with_the_program_and_abstain_with_a_reason() {
        // given
        ProgramAnnotator annotator = ProgramAnnotator.of(ProgramJson.read("""
                {"name": "links", "task": "spam", "rules": [
                  {"when": {"feature": {"name": "urls", "min": 3}}, "label": "spam"},
                  {"when": {"regex": {"pattern": "^(a+)+\\\\1$"}}, "label": "spam"}]}""", TASK));

        // when
        List<Annotation> a = annotator.annotate(List.of(Example.of("1", "http://a.com http://b.com www.c.com"),
                Example.of("2", "hello"), Example.of("3", "a".repeat(40) + "b")));

        // then
        assertThat(annotator.name()).isEqualTo("program:links");
        assertThat(a.get(0).labels()).containsExactly("spam");
        assertThat(a.get(0).source()).isEqualTo("program:links");
        assertThat(a.get(0).cost()).isEqualTo(Cost.FREE);
        assertThat(a.get(1).abstentionReason()).contains("no rule matched");
        assertThat(a.get(2).abstentionReason()).contains("regular expression budget exceeded");
    }
}
