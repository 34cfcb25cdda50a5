package dev.annotator.core.span;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.span.SpanUncertainty.Measure;
import dev.annotator.core.span.SpanUncertainty.Reduction;
import org.junit.jupiter.api.Test;

class SpanUncertaintyTest {
    // token entropies: 0, ln 2, ln 3 (sure, two-way, three-way); least confidence: 0, 1/2, 2/3
    private static final double[][] P = {
        {1, 0, 0},
        {0.5, 0.5, 0},
        {1 / 3.0, 1 / 3.0, 1 / 3.0},
    };

    @Test
    void should_aggregate_token_entropy_by_mean_sum_and_max() {
        double h = Math.log(2) + Math.log(3);
        assertThat(SpanUncertainty.of(Measure.ENTROPY, Reduction.MEAN).score(P)).isCloseTo(h / 3, within(1e-12));
        assertThat(SpanUncertainty.of(Measure.ENTROPY, Reduction.SUM).score(P)).isCloseTo(h, within(1e-12));
        assertThat(SpanUncertainty.of(Measure.ENTROPY, Reduction.MAX).score(P)).isCloseTo(Math.log(3), within(1e-12));
    }

    @Test
    void should_aggregate_least_confidence() {
        assertThat(SpanUncertainty.of(Measure.LEAST_CONFIDENCE, Reduction.MEAN).score(P)).isCloseTo((0.5 + 2 / 3.0) / 3,
                within(1e-12));
        assertThat(SpanUncertainty.of(Measure.LEAST_CONFIDENCE, Reduction.MAX).score(P)).isCloseTo(2 / 3.0, within(1e-12));
    }

    @Test
    void should_leave_out_special_tokens() {
        // given: the third token is a zero-length [SEP]
        TokenOffsets tokens = TokenOffsets.of(new int[][] {{0, 3}, {4, 6}, {0, 0}});

        // when / then
        assertThat(SpanUncertainty.of(Measure.ENTROPY, Reduction.MEAN).score(P, tokens)).isCloseTo(Math.log(2) / 2,
                within(1e-12));
        float[][] f = {{1, 0, 0}, {0.5f, 0.5f, 0}, {0.2f, 0.3f, 0.5f}};
        assertThat(SpanUncertainty.of(Measure.ENTROPY, Reduction.MAX).score(f, tokens)).isCloseTo(Math.log(2), within(1e-6));
    }

    @Test
    void should_score_an_empty_text_zero_and_reject_bad_rows() {
        SpanUncertainty u = SpanUncertainty.of(Measure.ENTROPY, Reduction.MEAN);
        assertThat(u.score(new double[0][])).isZero();
        assertThat(u).hasToString("mean-entropy");
        assertThatThrownBy(() -> u.score(new double[][] {{1.5, 0}})).hasMessageContaining("must be in [0, 1]: 1.5");
        assertThatThrownBy(() -> u.score(P, TokenOffsets.whitespace("a"))).hasMessageContaining("3 probability rows for 1");
    }
}
