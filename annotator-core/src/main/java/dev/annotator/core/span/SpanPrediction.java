package dev.annotator.core.span;

import java.util.List;
import java.util.Objects;

/**
 * What a span student predicts for one text: the decoded spans, the tokens the student saw, and
 * each token's probability distribution over the student's BIO tags ({@link BioCodec#tags()}).
 *
 * <p>The per-token probabilities are what span-aware active learning scores (see
 * {@link SpanUncertainty#score(float[][], TokenOffsets)}); special tokens ({@link
 * TokenOffsets#isSpecial(int)}) carry rows too and are skipped by the scorer.
 *
 * @param spans the decoded spans, in {@link Span#ORDER}, non-overlapping
 * @param tokens the student's tokens with their character offsets in the text
 * @param tokenProbabilities one row per token of {@code tokens}, each a distribution over the tags
 */
public record SpanPrediction(List<Span> spans, TokenOffsets tokens, float[][] tokenProbabilities) {

    /**
     * Validates and copies the span list.
     *
     * @param spans the decoded spans
     * @param tokens the tokens
     * @param tokenProbabilities one row per token
     * @throws IllegalArgumentException when the number of rows differs from the number of tokens
     */
    public SpanPrediction {
        spans = List.copyOf(Objects.requireNonNull(spans, "spans"));
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(tokenProbabilities, "tokenProbabilities");
        if (tokenProbabilities.length != tokens.size()) {
            throw new IllegalArgumentException("tokenProbabilities has " + tokenProbabilities.length
                    + " rows but there are " + tokens.size() + " tokens");
        }
    }
}
