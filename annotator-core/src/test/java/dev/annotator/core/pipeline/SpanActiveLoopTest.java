package dev.annotator.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.data.Example;
import dev.annotator.core.data.Split;
import dev.annotator.core.select.SpanSelector;
import dev.annotator.core.span.BioCodec;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanAlignment;
import dev.annotator.core.span.SpanAnnotation;
import dev.annotator.core.span.SpanAnnotator;
import dev.annotator.core.span.SpanAnswer;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.span.SpanPrediction;
import dev.annotator.core.span.SpanStudentModel;
import dev.annotator.core.span.SpanStudentTrainer;
import dev.annotator.core.span.SpanUncertainty;
import dev.annotator.core.span.SpanUncertainty.Measure;
import dev.annotator.core.span.SpanUncertainty.Reduction;
import dev.annotator.core.span.TokenOffsets;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
import dev.annotator.core.weigh.SpanWeigher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpanActiveLoopTest {
    static final Task NER = Task.builder().name("ner").kind(TaskKind.SPAN).label("PER", "a person").label("LOC", "a place")
            .build();
    static final List<String> FAMILIAR_NAMES = List.of("Ann", "Bob", "Cy");
    static final List<String> FAMILIAR_CITIES = List.of("Paris", "Rome");
    static final List<String> NOVEL_NAMES = List.of("Zorba", "Quill", "Xena", "Yuri", "Wanda", "Ugo", "Tova", "Sven", "Rafe", "Pia");
    static final List<String> NOVEL_CITIES = List.of("Quito", "Lima", "Oslo", "Baku", "Riga", "Doha", "Suva", "Apia", "Male",
            "Bern");
    static final List<String> NOVEL_SURNAMES = List.of("Kahn", "Moss", "Vale", "Orr", "Lund", "Ives", "Hale", "Nash", "Roe",
            "Penn");

    /** Gold spans: every whitespace token that is a known name or city; a surname continues the name before it. */
    static List<Span> gold(String text) {
        List<Span> out = new ArrayList<>();
        TokenOffsets t = TokenOffsets.whitespace(text);
        for (int i = 0; i < t.size(); i++) {
            String w = text.substring(t.start(i), t.end(i));
            if (FAMILIAR_NAMES.contains(w) || NOVEL_NAMES.contains(w)) {
                boolean surname = i + 1 < t.size() && NOVEL_SURNAMES.contains(text.substring(t.start(i + 1), t.end(i + 1)));
                out.add(Span.of(t.start(i), t.end(surname ? i + 1 : i), "PER"));
            } else if (FAMILIAR_CITIES.contains(w) || NOVEL_CITIES.contains(w)) {
                out.add(Span.of(t.start(i), t.end(i), "LOC"));
            }
        }
        return out;
    }

    /**
     * 30 texts "N visited C today" over three first names and two cities (every text has at most two
     * words a student may not have seen), then 10 texts "N S visited C today" each with a person and a
     * place of its own (three unseen words of five): the second kind is always the less certain.
     */
    static List<Example> pool() {
        List<Example> out = new ArrayList<>();
        for (String n : FAMILIAR_NAMES) {
            for (String c : FAMILIAR_CITIES) {
                for (int copy = 0; copy < 5; copy++) {
                    out.add(Example.of("f-" + n + "-" + c + "-" + copy, n + " visited " + c + " today"));
                }
            }
        }
        for (int i = 0; i < NOVEL_NAMES.size(); i++) {
            out.add(Example.of("n-" + i, NOVEL_NAMES.get(i) + " " + NOVEL_SURNAMES.get(i) + " visited " + NOVEL_CITIES.get(i)
                    + " today"));
        }
        return out;
    }

    static boolean novel(Example e) {
        return e.id().startsWith("n-");
    }

    /** Gold texts naming the novel people and places, in new sentences. */
    static List<SpanExample> goldSet(String prefix, Split split, int shift) {
        List<SpanExample> out = new ArrayList<>();
        for (int i = 0; i < NOVEL_NAMES.size(); i++) {
            String text = NOVEL_NAMES.get(i) + " " + NOVEL_SURNAMES.get(i) + " visited " + NOVEL_CITIES.get((i + shift)
                    % NOVEL_CITIES.size());
            out.add(SpanExample.of(prefix + i, text, gold(text), split));
        }
        return out;
    }

    /** A perfect annotator that remembers what it was asked; abstains on the ids it is told to. */
    static class ScriptedSpanAnnotator implements SpanAnnotator {
        final List<String> asked = new ArrayList<>();
        final Set<String> abstainOn;

        ScriptedSpanAnnotator(Set<String> abstainOn) {
            this.abstainOn = abstainOn;
        }

        @Override
        public String name() {
            return "script";
        }

        @Override
        public Task task() {
            return NER;
        }

        @Override
        public List<SpanAnnotation> annotate(List<Example> examples) {
            List<SpanAnnotation> out = new ArrayList<>();
            for (Example e : examples) {
                asked.add(e.id());
                out.add(abstainOn.contains(e.id()) ? SpanAnnotation.abstained(e, "scripted abstention", name())
                        : SpanAnnotation.of(e, gold(e.text()), name()));
            }
            return out;
        }
    }

    /**
     * A dictionary tagger: per whitespace token, weighted BIO tag counts from training; a token seen
     * in training gets its smoothed tag frequencies, an unseen one the uniform distribution (the
     * most uncertain row there is).
     */
    static final class DictionaryTrainer implements SpanStudentTrainer {
        final List<double[]> weightsSeen = new ArrayList<>();
        int closed;
        int trained;

        @Override
        public SpanStudentModel train(Task task, List<SpanExample> train, double[] weights, List<SpanExample> dev) {
            weightsSeen.add(weights.clone());
            trained++;
            BioCodec codec = BioCodec.of(task);
            Map<String, double[]> counts = new HashMap<>();
            for (int i = 0; i < train.size(); i++) {
                String text = train.get(i).text();
                TokenOffsets tokens = TokenOffsets.whitespace(text);
                int[] tags = codec.encode(train.get(i).spans(), tokens);
                for (int t = 0; t < tokens.size(); t++) {
                    counts.computeIfAbsent(text.substring(tokens.start(t), tokens.end(t)), k -> new double[codec.size()])[tags[t]] +=
                            weights[i];
                }
            }
            return new SpanStudentModel() {
                @Override
                public Task task() {
                    return task;
                }

                @Override
                public Provenance provenance() {
                    return new Provenance(task.name(), "dictionary", Map.of(), 0, "none", "script", "test", "now");
                }

                @Override
                public List<SpanPrediction> predictBatch(List<String> texts) {
                    List<SpanPrediction> out = new ArrayList<>();
                    for (String text : texts) {
                        TokenOffsets tokens = TokenOffsets.whitespace(text);
                        double[][] p = new double[tokens.size()][codec.size()];
                        for (int t = 0; t < tokens.size(); t++) {
                            double[] c = counts.get(text.substring(tokens.start(t), tokens.end(t)));
                            double total = 0;
                            for (int k = 0; k < codec.size(); k++) {
                                p[t][k] = c == null ? 1 : c[k] + 0.01;
                                total += p[t][k];
                            }
                            for (int k = 0; k < codec.size(); k++) {
                                p[t][k] /= total;
                            }
                        }
                        float[][] f = new float[p.length][];
                        for (int t = 0; t < p.length; t++) {
                            f[t] = new float[p[t].length];
                            for (int k = 0; k < p[t].length; k++) {
                                f[t][k] = (float) p[t][k];
                            }
                        }
                        out.add(new SpanPrediction(codec.decode(p, tokens), tokens, f));
                    }
                    return out;
                }

                @Override
                public void close() {
                    closed++;
                }
            };
        }
    }

    static SpanActiveLoop.Builder loop(SpanSelector selector, ScriptedSpanAnnotator annotator, DictionaryTrainer trainer,
            List<SpanLoopEvent> events) {
        return SpanActiveLoop.builder().task(NER).pool(pool()).dev(goldSet("d-", Split.DEV, 1)).test(goldSet("t-", Split.TEST, 2))
                .annotator(annotator).trainer(trainer).selector(selector).schedule(LoopSchedule.of(5, 2, 5)).seed(3)
                .listener(events::add);
    }

    static List<List<Example>> batches(List<SpanLoopEvent> events) {
        return events.stream().filter(e -> e instanceof SpanLoopEvent.BatchSelected)
                .map(e -> ((SpanLoopEvent.BatchSelected) e).batch()).toList();
    }

    static final SpanSelector ENTROPY = SpanSelector.uncertainty(SpanUncertainty.of(Measure.ENTROPY, Reduction.MEAN));

    @Test
    void should_ask_about_the_texts_the_student_is_least_sure_of_after_a_random_cold_start() {
        // given a pool where 10 of 40 texts name people and places the rest never mention
        List<SpanLoopEvent> events = new ArrayList<>();
        ScriptedSpanAnnotator annotator = new ScriptedSpanAnnotator(Set.of());
        DictionaryTrainer trainer = new DictionaryTrainer();

        // when the entropy loop runs 5 + 2 x 5
        try (SpanLoopResult result = loop(ENTROPY, annotator, trainer, events).build().run()) {
            List<List<Example>> batches = batches(events);
            assertThat(batches).hasSize(3);

            // then round 0 is the random cold start
            assertThat(batches.get(0)).isEqualTo(SpanSelector.random().select(pool(), Optional.empty(), 5,
                    ActiveAnnotationLoop.roundSeed(3, 0)));
            // and afterwards every text with words the student never saw comes before any familiar text
            Set<String> picked = new HashSet<>();
            batches.get(0).forEach(e -> picked.add(e.id()));
            for (int r = 1; r < 3; r++) {
                long novelLeft = pool().stream().filter(e -> novel(e) && !picked.contains(e.id())).count();
                List<Example> batch = batches.get(r);
                long novelPicked = batch.stream().filter(SpanActiveLoopTest::novel).count();
                assertThat(novelPicked).as("round %d: %s", r, batch).isEqualTo(Math.min(novelLeft, batch.size()));
                batch.forEach(e -> picked.add(e.id()));
            }
            assertThat(pool().stream().filter(SpanActiveLoopTest::novel).map(Example::id)).allMatch(picked::contains);

            // and every text was asked once, the student retrained each round and the old ones closed
            assertThat(annotator.asked).hasSize(15).doesNotHaveDuplicates();
            assertThat(trainer.trained).isEqualTo(3);
            assertThat(trainer.closed).isEqualTo(2);
            assertThat(result.stopReason()).isEqualTo(StopReason.SCHEDULE_DONE);
            assertThat(result.series()).isEqualTo("mean-entropy");

            // and it learns more than the random baseline with the same seed and labels
            List<SpanLoopEvent> randomEvents = new ArrayList<>();
            try (SpanLoopResult random = loop(SpanSelector.random(), new ScriptedSpanAnnotator(Set.of()), new DictionaryTrainer(),
                    randomEvents).build().run()) {
                assertThat(batches(randomEvents).get(0)).isEqualTo(batches.get(0));
                assertThat(batches(randomEvents).subList(1, 3).stream().flatMap(List::stream)).anyMatch(e -> !novel(e));
                double entropyF1 = result.rounds().get(2).dev().orElseThrow().f1();
                double randomF1 = random.rounds().get(2).dev().orElseThrow().f1();
                assertThat(entropyF1).isEqualTo(1.0, within(1e-9)); // every novel name and place was asked about
                assertThat(randomF1).isLessThan(entropyF1 - 0.2);
            }
        }
    }

    @Test
    void should_write_the_learning_curve_with_span_f1_on_dev_and_test_every_round(@TempDir Path dir) throws IOException {
        List<SpanLoopEvent> events = new ArrayList<>();
        try (SpanLoopResult result = loop(ENTROPY, new ScriptedSpanAnnotator(Set.of()), new DictionaryTrainer(), events).build()
                .run(dir)) {
            List<String> lines = Files.readAllLines(dir.resolve(SpanLoopResult.CURVE_FILE));
            assertThat(lines.get(0)).isEqualTo("series,round,labels,training_texts,usd,dev_precision,dev_recall,dev_f1,"
                    + "test_precision,test_recall,test_f1,teacher_precision,teacher_recall,teacher_f1");
            assertThat(lines).hasSize(4);
            for (int r = 0; r < 3; r++) {
                String[] cells = lines.get(r + 1).split(",", -1);
                SpanRoundSummary s = result.rounds().get(r);
                assertThat(cells[0]).isEqualTo("mean-entropy");
                assertThat(cells[1]).isEqualTo(Integer.toString(r));
                assertThat(cells[2]).isEqualTo(Integer.toString(5 * (r + 1)));
                assertThat(Double.parseDouble(cells[7])).isCloseTo(s.dev().orElseThrow().f1(), within(1e-6));
                assertThat(Double.parseDouble(cells[10])).isCloseTo(s.test().orElseThrow().f1(), within(1e-6));
                assertThat(cells[13]).isEmpty(); // no gold pool: the teacher is not scored
            }
            // the curve rises as the loop learns the new names
            assertThat(Double.parseDouble(lines.get(3).split(",")[7])).isGreaterThan(Double.parseDouble(lines.get(1).split(",")[7]));
            assertThat(events.get(events.size() - 1)).isEqualTo(new SpanLoopEvent.LoopFinished(3, StopReason.SCHEDULE_DONE));
        }
    }

    @Test
    void should_leave_abstentions_out_of_training_and_stop_at_the_label_budget() {
        // given an annotator that abstains on the first text it will be asked
        List<Example> first = SpanSelector.random().select(pool(), Optional.empty(), 5, ActiveAnnotationLoop.roundSeed(3, 0));
        ScriptedSpanAnnotator annotator = new ScriptedSpanAnnotator(Set.of(first.get(0).id()));
        DictionaryTrainer trainer = new DictionaryTrainer();
        List<SpanLoopEvent> events = new ArrayList<>();

        // when the loop may annotate 8 texts
        try (SpanLoopResult result = loop(ENTROPY, annotator, trainer, events).budget(Budget.labels(8)).build().run()) {
            // then it stops after 5 + 3, the abstained text counted but not trained on nor asked again
            assertThat(result.stopReason()).isEqualTo(StopReason.LABEL_BUDGET);
            assertThat(result.rounds()).extracting(SpanRoundSummary::labels).containsExactly(5, 8);
            assertThat(result.rounds()).extracting(SpanRoundSummary::trainingTexts).containsExactly(4, 7);
            assertThat(result.rounds().get(0).abstained()).isEqualTo(1);
            assertThat(trainer.weightsSeen.get(0)).hasSize(4);
            assertThat(annotator.asked).hasSize(8).doesNotHaveDuplicates();
        }
    }

    @Test
    void should_resume_after_a_crash_without_asking_again_and_end_as_an_uninterrupted_run() {
        // given a store and an annotator that dies on its second call (round 1)
        dev.annotator.core.store.InMemoryAnnotationStore store = new dev.annotator.core.store.InMemoryAnnotationStore();
        ScriptedSpanAnnotator crashing = new ScriptedSpanAnnotator(Set.of(pool().get(0).id())) {
            int calls;

            @Override
            public List<SpanAnnotation> annotate(List<Example> examples) {
                if (++calls == 2) {
                    throw new dev.annotator.core.RetriableAnnotatorException("connection reset");
                }
                return super.annotate(examples);
            }
        };
        assertThatThrownBy(() -> loop(ENTROPY, crashing, new DictionaryTrainer(), new ArrayList<>()).store(store).build().run())
                .isInstanceOf(dev.annotator.core.RetriableAnnotatorException.class);
        assertThat(crashing.asked).hasSize(5);
        assertThat(store.responseCount()).isEqualTo(5);

        // when the same loop runs again over the store, and once more without a crash for comparison
        ScriptedSpanAnnotator second = new ScriptedSpanAnnotator(Set.of(pool().get(0).id()));
        List<SpanLoopEvent> resumedEvents = new ArrayList<>();
        List<SpanLoopEvent> cleanEvents = new ArrayList<>();
        try (SpanLoopResult resumed = loop(ENTROPY, second, new DictionaryTrainer(), resumedEvents).store(store).build().run();
                SpanLoopResult clean = loop(ENTROPY, new ScriptedSpanAnnotator(Set.of(pool().get(0).id())), new DictionaryTrainer(),
                        cleanEvents).build().run()) {
            // then only the texts never answered are asked, and the run is the uninterrupted one
            assertThat(second.asked).hasSize(10).doesNotContainAnyElementsOf(crashing.asked);
            assertThat(resumed.rounds().get(0).cached()).isEqualTo(5);
            assertThat(resumed.rounds().get(1).cached()).isZero();
            assertThat(batches(resumedEvents)).isEqualTo(batches(cleanEvents));
            assertThat(resumed.rounds()).extracting(r -> r.dev().orElseThrow().f1())
                    .isEqualTo(clean.rounds().stream().map(r -> r.dev().orElseThrow().f1()).toList());
            assertThat(resumed.annotations()).extracting(SpanAnnotation::spans)
                    .isEqualTo(clean.annotations().stream().map(SpanAnnotation::spans).toList());
            assertThat(resumed.annotations()).filteredOn(SpanAnnotation::isAbstention).hasSize(
                    (int) clean.annotations().stream().filter(SpanAnnotation::isAbstention).count());
            assertThat(store.responseCount()).isEqualTo(15);
        }
    }

    @Test
    void should_round_trip_span_annotations_through_json() {
        Example b = Example.of("b", "Bob visited Rome today");
        SpanAnnotation half = new SpanAnnotation(b, Optional.of(new SpanAlignment(List.of(Span.of(0, 3, "PER")),
                List.of(new SpanAlignment.Dropped(SpanAnswer.of("Atlantis", "LOC"), SpanAlignment.Reason.NOT_FOUND)))),
                Optional.empty(), "x", new dev.annotator.core.annotate.Cost(212, 9, 3.7e-5), 2, false);
        SpanAnnotation abstained = SpanAnnotation.abstained(b, "no usable answer", "x");
        assertThat(dev.annotator.core.span.SpanAnnotationJson.read(b, dev.annotator.core.span.SpanAnnotationJson.write(half), false))
                .isEqualTo(half);
        assertThat(dev.annotator.core.span.SpanAnnotationJson.read(b, dev.annotator.core.span.SpanAnnotationJson.write(abstained),
                true)).isEqualTo(new SpanAnnotation(b, Optional.empty(), Optional.of("no usable answer"), "x",
                        dev.annotator.core.annotate.Cost.FREE, 0, true));
        assertThatThrownBy(() -> dev.annotator.core.span.SpanAnnotationJson.read(Example.of("c", "x"),
                dev.annotator.core.span.SpanAnnotationJson.write(half), false))
                .isInstanceOf(dev.annotator.core.NonRetriableAnnotatorException.class).hasMessageContaining("about 'b', not 'c'");
    }

    @Test
    void should_stop_before_the_money_budget_is_exceeded() {
        // given answers costing a cent each and a budget of 7.5 cents
        ScriptedSpanAnnotator paid = new ScriptedSpanAnnotator(Set.of()) {
            @Override
            public List<SpanAnnotation> annotate(List<Example> examples) {
                return super.annotate(examples).stream().map(a -> new SpanAnnotation(a.example(), a.alignment(),
                        a.abstentionReason(), a.source(), new dev.annotator.core.annotate.Cost(10, 5, 0.01), 1, false)).toList();
            }
        };
        try (SpanLoopResult result = loop(ENTROPY, paid, new DictionaryTrainer(), new ArrayList<>()).budget(Budget.usd(0.075))
                .build().run()) {
            // then it buys 7 answers (the first alone, to learn the price) and stops
            assertThat(result.stopReason()).isEqualTo(StopReason.MONEY_BUDGET);
            assertThat(paid.asked).hasSize(7);
            assertThat(result.spent().usd()).isCloseTo(0.07, within(1e-9)).isLessThanOrEqualTo(0.075);
            assertThat(result.rounds()).extracting(SpanRoundSummary::labels).containsExactly(5, 7);
        }
    }

    @Test
    void should_weigh_texts_by_the_share_of_answers_that_could_be_placed() {
        // given one clean answer and one where one of two entities could not be placed
        Example a = Example.of("a", "Ann visited Paris today");
        Example b = Example.of("b", "Bob visited Rome today");
        SpanAnnotation clean = SpanAnnotation.of(a, gold(a.text()), "x");
        SpanAnnotation half = new SpanAnnotation(b, Optional.of(new SpanAlignment(List.of(Span.of(0, 3, "PER")),
                List.of(new SpanAlignment.Dropped(SpanAnswer.of("Atlantis", "LOC"), SpanAlignment.Reason.NOT_FOUND)))),
                Optional.empty(), "x", dev.annotator.core.annotate.Cost.FREE, 1, false);

        // then confidence is 1 and 1/2, weights are scaled to mean 1, uniform is all ones
        assertThat(clean.confidence()).isEqualTo(1.0);
        assertThat(half.confidence()).isEqualTo(0.5);
        assertThat(SpanWeigher.byConfidence().weigh(List.of(clean, half))).containsExactly(4.0 / 3, 2.0 / 3);
        assertThat(SpanWeigher.uniform().weigh(List.of(clean, half))).containsExactly(1, 1);
        assertThat(SpanAnnotation.abstained(a, "no", "x").confidence()).isZero();
    }

    @Test
    void should_pass_the_weigher_s_weights_to_the_trainer() {
        DictionaryTrainer trainer = new DictionaryTrainer();
        SpanWeigher firstCounts = annotations -> {
            double[] w = new double[annotations.size()];
            w[0] = 2;
            return w;
        };
        try (SpanLoopResult result = loop(ENTROPY, new ScriptedSpanAnnotator(Set.of()), trainer, new ArrayList<>())
                .weigher(firstCounts).schedule(LoopSchedule.of(3, 0, 1)).build().run()) {
            assertThat(result.rounds()).hasSize(1);
            assertThat(trainer.weightsSeen).hasSize(1);
            assertThat(trainer.weightsSeen.get(0)).containsExactly(2, 0, 0);
        }
    }

    @Test
    void should_refuse_contradictory_or_missing_settings() {
        ScriptedSpanAnnotator annotator = new ScriptedSpanAnnotator(Set.of());
        Task sentiment = Task.singleLabel("sentiment", "neg", "pos");
        assertThatThrownBy(() -> loop(ENTROPY, annotator, new DictionaryTrainer(), new ArrayList<>()).task(sentiment).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("SPAN");
        Task other = Task.builder().name("other").kind(TaskKind.SPAN).label("ORG", "an organisation").build();
        assertThatThrownBy(() -> loop(ENTROPY, annotator, new DictionaryTrainer(), new ArrayList<>()).task(other).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("labels task 'ner'");
        assertThatThrownBy(() -> SpanActiveLoop.builder().task(NER).pool(pool()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("dev is required");
        List<SpanExample> leaking = List.of(SpanExample.of("n-0", "Zorba Kahn visited Quito today", List.of(), Split.DEV));
        assertThatThrownBy(() -> loop(ENTROPY, annotator, new DictionaryTrainer(), new ArrayList<>()).dev(leaking).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("dev text 'n-0' is also in the pool");
        assertThatThrownBy(() -> SpanActiveLoop.builder().chunkSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunkSize must be >= 1: 0");
    }

    @Test
    void should_refuse_an_annotator_that_marks_a_type_outside_the_task() {
        SpanAnnotator wrong = new ScriptedSpanAnnotator(Set.of()) {
            @Override
            public List<SpanAnnotation> annotate(List<Example> examples) {
                return examples.stream().map(e -> SpanAnnotation.of(e, List.of(Span.of(0, 1, "ORG")), name())).toList();
            }
        };
        assertThatThrownBy(() -> SpanActiveLoop.builder().task(NER).pool(pool()).dev(goldSet("d-", Split.DEV, 1)).annotator(wrong)
                .trainer(new DictionaryTrainer()).selector(ENTROPY).schedule(LoopSchedule.of(2, 0, 1)).seed(1).build().run())
                .isInstanceOf(dev.annotator.core.NonRetriableAnnotatorException.class).hasMessageContaining("ORG");
    }
}
