package dev.annotator.llm.span;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annotator.core.data.Example;
import dev.annotator.core.data.Split;
import dev.annotator.core.pipeline.LoopSchedule;
import dev.annotator.core.pipeline.SpanActiveLoop;
import dev.annotator.core.pipeline.SpanLoopResult;
import dev.annotator.core.pipeline.SpanRoundSummary;
import dev.annotator.core.select.SpanSelector;
import dev.annotator.core.span.BioCodec;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanAnnotation;
import dev.annotator.core.span.SpanAnnotator;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.span.SpanPrediction;
import dev.annotator.core.span.SpanStudentModel;
import dev.annotator.core.span.SpanStudentTrainer;
import dev.annotator.core.span.SpanUncertainty;
import dev.annotator.core.span.TokenOffsets;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.task.Task;
import dev.annotator.core.weigh.SpanWeigher;
import dev.annotator.testing.ScriptedChatModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The LLM span annotator as the {@link SpanAnnotator} of the core span loop. */
class LlmSpanActiveLoopTest {
    static final Task NER = LlmSpanAnnotatorTest.NER;
    static final Map<String, String> TYPES = Map.of("Ann", "PER", "Bob", "PER", "Cy", "PER", "Paris", "LOC", "Rome", "LOC");

    /** Answers like an LLM that knows the names above: every one found in the text between the tags. */
    static String answer(String prompt) {
        String text = prompt.substring(prompt.indexOf("<text id=\"1\">\n") + 14, prompt.indexOf("</text>"));
        StringBuilder json = new StringBuilder("{\"entities\": [");
        String sep = "";
        for (String word : text.trim().split("\\s+")) {
            if (TYPES.containsKey(word)) {
                json.append(sep).append("{\"span\": \"").append(word).append("\", \"type\": \"").append(TYPES.get(word)).append("\"}");
                sep = ", ";
            }
        }
        return json.append("]}").toString();
    }

    /** A student that remembers the texts it was trained on and knows nothing of others. */
    static final class MemorizingTrainer implements SpanStudentTrainer {
        @Override
        public SpanStudentModel train(Task task, List<SpanExample> train, double[] weights, List<SpanExample> dev) {
            BioCodec codec = BioCodec.of(task);
            Map<String, List<Span>> known = new HashMap<>();
            train.forEach(e -> known.put(e.text(), e.spans()));
            return new SpanStudentModel() {
                @Override
                public Task task() {
                    return task;
                }

                @Override
                public Provenance provenance() {
                    return new Provenance(task.name(), "memorizing", Map.of(), 0, "none", "llm", "test", "now");
                }

                @Override
                public List<SpanPrediction> predictBatch(List<String> texts) {
                    List<SpanPrediction> out = new ArrayList<>();
                    for (String text : texts) {
                        TokenOffsets tokens = TokenOffsets.whitespace(text);
                        List<Span> spans = known.getOrDefault(text, List.of());
                        int[] tags = codec.encode(spans, tokens);
                        float[][] p = new float[tokens.size()][codec.size()];
                        for (int t = 0; t < tokens.size(); t++) {
                            for (int k = 0; k < codec.size(); k++) {
                                p[t][k] = known.containsKey(text) ? (k == tags[t] ? 1f : 0f) : 1f / codec.size();
                            }
                        }
                        out.add(new SpanPrediction(spans, tokens, p));
                    }
                    return out;
                }

                @Override
                public void close() {
                    // nothing held
                }
            };
        }
    }

    @Test
    void should_run_the_span_loop_and_rerun_it_from_the_store_without_calling_the_model() {
        // given an LLM span annotator whose answers go to a store, and a pool of texts
        InMemoryAnnotationStore store = new InMemoryAnnotationStore();
        ScriptedChatModel model = new ScriptedChatModel().otherwise(r -> answer(ScriptedChatModel.userText(r)));
        List<Example> pool = new ArrayList<>();
        String[] names = {"Ann", "Bob", "Cy"};
        String[] cities = {"Paris", "Rome"};
        for (int i = 0; i < 12; i++) {
            pool.add(Example.of("p" + i, names[i % 3] + " flew to " + cities[i % 2] + " on day " + i));
        }
        List<SpanExample> dev = new ArrayList<>(List.of(SpanExample.of("d0", "Ann flew to Rome on day 1",
                List.of(Span.of(0, 3, "PER"), Span.of(12, 16, "LOC")), Split.DEV)));
        // and gold copies of half the pool, so the dev score depends on which texts the student was trained on
        for (int i = 0; i < 6; i++) {
            String name = names[i % 3];
            String city = cities[i % 2];
            int at = (name + " flew to ").length();
            dev.add(SpanExample.of("d-p" + i, pool.get(i).text(), List.of(Span.of(0, name.length(), TYPES.get(name)),
                    Span.of(at, at + city.length(), TYPES.get(city))), Split.DEV));
        }
        try (LlmSpanAnnotator llm = LlmSpanAnnotator.builder().chatModel(model).modelName("scripted").task(NER).store(store).build()) {
            SpanAnnotator annotator = llm;
            assertThat(annotator.name()).isEqualTo("llm:scripted");
            SpanActiveLoop loop = SpanActiveLoop.builder().task(NER).pool(pool).dev(dev).annotator(annotator)
                    .trainer(new MemorizingTrainer()).weigher(SpanWeigher.byConfidence())
                    .selector(SpanSelector.uncertainty(SpanUncertainty.of(SpanUncertainty.Measure.ENTROPY,
                            SpanUncertainty.Reduction.MEAN)))
                    .schedule(LoopSchedule.of(4, 1, 4)).seed(9).store(store).build();

            // when it runs, and runs again over the same store
            try (SpanLoopResult first = loop.run()) {
                int calls = model.requests().size();
                try (SpanLoopResult again = loop.run()) {
                    // then the first run asked the model once per text and placed its answers
                    assertThat(calls).isEqualTo(8);
                    assertThat(first.annotations()).hasSize(8).allSatisfy(a -> {
                        assertThat(a.source()).isEqualTo("llm:scripted");
                        assertThat(a.spans()).hasSize(2);
                        assertThat(a.confidence()).isEqualTo(1.0);
                    });
                    assertThat(first.rounds()).extracting(SpanRoundSummary::cached).containsExactly(0, 0);
                    // and the rerun made no call, took every answer from the store and ended the same
                    assertThat(model.requests()).hasSize(calls);
                    assertThat(again.rounds()).extracting(SpanRoundSummary::cached).containsExactly(4, 4);
                    assertThat(again.annotations()).extracting(SpanAnnotation::spans)
                            .isEqualTo(first.annotations().stream().map(SpanAnnotation::spans).toList());
                    assertThat(again.annotations()).extracting(SpanAnnotation::exampleId)
                            .isEqualTo(first.annotations().stream().map(SpanAnnotation::exampleId).toList());
                    assertThat(again.rounds().get(1).dev()).isEqualTo(first.rounds().get(1).dev());
                    // (8 of the 12 pool texts are trained on, so at least 2 of the 6 pool texts in dev are found)
                    assertThat(first.rounds().get(1).dev()).hasValueSatisfying(r -> {
                        assertThat(r.truePositives()).isGreaterThanOrEqualTo(4);
                        assertThat(r.f1()).isPositive();
                    });
                }
            }
        }
    }
}
