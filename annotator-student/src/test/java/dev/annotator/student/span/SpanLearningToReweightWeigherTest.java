package dev.annotator.student.span;

import static dev.annotator.student.span.SpanFixtures.NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.data.Example;
import dev.annotator.core.data.Split;
import dev.annotator.core.pipeline.LoopSchedule;
import dev.annotator.core.pipeline.SpanActiveLoop;
import dev.annotator.core.pipeline.SpanLoopResult;
import dev.annotator.core.select.SpanSelector;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanAnnotation;
import dev.annotator.core.span.SpanAnnotator;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.span.SpanStudentTrainer;
import dev.annotator.core.task.Task;
import dev.annotator.core.weigh.SpanWeigher;
import dev.annotator.student.internal.Reweighting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpanLearningToReweightWeigherTest {
    static final String[] TEMPLATES = {"Yesterday %s went to the market in Boston.", "The letter from %s arrived on Monday.",
        "We asked %s about the new bridge.", "Everyone agreed that %s was right about the budget.",
        "After dinner %s read the paper quietly.", "Paris was cold when %s arrived.", "On Friday %s called the mayor of Denver.",
        "They said %s had sold the farm.", "Nobody in London knew where %s lived.", "The committee thanked %s for his report."};
    static final String[] NAMES = {"Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Roberts",
        "Walker", "Wright", "Thompson", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Lewis", "Martin", "Jackson",
        "Clarke", "Turner", "Hill", "Moore", "Cooper", "Ward", "Morris", "King", "Baker", "Harrison", "Morgan"};

    /** "Mr. Smith" / "Mrs. Smith" put into a template; the surname is the one NAME span. */
    static SpanExample named(String id, int template, int name, boolean mrs, Split split) {
        String person = (mrs ? "Mrs. " : "Mr. ") + NAMES[name % NAMES.length];
        String text = String.format(TEMPLATES[template % TEMPLATES.length], person);
        int at = text.indexOf(person) + (mrs ? 5 : 4);
        return SpanExample.of(id, text, List.of(Span.of(at, at + NAMES[name % NAMES.length].length(), "NAME")), split);
    }

    /** The annotation of a text, corrupted by kind: 0 clean, 1 span missing, 2 span on the sentence's first word. */
    static SpanAnnotation annotate(SpanExample e, int corruption) {
        Example ex = Example.of(e.id(), e.text());
        return switch (corruption) {
            case 0 -> SpanAnnotation.of(ex, e.spans(), "noisy");
            case 1 -> SpanAnnotation.of(ex, List.of(), "noisy");
            default -> SpanAnnotation.of(ex, List.of(Span.of(0, e.text().indexOf(' '), "NAME")), "noisy");
        };
    }

    static List<SpanExample> gold() {
        List<SpanExample> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.add(named("g" + i, i + 5, 31 - i, i % 3 == 0, Split.DEV));
        }
        return out;
    }

    @Test
    void text_influence_should_match_finite_differences_of_the_virtual_step() {
        SplittableRandom rng = new SplittableRandom(13);
        int d = 5;
        int c = 3;
        // 4 texts of 3, 1, 4 and 0 tokens
        int[][] textTokens = {{0, 1, 2}, {3}, {4, 5, 6, 7}, {}};
        SpanLearningToReweightWeigher.TokenRows train = new SpanLearningToReweightWeigher.TokenRows(randomRows(rng, 8, d, c),
                textTokens);
        Reweighting.Rows gold = randomRows(rng, 6, d, c);
        Reweighting.Linear model = new Reweighting.Linear(d, c, false);
        for (int k = 0; k < model.w.length; k++) {
            model.w[k] = rng.nextDouble(-1, 1);
        }
        for (int j = 0; j < c; j++) {
            model.b[j] = rng.nextDouble(-1, 1);
        }
        int[] batch = {0, 1, 2, 3};
        int[] tokens = train.tokensOf(batch);
        int[] goldAll = {0, 1, 2, 3, 4, 5};
        double eta = 0.2;
        double[] s = SpanLearningToReweightWeigher.textInfluence(model, train, batch, tokens, gold, goldAll,
                new Reweighting.Gradient(d, c));

        double h = 1e-5;
        for (int i = 0; i < batch.length; i++) {
            // epsilon_i scales every token loss of text i (a text's loss is the sum of its token losses)
            double[] plus = new double[tokens.length];
            double[] minus = new double[tokens.length];
            for (int k = 0; k < tokens.length; k++) {
                int token = tokens[k];
                if (Arrays.stream(textTokens[i]).anyMatch(t -> t == token)) {
                    plus[k] = h;
                    minus[k] = -h;
                }
            }
            Reweighting.Linear up = model.copy();
            up.step(train.rows, tokens, plus, eta);
            Reweighting.Linear down = model.copy();
            down.step(train.rows, tokens, minus, eta);
            double derivative = (Reweighting.loss(up, gold, goldAll) - Reweighting.loss(down, gold, goldAll)) / (2 * h);
            // -dL_gold/d eps_i = eta * sum over text i's tokens of (p_t - y_t)^T (G x_t + g_b)
            assertThat(-derivative).as("text %d", i).isCloseTo(eta * s[i], within(1e-7));
        }
        assertThat(Math.abs(s[0])).isGreaterThan(1e-4);
        assertThat(Math.abs(s[2])).isGreaterThan(1e-4);
        assertThat(s[3]).isZero();
    }

    @Test
    void should_give_corrupted_texts_lower_weight_than_clean_ones() {
        // given 60 annotated texts, 30% with the surname span missing or put on the wrong word
        List<SpanAnnotation> annotated = new ArrayList<>();
        int[] corruption = new int[60];
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < 60; i++) {
            corruption[i] = i % 10 < 3 ? 1 + i % 2 : 0;
            SpanExample e = named("a" + i, rng.nextInt(TEMPLATES.length), rng.nextInt(NAMES.length), rng.nextBoolean(),
                    Split.TRAIN);
            annotated.add(annotate(e, corruption[i]));
        }
        SpanWeigher weigher = SpanLearningToReweightWeigher.builder(NAME, SpanFixtures.encoder()).gold(gold()).epochs(5)
                .batchSize(10).seed(1).build();

        // when
        double[] w = weigher.weigh(annotated);

        // then the weights have mean 1 and the corrupted texts get clearly less
        assertThat(w).hasSize(60);
        assertThat(Arrays.stream(w).average().orElseThrow()).isCloseTo(1.0, within(1e-9));
        double[] sum = new double[3];
        int[] count = new int[3];
        for (int i = 0; i < 60; i++) {
            assertThat(w[i]).isFinite().isNotNegative();
            sum[corruption[i]] += w[i];
            count[corruption[i]]++;
        }
        double meanClean = sum[0] / count[0];
        double meanNoisy = (sum[1] + sum[2]) / (count[1] + count[2]);
        double meanMissing = sum[1] / count[1];
        double meanWrong = sum[2] / count[2];
        // (seeds 1-4 gave clean about 1.33, missing 0.38-0.46, wrong 0.04-0.07)
        assertThat(meanNoisy).as("corrupted %s vs clean %s", meanNoisy, meanClean).isLessThan(0.5 * meanClean);
        assertThat(meanMissing).as("span missing %s vs clean %s", meanMissing, meanClean).isLessThan(0.6 * meanClean);
        assertThat(meanWrong).as("span on the wrong word %s vs clean %s", meanWrong, meanClean).isLessThan(0.3 * meanClean);
        // and the same input and seed give the same weights
        assertThat(weigher.weigh(annotated)).containsExactly(w);
    }

    @Test
    void should_refuse_bad_input_with_typed_errors() {
        var encoder = SpanFixtures.encoder();
        Task classification = Task.singleLabel("toy", "a", "b");
        assertThatThrownBy(() -> SpanLearningToReweightWeigher.builder(classification, encoder))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a span task");
        var builder = SpanLearningToReweightWeigher.builder(NAME, encoder);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("gold");
        assertThatThrownBy(() -> builder.gold(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        SpanExample place = SpanExample.of("p", "Snow in Denver.", List.of(Span.of(8, 14, "PLACE")), Split.DEV);
        assertThatThrownBy(() -> builder.gold(List.of(place))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PLACE");
        assertThatThrownBy(() -> builder.epochs(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.batchSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.goldBatchSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.learningRate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.learningRate(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.learningRate(0)).isInstanceOf(IllegalArgumentException.class);

        SpanWeigher weigher = builder.gold(gold()).build();
        assertThat(weigher.weigh(List.of())).isEmpty();
        Example text = Example.of("x", "Snow in Denver.");
        assertThatThrownBy(() -> weigher.weigh(List.of(SpanAnnotation.of(text, List.of(Span.of(8, 14, "PLACE")), "noisy"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PLACE");
        assertThatThrownBy(() -> weigher.weigh(List.of(SpanAnnotation.abstained(text, "no answer", "noisy"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("abstention");
    }

    @Test
    void should_run_as_the_weigher_of_the_span_active_loop() {
        // given a pool of 30 texts whose annotator corrupts every third answer
        List<Example> pool = new ArrayList<>();
        Map<String, SpanAnnotation> answers = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            SpanExample e = named("p" + i, i, i * 7, i % 2 == 0, Split.TRAIN);
            pool.add(Example.of(e.id(), e.text()));
            answers.put(e.id(), annotate(e, i % 3 == 0 ? 1 + i % 2 : 0));
        }
        SpanAnnotator annotator = new SpanAnnotator() {
            @Override
            public String name() {
                return "noisy";
            }

            @Override
            public Task task() {
                return NAME;
            }

            @Override
            public List<SpanAnnotation> annotate(List<Example> examples) {
                return examples.stream().map(x -> answers.get(x.id())).toList();
            }
        };
        List<double[]> seen = new ArrayList<>();
        SpanWeigher reweight = SpanLearningToReweightWeigher.builder(NAME, SpanFixtures.encoder()).gold(gold()).epochs(3)
                .seed(2).build();
        SpanWeigher recording = annotations -> {
            double[] w = reweight.weigh(annotations);
            seen.add(w);
            return w;
        };

        SpanTaggerTrainer tagger = SpanTaggerTrainer.builder(SpanFixtures.encoder()).epochs(5).seed(3).build();
        List<double[]> trainedOn = new ArrayList<>();
        SpanStudentTrainer trainer = (task, train, weights, dev) -> {
            trainedOn.add(weights.clone());
            return tagger.train(task, train, weights, dev);
        };

        // when the loop runs two rounds with it as the weigher
        try (SpanLoopResult result = SpanActiveLoop.builder().task(NAME).pool(pool).dev(gold()).annotator(annotator)
                .selector(SpanSelector.random()).weigher(recording).trainer(trainer)
                .schedule(LoopSchedule.of(10, 1, 10)).seed(5).build().run()) {

            // then every round trained on its weights: one per labelled text, mean 1
            assertThat(result.rounds()).hasSize(2);
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0)).hasSize(10);
            assertThat(seen.get(1)).hasSize(20);
            for (double[] w : seen) {
                assertThat(Arrays.stream(w).average().orElseThrow()).isCloseTo(1.0, within(1e-9));
            }
            assertThat(trainedOn).hasSize(2);
            for (int round = 0; round < 2; round++) {
                assertThat(trainedOn.get(round)).as("round %d", round).containsExactly(seen.get(round));
            }
            // and the weights are not uniform: the weigher, not a default, decided them
            assertThat(Arrays.stream(trainedOn.get(1)).anyMatch(x -> Math.abs(x - 1.0) > 1e-6)).isTrue();
            assertThat(result.student()).isPresent();
            assertThat(result.rounds().get(1).dev()).isPresent();
        }
    }

    private static Reweighting.Rows randomRows(SplittableRandom rng, int n, int d, int c) {
        int[][] idx = new int[n][];
        double[][] val = new double[n][];
        double[][] y = new double[n][];
        int[] all = {0, 1, 2, 3, 4};
        for (int i = 0; i < n; i++) {
            idx[i] = Arrays.copyOf(all, d);
            val[i] = new double[d];
            for (int k = 0; k < d; k++) {
                val[i][k] = rng.nextDouble(-1.5, 1.5);
            }
            y[i] = new double[c];
            y[i][rng.nextInt(c)] = 1;
        }
        return new Reweighting.Rows(idx, val, y);
    }
}
