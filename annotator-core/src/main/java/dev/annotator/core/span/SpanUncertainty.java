package dev.annotator.core.span;

import java.util.Objects;

/**
 * How uncertain a token tagger is about a whole text, for choosing which texts to annotate next
 * (LLMAAA's token-level active learning for NER): a per-token measure over the tag distribution,
 * reduced over the text's tokens. Immutable and thread-safe.
 *
 * <p>Per token ({@link Measure}): the entropy {@code -Σ p log p} (natural log) or the least
 * confidence {@code 1 - max p} of the token's tag distribution. Per text ({@link Reduction}): the
 * mean, sum or max over tokens. Mean is neutral to length; sum favours long texts (more to learn,
 * but more to pay for); max picks the single most doubtful token. Special (zero-length) tokens are
 * left out when {@link TokenOffsets} are given; a text without tokens has uncertainty 0.
 *
 * <pre>{@code
 * SpanUncertainty u = SpanUncertainty.of(Measure.ENTROPY, Reduction.MEAN);
 * double score = u.score(student.tagProbabilities(text), tokens);   // higher = ask the annotator
 * }</pre>
 */
public final class SpanUncertainty {
    /** What is measured per token. */
    public enum Measure {
        /** {@code -Σ p log p} over the tags, natural log; in [0, log tags]. */
        ENTROPY,
        /** {@code 1 - max p}; in [0, 1 - 1/tags]. */
        LEAST_CONFIDENCE
    }

    /** How token uncertainties become one number per text. */
    public enum Reduction {
        /** The mean over tokens. */
        MEAN,
        /** The sum over tokens. */
        SUM,
        /** The maximum over tokens. */
        MAX
    }

    private final Measure measure;
    private final Reduction reduction;

    private SpanUncertainty(Measure measure, Reduction reduction) {
        this.measure = measure;
        this.reduction = reduction;
    }

    /**
     * An uncertainty.
     *
     * @param measure per token
     * @param reduction over tokens
     * @return the uncertainty
     */
    public static SpanUncertainty of(Measure measure, Reduction reduction) {
        return new SpanUncertainty(Objects.requireNonNull(measure, "measure"), Objects.requireNonNull(reduction, "reduction"));
    }

    /** @return the per-token measure */
    public Measure measure() {
        return measure;
    }

    /** @return the reduction over tokens */
    public Reduction reduction() {
        return reduction;
    }

    /**
     * The uncertainty of one token's tag distribution.
     *
     * @param probabilities the token's tag probabilities, each in [0, 1]
     * @return the measure, 0 or more
     * @throws IllegalArgumentException when the row is empty or a probability is outside [0, 1]
     */
    public double token(double[] probabilities) {
        Objects.requireNonNull(probabilities, "probabilities");
        if (probabilities.length == 0) {
            throw new IllegalArgumentException("a token needs at least one tag probability");
        }
        double max = 0;
        double h = 0;
        for (double p : probabilities) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("tag probability must be in [0, 1]: " + p);
            }
            max = Math.max(max, p);
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        return Math.max(0, measure == Measure.ENTROPY ? h : 1 - max);
    }

    /**
     * The text's uncertainty over all rows.
     *
     * @param probabilities one row of tag probabilities per token
     * @return the reduced uncertainty; 0 for no tokens
     */
    public double score(double[][] probabilities) {
        Objects.requireNonNull(probabilities, "probabilities");
        return reduce(probabilities, null);
    }

    /**
     * The text's uncertainty over its non-special tokens.
     *
     * @param probabilities one row of tag probabilities per token
     * @param tokens the tokens' offsets; zero-length tokens are left out
     * @return the reduced uncertainty; 0 when no token counts
     * @throws IllegalArgumentException when there are not as many rows as tokens
     */
    public double score(double[][] probabilities, TokenOffsets tokens) {
        Objects.requireNonNull(probabilities, "probabilities");
        Objects.requireNonNull(tokens, "tokens");
        if (probabilities.length != tokens.size()) {
            throw new IllegalArgumentException("got " + probabilities.length + " probability rows for " + tokens.size() + " tokens");
        }
        return reduce(probabilities, tokens);
    }

    /**
     * The text's uncertainty over its non-special tokens, from scores as ONNX Runtime returns them.
     *
     * @param probabilities one row of tag probabilities per token
     * @param tokens the tokens' offsets; zero-length tokens are left out
     * @return the reduced uncertainty; 0 when no token counts
     * @throws IllegalArgumentException when there are not as many rows as tokens
     */
    public double score(float[][] probabilities, TokenOffsets tokens) {
        Objects.requireNonNull(probabilities, "probabilities");
        double[][] d = new double[probabilities.length][];
        for (int i = 0; i < d.length; i++) {
            float[] row = Objects.requireNonNull(probabilities[i], "probability row");
            d[i] = new double[row.length];
            for (int j = 0; j < row.length; j++) {
                d[i][j] = row[j];
            }
        }
        return score(d, tokens);
    }

    private double reduce(double[][] probabilities, TokenOffsets tokens) {
        double sum = 0;
        double max = 0;
        int n = 0;
        for (int i = 0; i < probabilities.length; i++) {
            if (tokens != null && tokens.isSpecial(i)) {
                continue;
            }
            double u = token(Objects.requireNonNull(probabilities[i], "probability row"));
            sum += u;
            max = Math.max(max, u);
            n++;
        }
        if (n == 0) {
            return 0;
        }
        switch (reduction) {
            case MEAN:
                return sum / n;
            case SUM:
                return sum;
            default:
                return max;
        }
    }

    @Override
    public String toString() {
        return reduction.name().toLowerCase(java.util.Locale.ROOT) + "-" + measure.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', '-');
    }
}
