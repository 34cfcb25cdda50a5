package dev.annotator.llm.incubate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.AnnotatorException;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.task.Task;
import dev.annotator.llm.RetryPolicy;
import dev.annotator.llm.cost.Budget;
import dev.annotator.llm.cost.PriceTable;
import dev.annotator.testing.HashingTextEmbedder;
import dev.annotator.testing.ScriptedChatModel;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataIncubatorTest {
    static final Task TOPIC = Task.builder().name("topic").instruction("Classify text messages as about food or about movies.")
            .label("food", "the message is about food, cooking or eating out")
            .label("movies", "the message is about films or cinema").build();

    static ScriptedChatModel generator() {
        return new ScriptedChatModel().otherwise(r -> Generated.answer(Generated.nonce(ScriptedChatModel.userText(r))));
    }

    static DataIncubator.Builder incubator(ScriptedChatModel model) {
        return DataIncubator.builder().chatModel(model).modelName("scripted").embedder(new HashingTextEmbedder())
                .retryPolicy(RetryPolicy.none());
    }

    @Test
    void should_ask_for_every_label_at_once_under_a_schema_of_the_labels_and_keep_n_per_label() {
        // given
        ScriptedChatModel model = generator();
        try (DataIncubator inc = incubator(model).build()) {
            // when
            IncubationResult r = inc.incubate(TOPIC, 3, 4);

            // then
            assertThat(model.requests()).hasSize(12);
            ChatRequest first = model.requests().get(0);
            assertThat(first.parameters().temperature()).isEqualTo(1.0);
            assertThat(first.parameters().responseFormat().type()).isEqualTo(ResponseFormatType.JSON);
            JsonObjectSchema schema = (JsonObjectSchema) first.parameters().responseFormat().jsonSchema().rootElement();
            assertThat(schema.required()).containsExactly("food", "movies");
            assertThat(schema.properties()).containsOnlyKeys("food", "movies");
            assertThat(schema.additionalProperties()).isFalse();
            assertThat(ScriptedChatModel.userText(first)).contains("Classify text messages", "- \"food\": the message is about food",
                    "- \"movies\": the message is about films", "EACH label");
            Set<String> prompts = new HashSet<>();
            model.requests().forEach(q -> prompts.add(ScriptedChatModel.userText(q)));
            assertThat(prompts).as("every request differs").hasSize(12);

            assertThat(r.requests()).isEqualTo(12);
            assertThat(r.calls()).isEqualTo(12);
            assertThat(r.validAnswers()).isEqualTo(12);
            assertThat(r.generated()).isEqualTo(24);
            assertThat(r.rejected()).isEmpty();
            assertThat(r.examples()).containsOnlyKeys("food", "movies");
            assertThat(r.examples().get("food")).hasSize(3).allSatisfy(t -> assertThat(t).contains("dinner"));
            assertThat(r.examples().get("movies")).hasSize(3).allSatisfy(t -> assertThat(t).contains("film"));
            assertThat(r.kept()).isEqualTo(6);
            assertThat(r.diversityBefore()).isPositive();
            assertThat(r.diversityAfter()).isPositive();
            assertThat(r.spent().calls()).isEqualTo(12);
            assertThat(r.budgetExhausted()).isFalse();
            Dataset ds = r.toDataset();
            assertThat(ds.size()).isEqualTo(6);
            assertThat(ds.task()).isEqualTo(TOPIC);
        }
    }

    @Test
    void should_reject_malformed_and_wrong_key_answers_with_reasons_and_ask_again() {
        // given
        ScriptedChatModel model = generator().answer("sure! here you go", "{\"food\": \"only food\"}",
                "{\"food\": \"x\", \"movies\": \"y\", \"sports\": \"z\"}", "[\"food\", \"movies\"]",
                "{\"food\": \"\", \"movies\": \"a film\"}", "{\"food\": 3, \"movies\": \"a film\"}", "",
                "```json\n{\"food\": \"Fenced pasta was great.\", \"movies\": \"A fenced western.\"}\n```");
        try (DataIncubator inc = incubator(model).concurrency(1).maxRequestFactor(3).build()) {
            // when
            IncubationResult r = inc.incubate(TOPIC, 2, 2);

            // then
            assertThat(r.rejected()).containsExactlyInAnyOrderEntriesOf(Map.of("not valid JSON", 1, "wrong keys", 2,
                    "not a JSON object", 1, "a value is not a non-empty string", 2, "empty answer", 1));
            assertThat(r.rejectedAnswers()).isEqualTo(7);
            assertThat(r.validAnswers()).isEqualTo(4);
            assertThat(r.requests()).isEqualTo(11);
            assertThat(model.requests()).hasSize(11);
            assertThat(r.examples().get("food")).hasSize(2);
        }
    }

    @Test
    void should_stop_asking_at_max_request_factor_when_answers_keep_failing() {
        ScriptedChatModel model = new ScriptedChatModel().otherwise(r -> "{\"food\": \"only food\"}");
        try (DataIncubator inc = incubator(model).maxRequestFactor(1.5).build()) {
            IncubationResult r = inc.incubate(TOPIC, 2, 2);

            assertThat(model.requests()).hasSize(6);
            assertThat(r.rejected()).containsExactlyEntriesOf(Map.of("wrong keys", 6));
            assertThat(r.kept()).isZero();
            assertThat(r.examples()).containsOnlyKeys("food", "movies");
        }
    }

    @Test
    void should_make_no_call_when_rerun_with_the_same_store_and_settings() {
        // given
        InMemoryAnnotationStore store = new InMemoryAnnotationStore();
        ScriptedChatModel first = generator();
        IncubationResult r1;
        try (DataIncubator inc = incubator(first).store(store).seed(7).build()) {
            r1 = inc.incubate(TOPIC, 3, 3);
        }
        assertThat(first.requests()).hasSize(9);
        assertThat(store.responseCount()).isEqualTo(9);

        // when
        ScriptedChatModel second = generator();
        IncubationResult r2;
        try (DataIncubator inc = incubator(second).store(store).seed(7).build()) {
            r2 = inc.incubate(TOPIC, 3, 3);
        }

        // then
        assertThat(second.requests()).isEmpty();
        assertThat(r2.calls()).isZero();
        assertThat(r2.cachedRequests()).isEqualTo(9);
        assertThat(r2.spent().calls()).isZero();
        assertThat(r2.examples()).isEqualTo(r1.examples());

        // and a different seed asks new requests
        ScriptedChatModel third = generator();
        try (DataIncubator inc = incubator(third).store(store).seed(8).build()) {
            inc.incubate(TOPIC, 3, 3);
        }
        assertThat(third.requests()).hasSize(9);
    }

    @Test
    void should_stop_at_the_budget_and_keep_what_was_paid_for() {
        // given
        ScriptedChatModel model = generator();
        try (DataIncubator inc = incubator(model).budget(Budget.UNLIMITED.withMaxCalls(5)).concurrency(4).build()) {
            // when
            IncubationResult r = inc.incubate(TOPIC, 10, 2);

            // then
            assertThat(model.requests()).hasSize(5);
            assertThat(inc.ledger().spent().calls()).isEqualTo(5);
            assertThat(r.budgetExhausted()).isTrue();
            assertThat(r.validAnswers()).isEqualTo(5);
            assertThat(r.examples().get("food")).hasSize(5);
        }
    }

    @Test
    void should_hold_a_money_budget_with_prices() {
        ScriptedChatModel model = generator().usage(1000, 200);
        try (DataIncubator inc = incubator(model).prices(PriceTable.parse("scripted=1.0/2.0"))
                .budget(Budget.UNLIMITED.withMaxUsd(0.02)).concurrency(3).build()) {
            IncubationResult r = inc.incubate(TOPIC, 50, 1);

            assertThat(inc.ledger().spent().usd()).isLessThanOrEqualTo(0.02);
            assertThat(r.budgetExhausted()).isTrue();
            assertThat(r.spent().usd()).isPositive();
        }
    }

    @Test
    void should_drop_exact_and_near_duplicates_and_texts_given_for_both_labels() {
        // given: answers 0..3 distinct, 4 repeats 0 exactly, 5 is 1 with different case and spacing,
        // 6 gives the same text for both labels
        ScriptedChatModel model = new ScriptedChatModel().otherwise(r -> {
            int n = Generated.nonce(ScriptedChatModel.userText(r));
            return switch (n) {
                case 4 -> Generated.answer(0);
                case 5 -> Generated.answer(1).replace("We ", "we  ").replace("They", "THEY");
                case 6 -> "{\"food\": \"Popcorn at the cinema.\", \"movies\": \"popcorn at the cinema\"}";
                default -> Generated.answer(n);
            };
        });
        try (DataIncubator inc = incubator(model).concurrency(1).build()) {
            // when
            IncubationResult r = inc.incubate(TOPIC, 8, 1);

            // then
            assertThat(r.validAnswers()).isEqualTo(8);
            assertThat(r.generated()).isEqualTo(16);
            assertThat(r.conflicting()).isEqualTo(2);
            assertThat(r.exactDuplicates()).isEqualTo(4);
            assertThat(r.examples().get("food")).hasSize(5).doesNotHaveDuplicates()
                    .noneMatch(t -> t.toLowerCase().contains("popcorn"));
            assertThat(r.kept()).isEqualTo(10);
        }
    }

    @Test
    void should_drop_near_duplicates_by_embedding() {
        // the hashing embedder ignores punctuation and case: "Pasta, tonight!" and "pasta tonight" embed alike
        ScriptedChatModel model = new ScriptedChatModel().answer(
                "{\"food\": \"Pasta tonight with garlic bread\", \"movies\": \"A western at the drive-in\"}",
                "{\"food\": \"pasta tonight, with garlic bread!!\", \"movies\": \"Three hours of horror sequels\"}",
                "{\"food\": \"Ramen in the rain\", \"movies\": \"A silent comedy with live piano\"}");
        try (DataIncubator inc = incubator(model).concurrency(1).nearDuplicateThreshold(0.99).build()) {
            IncubationResult r = inc.incubate(TOPIC, 3, 1);

            assertThat(r.nearDuplicates() + r.exactDuplicates()).isEqualTo(1);
            assertThat(r.examples().get("food")).containsExactly("Pasta tonight with garlic bread", "Ramen in the rain");
            assertThat(r.examples().get("movies")).hasSize(3);
        }
    }

    @Test
    void should_keep_the_majority_key_set_when_no_labels_are_given() {
        // given: 5 answers use {food, movies}, 2 use {food, film}, 1 has a single key
        ScriptedChatModel model = new ScriptedChatModel().otherwise(r -> {
            int n = Generated.nonce(ScriptedChatModel.userText(r));
            return switch (n % 8) {
                case 1, 4 -> "{\"food\": \"" + Generated.food(n) + "\", \"film\": \"" + Generated.movie(n) + "\"}";
                case 6 -> "{\"food\": \"" + Generated.food(n) + "\"}";
                default -> Generated.answer(n);
            };
        });
        try (DataIncubator inc = incubator(model).maxRequestFactor(1).build()) {
            // when
            IncubationResult r = inc.incubate("topic", "Classify text messages as about food or about movies.", 4, 2);

            // then
            assertThat(r.task().labelNames()).containsExactly("food", "movies");
            assertThat(r.task().instruction()).isEqualTo("Classify text messages as about food or about movies.");
            assertThat(r.rejected()).containsExactlyInAnyOrderEntriesOf(Map.of("keys differ from the majority key set", 2,
                    "fewer than two keys", 1));
            assertThat(r.validAnswers()).isEqualTo(5);
            ChatRequest q = model.requests().get(0);
            assertThat(q.parameters().responseFormat().type()).isEqualTo(ResponseFormatType.JSON);
            assertThat(q.parameters().responseFormat().jsonSchema()).isNull();
            assertThat(ScriptedChatModel.userText(q)).contains("Decide which labels");
        }
    }

    @Test
    void should_fail_clearly_when_no_answer_has_two_keys_without_labels() {
        ScriptedChatModel model = new ScriptedChatModel().otherwise(r -> "not json");
        try (DataIncubator inc = incubator(model).build()) {
            assertThatThrownBy(() -> inc.incubate("topic", "Classify messages.", 2, 1))
                    .isInstanceOf(AnnotatorException.class).hasMessageContaining("no key set with two or more labels");
        }
    }

    @Test
    void should_propose_labels_as_a_plan_without_generating() {
        // given: the first proposal has one label, so it is asked again with the reason
        ScriptedChatModel model = new ScriptedChatModel().answer(
                "{\"labels\": [{\"name\": \"food\", \"description\": \"about food\"}]}",
                "{\"labels\": [{\"name\": \"Food \", \"description\": \"about food or eating out\"},"
                        + " {\"name\": \"Movies and TV\", \"description\": \"about films\"}]}");
        InMemoryAnnotationStore store = new InMemoryAnnotationStore();
        try (DataIncubator inc = incubator(model).store(store).build()) {
            // when
            TaskProposal p = inc.proposeTask("topic", "Classify text messages as about food or about movies.");

            // then
            assertThat(p.task().labelNames()).containsExactly("food", "movies_and_tv");
            assertThat(p.task().labels().get(0).description()).isEqualTo("about food or eating out");
            assertThat(p.task().instruction()).startsWith("Classify text messages");
            assertThat(p.cached()).isFalse();
            assertThat(p.spent().calls()).isEqualTo(2);
            assertThat(model.requests()).hasSize(2);
            assertThat(model.requests().get(1).messages()).hasSize(4);
            assertThat(model.requests().get(1).messages().get(3).toString()).contains("fewer than two labels");
            assertThat(model.requests().get(0).parameters().responseFormat().jsonSchema().name()).isEqualTo("label_proposal");
            assertThat(p.render()).contains("- food: about food or eating out", "labels: food,movies_and_tv");
        }
        // a rerun of the plan is free
        ScriptedChatModel again = new ScriptedChatModel();
        try (DataIncubator inc = incubator(again).store(store).build()) {
            TaskProposal p = inc.proposeTask("topic", "Classify text messages as about food or about movies.");
            assertThat(p.cached()).isTrue();
            assertThat(p.task().labelNames()).containsExactly("food", "movies_and_tv");
        }
        assertThat(again.requests()).isEmpty();
    }

    @Test
    void should_fail_the_proposal_with_the_reasons_when_every_answer_is_unusable() {
        ScriptedChatModel model = new ScriptedChatModel().otherwise(r -> "{\"labels\": []}");
        try (DataIncubator inc = incubator(model).maxReasks(1).build()) {
            assertThatThrownBy(() -> inc.proposeTask("topic", "Classify messages."))
                    .isInstanceOf(AnnotatorException.class).hasMessageContaining("proposed no usable labels")
                    .hasMessageContaining("fewer than two labels");
            assertThat(model.requests()).hasSize(2);
        }
    }

    @Test
    void should_stop_the_run_on_bad_credentials() {
        ScriptedChatModel model = generator().fail(new AuthenticationException("invalid api key"));
        try (DataIncubator inc = incubator(model).concurrency(1).build()) {
            assertThatThrownBy(() -> inc.incubate(TOPIC, 5, 2)).isInstanceOf(AnnotatorException.class)
                    .hasMessageContaining("calling model 'scripted' for generation request 0")
                    .hasMessageContaining("invalid api key");
            assertThat(model.requests()).hasSize(1);
        }
    }

    @Test
    void should_reject_bad_settings_naming_them() {
        ScriptedChatModel model = generator();
        try (DataIncubator noEmbedder = DataIncubator.builder().chatModel(model).modelName("m").build()) {
            assertThatThrownBy(() -> noEmbedder.incubate(TOPIC, 2, 2)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("needs an embedder");
        }
        assertThatThrownBy(() -> DataIncubator.builder().temperature(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> incubator(model).budget(Budget.UNLIMITED.withMaxUsd(1)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no price for model 'scripted'");
        try (DataIncubator inc = incubator(model).build()) {
            assertThatThrownBy(() -> inc.incubate(TOPIC, 0, 2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("perLabel must be in [1, 1000000]: 0");
            assertThatThrownBy(() -> inc.incubate(TOPIC, 2, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("oversample");
            Task multi = Task.builder().name("m").label("a", "").label("b", "").multiLabel(true).build();
            assertThatThrownBy(() -> inc.incubate(multi, 2, 2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("multi-label");
            assertThatThrownBy(() -> inc.incubate("t", " ", 2, 2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("instruction must not be blank");
        }
        assertThat(model.requests()).isEmpty();
    }
}
