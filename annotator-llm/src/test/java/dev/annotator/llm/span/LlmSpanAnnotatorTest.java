package dev.annotator.llm.span;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.Split;
import dev.annotator.core.span.RelationInstance;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanAnnotation;
import dev.annotator.core.span.SpanAlignment.Reason;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.task.Label;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
import dev.annotator.llm.StructuredOutput;
import dev.annotator.llm.cost.Budget;
import dev.annotator.llm.cost.BudgetExceededException;
import dev.annotator.testing.HashingTextEmbedder;
import dev.annotator.testing.ScriptedChatModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlmSpanAnnotatorTest {
    static final Task NER = Task.builder().name("ner").kind(TaskKind.SPAN).instruction("Find people and places.")
            .label("PER", "a person").label("LOC", "a place").build();
    static final Task KIN = Task.builder().name("kin").kind(TaskKind.RELATION)
            .label(Label.relation("parent", "a parent relation", "{e1}'s parent is {e2}"))
            .label(Label.of("no_relation", "none of the above")).build();
    static final Example TEXT = Example.of("t1", "Ann met Bob in New York City; Ann left New York.");

    static LlmSpanAnnotator.Builder spans(ScriptedChatModel m) {
        return LlmSpanAnnotator.builder().chatModel(m).modelName("scripted").task(NER);
    }

    @Test
    void should_place_every_occurrence_longest_first_and_count_drops() {
        ScriptedChatModel m = new ScriptedChatModel().answer("{\"entities\": [{\"span\": \"New York\", \"type\": \"LOC\"},"
                + " {\"span\": \"New York City\", \"type\": \"LOC\"}, {\"span\": \"Ann\", \"type\": \"PER\"},"
                + " {\"span\": \"Bob\", \"type\": \"ORG\"}, {\"span\": \"Carl\", \"type\": \"PER\"}]}");
        try (LlmSpanAnnotator a = spans(m).build()) {
            SpanAnnotation r = a.annotate(TEXT);

            assertThat(r.isAbstention()).isFalse();
            assertThat(r.spans()).containsExactly(Span.of(0, 3, "PER"), Span.of(15, 28, "LOC"), Span.of(30, 33, "PER"),
                    Span.of(39, 47, "LOC"));
            assertThat(r.droppedCounts()).containsEntry(Reason.UNKNOWN_TYPE, 1).containsEntry(Reason.NOT_FOUND, 1);
            assertThat(r.toSpanExample(Split.TRAIN).spanTexts()).containsExactly("Ann", "New York City", "Ann", "New York");
            assertThat(r.source()).isEqualTo("llm:scripted");
            assertThat(r.calls()).isEqualTo(1);
            assertThat(r.cost().inputTokens()).isEqualTo(100);
            String prompt = ScriptedChatModel.userText(m.requests().get(0));
            assertThat(prompt).contains("Find people and places.", "- \"PER\": a person", "<text id=\"1\">\n" + TEXT.text());
        }
    }

    @Test
    void should_reask_broken_json_then_abstain_with_the_reason() {
        ScriptedChatModel m = new ScriptedChatModel().answer("{\"entities\": [", "sure", "{\"spans\": []}");
        try (LlmSpanAnnotator a = spans(m).maxReasks(2).build()) {
            SpanAnnotation r = a.annotate(TEXT);

            assertThat(r.isAbstention()).isTrue();
            assertThat(r.abstentionReason()).hasValueSatisfying(s -> assertThat(s).contains("3 attempt", "no \"entities\" array"));
            assertThat(m.requests()).hasSize(3);
            assertThat(m.requests().get(1).messages()).hasSize(4);
        }
        ScriptedChatModel ok = new ScriptedChatModel().answer("nope", "{\"entities\": [{\"span\": \"Bob\", \"type\": \"PER\"}]}");
        try (LlmSpanAnnotator a = spans(ok).build()) {
            assertThat(a.annotate(TEXT).spans()).containsExactly(Span.of(8, 11, "PER"));
        }
    }

    @Test
    void should_make_no_call_on_a_rerun_with_the_same_store() {
        InMemoryAnnotationStore store = new InMemoryAnnotationStore();
        ScriptedChatModel m = new ScriptedChatModel().otherwise(r -> "{\"entities\": [{\"span\": \"Ann\", \"type\": \"PER\"}]}");
        List<Example> texts = List.of(TEXT, Example.of("t2", "Ann sings."));
        List<SpanAnnotation> first;
        try (LlmSpanAnnotator a = spans(m).store(store).build()) {
            first = a.annotate(texts);
        }
        try (LlmSpanAnnotator a = spans(m).store(store).build()) {
            List<SpanAnnotation> again = a.annotate(texts);
            assertThat(again).allMatch(SpanAnnotation::cached).allMatch(r -> r.calls() == 0);
            assertThat(again.get(1).spans()).isEqualTo(first.get(1).spans()).containsExactly(Span.of(0, 3, "PER"));
        }
        assertThat(m.requests()).hasSize(2);
    }

    @Test
    void should_refuse_calls_past_the_budget() {
        ScriptedChatModel m = new ScriptedChatModel().otherwise(r -> "{\"entities\": []}");
        try (LlmSpanAnnotator a = spans(m).budget(Budget.UNLIMITED.withMaxCalls(1)).build()) {
            assertThat(a.annotate(TEXT).spans()).isEmpty();
            assertThatThrownBy(() -> a.annotate(Example.of("t2", "Bob."))).isInstanceOf(BudgetExceededException.class);
        }
        assertThat(m.requests()).hasSize(1);
    }

    @Test
    void should_show_demonstrations_nearest_last_and_keep_unknown_types_out_with_the_prompt_only_format() {
        List<SpanExample> pool = List.of(SpanExample.of("d1", "Zoe lives in Paris.", List.of(Span.of(0, 3, "PER"),
                Span.of(13, 18, "LOC")), Split.TRAIN), SpanExample.of("d2", "Cooking pasta well.", List.of(), Split.TRAIN));
        ScriptedChatModel m = new ScriptedChatModel().answer("[{\"span\": \"Ann\", \"type\": \"per\"}]");
        try (LlmSpanAnnotator a = spans(m).structuredOutput(StructuredOutput.PROMPT_ONLY)
                .demonstrations(pool, 1, new HashingTextEmbedder()).build()) {
            SpanAnnotation r = a.annotate(Example.of("q", "Ann lives in Rome."));
            assertThat(r.spans()).containsExactly(Span.of(0, 3, "PER"));
            String prompt = ScriptedChatModel.userText(m.requests().get(0));
            assertThat(prompt).contains("Zoe lives in Paris.", "{\"entities\":[{\"span\":\"Zoe\",\"type\":\"PER\"},"
                    + "{\"span\":\"Paris\",\"type\":\"LOC\"}]}").doesNotContain("Cooking");
        }
    }

    @Test
    void should_label_relations_with_verbalized_options_and_abstain_on_labels_outside_the_set() {
        RelationInstance inst = RelationInstance.of("r1", "Ann is the daughter of Bob.", Span.of(0, 3, "PER"),
                Span.of(23, 26, "PER"));
        ScriptedChatModel m = new ScriptedChatModel().answer("{\"label\": \"parent\"}", "{\"label\": \"sibling\"}",
                "{\"label\": \"sibling\"}");
        try (LlmRelationAnnotator a = LlmRelationAnnotator.builder().chatModel(m).modelName("scripted").task(KIN)
                .maxReasks(1).build()) {
            Annotation yes = a.annotate(inst);
            assertThat(yes.labels()).containsExactly("parent");
            String prompt = ScriptedChatModel.userText(m.requests().get(0));
            assertThat(prompt).contains("<e1>Ann</e1> is the daughter of <e2>Bob</e2>.", "Ann's parent is Bob",
                    "\"no_relation\"");
            Annotation no = a.annotate(RelationInstance.of("r2", "Ann and Bob.", Span.of(0, 3, "PER"), Span.of(8, 11, "PER")));
            assertThat(no.isAbstention()).isTrue();
            assertThat(no.abstentionReason()).hasValueSatisfying(s -> assertThat(s).contains("'sibling' is not one of"));
        }
        assertThatThrownBy(() -> LlmRelationAnnotator.builder().task(NER)).isInstanceOf(IllegalArgumentException.class);
    }
}
