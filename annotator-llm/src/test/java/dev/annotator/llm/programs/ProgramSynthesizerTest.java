package dev.annotator.llm.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.programs.LabelingProgram;
import dev.annotator.core.programs.ProgramJson;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.task.Task;
import dev.annotator.llm.StructuredOutput;
import dev.annotator.llm.cost.Budget;
import dev.annotator.llm.cost.PriceTable;
import dev.annotator.testing.ScriptedChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramSynthesizerTest {
    static final Task SPAM = Task.builder().name("spam").instruction("Is this e-mail unsolicited bulk mail?")
            .label("ham", "mail the recipient wanted").label("spam", "unsolicited bulk mail").build();

    static String program(String label, String... terms) {
        return "{\"name\": \"whatever\", \"task\": \"spam\", \"rules\": [{\"when\": {\"keywords\": {\"terms\": [\""
                + String.join("\", \"", terms) + "\"]}}, \"label\": \"" + label + "\"}]}";
    }

    static final String BAD_LABEL = "{\"name\": \"x\", \"task\": \"spam\", \"rules\": [{\"when\": {\"keywords\": "
            + "{\"terms\": [\"viagra\"]}}, \"label\": \"junk\"}]}";

    static List<LabelledExample> pool() {
        return List.of(
                new LabelledExample(Example.of("t1", "WIN a FREE prize now"), List.of("spam"), Split.TRAIN),
                new LabelledExample(Example.of("t2", "Cheap meds, click here"), List.of("spam"), Split.TRAIN),
                new LabelledExample(Example.of("t3", "Minutes of Tuesday's meeting attached"), List.of("ham"), Split.TRAIN),
                new LabelledExample(Example.of("t4", "Re: patch for the build script"), List.of("ham"), Split.TRAIN));
    }

    static ProgramSynthesizer.Builder synthesizer(ScriptedChatModel model, InMemoryAnnotationStore store) {
        return ProgramSynthesizer.builder().chatModel(model).modelName("fake-gpt").task(SPAM).store(store)
                .goldPool(pool()).examplesPerLabel(1).notes("List mail has a footer with 'mailing list'.")
                .temperature(0.9).concurrency(1).prices(PriceTable.parse("fake-gpt=1/2"));
    }

    @Test
    void should_accept_valid_programs_named_in_order_with_their_cost() {
        // given
        ScriptedChatModel model = new ScriptedChatModel().usage(1000, 200)
                .answer(program("spam", "free prize"), program("ham", "mailing list"), program("spam", "click here"));

        // when
        SynthesisResult r = synthesizer(model, new InMemoryAnnotationStore()).build().synthesize(3);

        // then
        assertThat(r.accepted()).extracting(SynthesizedProgram::name).containsExactly("synth-01", "synth-02", "synth-03");
        assertThat(r.rejected()).isEmpty();
        assertThat(r.accepted()).allSatisfy(p -> {
            assertThat(p.repaired()).isFalse();
            assertThat(p.cost().calls()).isEqualTo(1);
            assertThat(p.cost().answers()).isEqualTo(1);
            assertThat(p.cost().billed().inputTokens()).isEqualTo(1000);
            assertThat(p.cost().billed().usd()).isCloseTo(0.0014, org.assertj.core.data.Offset.offset(1e-12));
        });
        assertThat(r.programs().get(1).apply("see the mailing list info").label()).contains("ham");
        assertThat(r.calls()).isEqualTo(3);
        assertThat(r.spent().usd()).isCloseTo(3 * 0.0014, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.stoppedBy()).isEmpty();
    }

    @Test
    void should_put_mission_labels_examples_notes_and_schema_in_the_prompt() {
        // given
        ScriptedChatModel model = new ScriptedChatModel().answer(program("spam", "a"), program("ham", "b"));

        ProgramSynthesizer synthesizer = synthesizer(model, new InMemoryAnnotationStore()).build();

        // when
        synthesizer.synthesize(2);

        // then
        ChatRequest first = model.requests().get(0);
        String system = ScriptedChatModel.systemText(first);
        String user = ScriptedChatModel.userText(first);
        assertThat(system).contains(ProgramJson.schema()).contains("abstains").contains("never run as code");
        assertThat(user).contains("Is this e-mail unsolicited bulk mail?")
                .contains("\"ham\": mail the recipient wanted").contains("\"spam\": unsolicited bulk mail")
                .contains("<example label=\"spam\">").contains("<example label=\"ham\">")
                .contains("List mail has a footer with 'mailing list'.")
                .contains("Write program 1.").contains("Set \"name\" to \"synth-01\"")
                .contains("label \"ham\" with high precision");
        assertThat(ScriptedChatModel.userText(model.requests().get(1))).contains("label \"spam\" with high precision");
        assertThat(first.parameters().temperature()).isEqualTo(0.9);
        assertThat(first.parameters().responseFormat()).isEqualTo(ResponseFormat.JSON);
        assertThat(synthesizer.prompt(2).messages().get(1).text()).isEqualTo(ScriptedChatModel.userText(model.requests().get(1)));
    }

    @Test
    void should_repair_an_invalid_program_once_showing_the_validation_errors() {
        // given
        ScriptedChatModel model = new ScriptedChatModel().answer(BAD_LABEL, program("spam", "viagra"));

        // when
        SynthesisResult r = synthesizer(model, new InMemoryAnnotationStore()).build().synthesize(1);

        // then
        assertThat(r.accepted()).singleElement().satisfies(p -> {
            assertThat(p.repaired()).isTrue();
            assertThat(p.cost().calls()).isEqualTo(2);
            assertThat(p.cost().billed().inputTokens()).isEqualTo(200);
        });
        ChatRequest repair = model.requests().get(1);
        assertThat(repair.messages()).hasSize(4);
        String last = ((dev.langchain4j.data.message.UserMessage) repair.messages().get(3)).singleText();
        assertThat(last).contains("$.rules[0].label").contains("junk");
    }

    @Test
    void should_reject_a_program_invalid_twice_with_the_reasons_of_both_answers() {
        // given
        ScriptedChatModel model = new ScriptedChatModel().answer("Sure! Here is a program: rules go here.", BAD_LABEL);

        // when
        SynthesisResult r = synthesizer(model, new InMemoryAnnotationStore()).build().synthesize(1);

        // then
        assertThat(r.accepted()).isEmpty();
        assertThat(r.rejected()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("synth-01");
            assertThat(p.reasons()).hasSize(2);
            assertThat(p.reasons().get(0)).contains("not valid JSON");
            assertThat(p.reasons().get(1)).contains("$.rules[0].label");
            assertThat(p.cost().calls()).isEqualTo(2);
        });
        assertThat(model.requests()).hasSize(2);
    }

    @Test
    void should_take_the_program_out_of_a_code_fence_and_fix_its_name_and_task() {
        // given
        String fenced = "Here you go:\n```json\n" + program("spam", "unsubscribe").replace("\"task\": \"spam\"", "\"task\": \"email\"")
                + "\n```\nEnjoy.";
        ScriptedChatModel model = new ScriptedChatModel().answer(fenced);

        // when
        SynthesisResult r = synthesizer(model, new InMemoryAnnotationStore()).namePrefix("spam-llm").build().synthesize(1);

        // then
        LabelingProgram p = r.programs().get(0);
        assertThat(p.name()).isEqualTo("spam-llm-01");
        assertThat(p.task()).isEqualTo(SPAM);
        assertThat(r.accepted().get(0).repaired()).isFalse();
    }

    @Test
    void should_make_no_call_when_rerun_over_the_same_store() {
        // given
        InMemoryAnnotationStore store = new InMemoryAnnotationStore();
        ScriptedChatModel first = new ScriptedChatModel().answer(BAD_LABEL, program("spam", "viagra"), program("ham", "cvs"));
        SynthesisResult paid = synthesizer(first, store).build().synthesize(2);
        ScriptedChatModel second = new ScriptedChatModel();

        // when
        SynthesisResult again = synthesizer(second, store).build().synthesize(2);

        // then
        assertThat(second.requests()).isEmpty();
        assertThat(again.calls()).isZero();
        assertThat(again.cachedAnswers()).isEqualTo(3);
        assertThat(again.answers()).isEqualTo(3).isEqualTo(paid.answers());
        assertThat(again.programs()).isEqualTo(paid.programs());
        assertThat(again.accepted().get(0).repaired()).isTrue();
        assertThat(again.accepted().get(0).cost().cachedAnswers()).isEqualTo(2);
        assertThat(again.accepted().get(0).cost().answers()).isEqualTo(2);
        assertThat(again.accepted().get(0).cost().calls()).isZero();
        assertThat(again.accepted().get(0).cost().billed()).isEqualTo(paid.accepted().get(0).cost().billed());
    }

    @Test
    void should_pay_only_for_the_new_programs_when_asked_for_more() {
        // given
        InMemoryAnnotationStore store = new InMemoryAnnotationStore();
        synthesizer(new ScriptedChatModel().answer(program("spam", "a"), program("ham", "b")), store).build().synthesize(2);
        ScriptedChatModel more = new ScriptedChatModel().answer(program("spam", "c"));

        // when
        SynthesisResult r = synthesizer(more, store).build().synthesize(3);

        // then
        assertThat(more.requests()).hasSize(1);
        assertThat(ScriptedChatModel.userText(more.requests().get(0))).contains("Write program 3.");
        assertThat(r.accepted()).hasSize(3);
        assertThat(r.calls()).isEqualTo(1);
        assertThat(r.cachedAnswers()).isEqualTo(2);
    }

    @Test
    void should_ask_again_when_a_setting_changes_the_request() {
        // given
        InMemoryAnnotationStore store = new InMemoryAnnotationStore();
        synthesizer(new ScriptedChatModel().answer(program("spam", "a")), store).build().synthesize(1);
        ScriptedChatModel hotter = new ScriptedChatModel().answer(program("spam", "b"));

        // when
        SynthesisResult r = synthesizer(hotter, store).temperature(1.2).build().synthesize(1);

        // then
        assertThat(hotter.requests()).hasSize(1);
        assertThat(r.calls()).isEqualTo(1);
    }

    @Test
    void should_stop_before_the_budget_is_exceeded_and_keep_what_was_paid_for() {
        // given
        ScriptedChatModel model = new ScriptedChatModel().answer(program("spam", "a"), program("ham", "b"),
                program("spam", "c"), program("ham", "d"));

        // when
        SynthesisResult r = synthesizer(model, new InMemoryAnnotationStore()).budget(Budget.UNLIMITED.withMaxCalls(2)).build()
                .synthesize(4);

        // then
        assertThat(r.accepted()).extracting(SynthesizedProgram::index).containsExactly(1, 2);
        assertThat(r.notAsked()).containsExactly(3, 4);
        assertThat(r.stoppedBy()).get().asString().contains("budget");
        assertThat(model.requests()).hasSize(2);
        assertThat(r.calls()).isEqualTo(2);
    }

    @Test
    void should_reject_a_program_whose_repair_the_budget_does_not_allow() {
        // given
        ScriptedChatModel model = new ScriptedChatModel().answer(program("spam", "a"), BAD_LABEL);

        // when
        SynthesisResult r = synthesizer(model, new InMemoryAnnotationStore()).budget(Budget.UNLIMITED.withMaxCalls(2)).build()
                .synthesize(3);

        // then
        assertThat(r.accepted()).extracting(SynthesizedProgram::index).containsExactly(1);
        assertThat(r.rejected()).singleElement().satisfies(p -> {
            assertThat(p.index()).isEqualTo(2);
            assertThat(p.reasons()).hasSize(2);
            assertThat(p.reasons().get(1)).isEqualTo("repair not asked: the budget is spent");
            assertThat(p.cost().calls()).isEqualTo(1);
        });
        assertThat(r.notAsked()).containsExactly(3);
        assertThat(r.stoppedBy()).isPresent();
    }

    @Test
    void should_stop_the_run_when_the_model_refuses_the_credentials() {
        // given
        ScriptedChatModel model = new ScriptedChatModel()
                .fail(new dev.langchain4j.exception.AuthenticationException("invalid api key"));

        // when / then
        assertThatThrownBy(() -> synthesizer(model, new InMemoryAnnotationStore()).build().synthesize(2))
                .isInstanceOf(NonRetriableAnnotatorException.class).hasMessageContaining("program 1");
    }

    @Test
    void should_reject_settings_it_cannot_use() {
        assertThatThrownBy(() -> ProgramSynthesizer.builder().structuredOutput(StructuredOutput.JSON_SCHEMA))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON_SCHEMA");
        assertThatThrownBy(() -> ProgramSynthesizer.builder().temperature(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature must be in [0, 2]: -1");
        Task multi = Task.builder().name("topics").label("a", "").label("b", "").multiLabel(true).build();
        assertThatThrownBy(() -> ProgramSynthesizer.builder().chatModel(new ScriptedChatModel()).modelName("m").task(multi).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("multi-label");
        assertThatThrownBy(() -> ProgramSynthesizer.builder().chatModel(new ScriptedChatModel()).modelName("m").task(SPAM)
                .budget(Budget.UNLIMITED.withMaxUsd(1)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no price for model 'm'");
        assertThatThrownBy(() -> synthesizer(new ScriptedChatModel(), new InMemoryAnnotationStore()).build().synthesize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n must be at least 1: 0");
    }
}
