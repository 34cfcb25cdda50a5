package dev.annotator.core.embed;

import java.util.List;

/**
 * Maps texts to fixed-length vectors such that similar texts lie close together. Used to find the
 * nearest gold examples (demonstrations, the k-NN annotator), to pick diverse samples, and as the
 * frozen encoder of the strong student.
 *
 * <p>Implementations are thread-safe. Those holding native sessions or remote clients release them in
 * {@link #close()}.
 */
public interface TextEmbedder extends AutoCloseable {

    /** @return the length of every vector this embedder returns */
    int dimension();

    /**
     * @return a stable identifier of the model and its settings (e.g. {@code all-MiniLM-L6-v2:norm}),
     *     so caches never mix vectors of different embedders
     */
    String name();

    /**
     * Embeds texts.
     *
     * @param texts the texts, in any order; none may be null
     * @return one vector of length {@link #dimension()} per text, in the same order
     */
    List<float[]> embedAll(List<String> texts);

    /**
     * Embeds one text.
     *
     * @param text the text
     * @return its vector
     */
    default float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /** Releases what the embedder holds; the default holds nothing. */
    @Override
    default void close() {
    }
}
