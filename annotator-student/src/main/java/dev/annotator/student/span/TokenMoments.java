package dev.annotator.student.span;

import dev.annotator.student.encoder.TokenEmbeddings;
import java.util.List;

/**
 * Per-dimension mean and standard deviation of the non-special token vectors of some texts: the
 * standardisation the span tagger and the span reweighter train their heads under (a deviation
 * below 1e-6 counts as 1).
 *
 * @param mean per-dimension mean
 * @param sd per-dimension standard deviation
 * @param tokens how many tokens were measured
 */
record TokenMoments(double[] mean, double[] sd, long tokens) {

    /**
     * Measures the non-special tokens of {@code texts}.
     *
     * @param texts embedded texts
     * @param dimension vector size
     * @return the moments; {@link #tokens()} is 0 (and mean 0, sd 1) when there were none
     */
    static TokenMoments of(List<TokenEmbeddings> texts, int dimension) {
        double[] mean = new double[dimension];
        double[] sd = new double[dimension];
        long count = 0;
        for (TokenEmbeddings e : texts) {
            for (int t = 0; t < e.size(); t++) {
                if (!e.tokens().isSpecial(t)) {
                    float[] x = e.vectors()[t];
                    for (int k = 0; k < dimension; k++) {
                        mean[k] += x[k];
                        sd[k] += (double) x[k] * x[k];
                    }
                    count++;
                }
            }
        }
        for (int k = 0; k < dimension; k++) {
            if (count == 0) {
                sd[k] = 1.0;
                continue;
            }
            mean[k] /= count;
            double var = sd[k] / count - mean[k] * mean[k];
            sd[k] = var > 1e-12 ? Math.sqrt(var) : 1.0;
        }
        return new TokenMoments(mean, sd, count);
    }
}
