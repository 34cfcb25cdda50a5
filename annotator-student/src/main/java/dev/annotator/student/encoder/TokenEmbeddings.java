package dev.annotator.student.encoder;

import dev.annotator.core.span.TokenOffsets;
import java.util.Objects;

/**
 * The contextual token embeddings of one text from an {@link OnnxTokenEncoder}: the encoder's last
 * hidden state for each wordpiece token, with the tokens' character offsets.
 *
 * @param tokens the tokens' offsets into the text; special tokens ({@code [CLS]}, {@code [SEP]}) are
 *     zero-length
 * @param vectors one vector of {@link OnnxTokenEncoder#dimension()} floats per token
 * @param truncated whether the text had more tokens than {@link OnnxTokenEncoder#maxLength()}:
 *     characters after the last token were not encoded
 */
public record TokenEmbeddings(TokenOffsets tokens, float[][] vectors, boolean truncated) {

    /**
     * Validates.
     *
     * @param tokens the tokens' offsets
     * @param vectors one vector per token
     * @param truncated whether the text was truncated
     * @throws IllegalArgumentException when there is not one vector per token
     */
    public TokenEmbeddings {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(vectors, "vectors");
        if (vectors.length != tokens.size()) {
            throw new IllegalArgumentException(vectors.length + " vectors for " + tokens.size() + " tokens");
        }
    }

    /** @return the number of tokens, special ones included */
    public int size() {
        return vectors.length;
    }
}
