package dev.annotator.core.span;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.data.Example;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelationInstanceTest {

    @Test
    void should_read_back_the_instance_a_marked_text_describes_in_either_order() {
        // given instances with e1 first and with e2 first
        String text = "Ann is the mother of Bob.";
        RelationInstance forward = new RelationInstance(new Example("r1", text, Map.of("k", "v")), Span.of(0, 3, "PER"),
                Span.of(21, 24, "PER"));
        RelationInstance backward = RelationInstance.of("r2", text, Span.of(21, 24, "PER"), Span.of(0, 3, "PER"));

        // when marked and read back
        RelationInstance f = RelationInstance.fromMarkedText(forward.toExample());
        RelationInstance b = RelationInstance.fromMarkedText(backward.toExample());

        // then text, offsets, id and metadata survive; types become the generic one
        assertThat(forward.markedText()).isEqualTo("<e1>Ann</e1> is the mother of <e2>Bob</e2>.");
        assertThat(f).isEqualTo(new RelationInstance(forward.example(), Span.of(0, 3, "entity"), Span.of(21, 24, "entity")));
        assertThat(b.text()).isEqualTo(text);
        assertThat(b.e1Text()).isEqualTo("Bob");
        assertThat(b.e2Text()).isEqualTo("Ann");
    }

    @Test
    void should_name_the_example_when_the_markers_are_wrong() {
        assertThatThrownBy(() -> RelationInstance.fromMarkedText(Example.of("x", "<e1>Ann</e1> met Bob")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'").hasMessageContaining("<e2> exactly once");
        assertThatThrownBy(() -> RelationInstance.fromMarkedText(Example.of("y", "<e1>Ann</e1> met <e2>Bob</e2> <e1>")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<e1> exactly once");
        assertThatThrownBy(() -> RelationInstance.fromMarkedText(Example.of("z", "<e1><e2>Ann</e2> met Bob</e1>")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-nested");
        assertThatThrownBy(() -> RelationInstance.fromMarkedText(Example.of("w", "<e1></e1> met <e2>Bob</e2>")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> RelationInstance.fromMarkedText(Example.of("v", "</e1>Ann<e1> met <e2>Bob</e2>")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("opened before it is closed");
    }
}
