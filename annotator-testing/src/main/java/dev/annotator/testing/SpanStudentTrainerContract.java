package dev.annotator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.data.Split;
import dev.annotator.core.eval.SpanMetrics;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.span.SpanPrediction;
import dev.annotator.core.span.SpanStudentModel;
import dev.annotator.core.span.SpanStudentTrainer;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SpanStudentTrainer} honours. An implementation's test extends this
 * class and supplies a trainer for a seed; the tests then check that it fits a tiny span task, that
 * its model gives one prediction per text in order, with spans inside the text, non-overlapping and
 * typed by the task, and one tag distribution per token; that it is reproducible per seed, records
 * the task in its provenance, handles an empty batch, and rejects bad input (empty training set,
 * wrong number of weights, negative weights, unknown span types) with an
 * {@link IllegalArgumentException}.
 */
public abstract class SpanStudentTrainerContract {

    /** A one-type span task used by the contract: the surname after "Mr." is a {@code NAME}. */
    protected static final Task NAMES = Task.builder().name("contract-names").instruction("Mark the surname after Mr.")
            .label("NAME", "a surname").kind(TaskKind.SPAN).build();

    private static final String[] SURNAMES = {"Smith", "Brown", "Taylor", "Wilson", "Evans", "Walker", "Wright", "Hughes",
        "Green", "Hall"};
    private static final String[] TEMPLATES = {"Yesterday Mr. %s went to the market.", "We asked Mr. %s about the bridge.",
        "The letter from Mr. %s arrived on Monday."};

    /**
     * @param seed the seed the trainer must use
     * @return a trainer of the implementation under test
     */
    protected abstract SpanStudentTrainer trainer(long seed);

    /** @return the contract's training texts: 30 with a name, 3 without */
    protected static List<SpanExample> trainingTexts() {
        List<SpanExample> out = new ArrayList<>();
        for (int i = 0; i < SURNAMES.length; i++) {
            for (int t = 0; t < TEMPLATES.length; t++) {
                String text = String.format(TEMPLATES[t], SURNAMES[i]);
                int at = text.indexOf("Mr. ") + 4;
                out.add(SpanExample.of("c" + i + "-" + t, text, List.of(Span.of(at, at + SURNAMES[i].length(), "NAME")),
                        Split.TRAIN));
            }
        }
        out.add(SpanExample.of("none-1", "The weather in April was mild.", List.of(), Split.TRAIN));
        out.add(SpanExample.of("none-2", "Prices rose sharply last year.", List.of(), Split.TRAIN));
        out.add(SpanExample.of("none-3", "Our team won the final game.", List.of(), Split.TRAIN));
        return out;
    }

    private static List<String> texts(List<SpanExample> examples) {
        return examples.stream().map(SpanExample::text).toList();
    }

    @Test
    void should_fit_its_training_texts_and_predict_valid_spans_and_token_distributions() {
        List<SpanExample> train = trainingTexts();
        try (SpanStudentModel model = trainer(1).train(NAMES, train, List.of())) {
            List<String> texts = new ArrayList<>(texts(train));
            texts.add("");
            List<SpanPrediction> p = model.predictBatch(texts);

            assertThat(p).hasSize(texts.size());
            List<List<Span>> predicted = p.subList(0, train.size()).stream().map(SpanPrediction::spans).toList();
            assertThat(SpanMetrics.evaluate(NAMES, SpanMetrics.goldSpans(train), predicted).f1()).isGreaterThan(0.8);
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                SpanPrediction pi = p.get(i);
                Span previous = null;
                for (Span s : pi.spans()) {
                    assertThat(s.end()).as("text %d span %s", i, s).isLessThanOrEqualTo(text.length());
                    assertThat(NAMES.hasLabel(s.type())).as("type of %s", s).isTrue();
                    if (previous != null) {
                        assertThat(previous.overlaps(s)).as("%s and %s", previous, s).isFalse();
                        assertThat(Span.ORDER.compare(previous, s)).isNegative();
                    }
                    previous = s;
                }
                for (float[] row : pi.tokenProbabilities()) {
                    assertThat(row).hasSize(1 + 2 * NAMES.labelCount());
                    float sum = 0;
                    for (float x : row) {
                        assertThat(x).isBetween(0f, 1f);
                        sum += x;
                    }
                    assertThat(sum).isCloseTo(1f, within(1e-3f));
                }
            }
            assertThat(p.get(texts.size() - 1).spans()).isEmpty();
            assertThat(model.task()).isEqualTo(NAMES);
            assertThat(model.provenance().taskName()).isEqualTo(NAMES.name());
            assertThat(model.predictBatch(List.of())).isEmpty();
        }
    }

    @Test
    void should_train_the_same_model_from_the_same_seed() {
        List<SpanExample> train = trainingTexts();
        String probe = "We asked Mr. Hill about the market.";
        try (SpanStudentModel a = trainer(7).train(NAMES, train, List.of());
                SpanStudentModel b = trainer(7).train(NAMES, train, List.of())) {
            SpanPrediction pa = a.predict(probe);
            SpanPrediction pb = b.predict(probe);
            assertThat(pa.spans()).isEqualTo(pb.spans());
            assertThat(Arrays.deepEquals(pa.tokenProbabilities(), pb.tokenProbabilities())).isTrue();
        }
    }

    @Test
    void should_reject_bad_input_with_illegal_argument_exceptions() {
        SpanStudentTrainer t = trainer(1);
        List<SpanExample> train = trainingTexts();
        assertThatThrownBy(() -> t.train(NAMES, List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.train(NAMES, train, new double[train.size() - 1], List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        double[] negative = new double[train.size()];
        Arrays.fill(negative, 1.0);
        negative[0] = -1;
        assertThatThrownBy(() -> t.train(NAMES, train, negative, List.of())).isInstanceOf(IllegalArgumentException.class);
        List<SpanExample> unknown = List.of(SpanExample.of("u", "Mr. Smith left.", List.of(Span.of(4, 9, "CITY")), Split.TRAIN));
        assertThatThrownBy(() -> t.train(NAMES, unknown, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CITY");
    }
}
