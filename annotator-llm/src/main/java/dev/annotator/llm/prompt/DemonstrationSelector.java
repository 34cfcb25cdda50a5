package dev.annotator.llm.prompt;

import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.embed.TextEmbedder;
import java.util.List;

/**
 * Chooses the labelled demonstrations shown in the prompt for a text. Implementations are
 * thread-safe and deterministic (the same text gets the same demonstrations, so a rerun builds the
 * same prompt and finds its answer in the store).
 */
@FunctionalInterface
public interface DemonstrationSelector {

    /**
     * @param example the text about to be labelled
     * @return its demonstrations, in the order they are shown (the most relevant last); never the
     *     example itself
     */
    List<LabelledExample> select(Example example);

    /** @return a selector that shows no demonstrations (zero-shot) */
    static DemonstrationSelector none() {
        return e -> List.of();
    }

    /**
     * The same demonstrations for every text (an example whose id is among them gets the others).
     *
     * @param demonstrations labelled examples, in the order shown
     * @return the selector
     */
    static DemonstrationSelector fixed(List<LabelledExample> demonstrations) {
        return new Demonstrations.Fixed(Demonstrations.requireLabelled(demonstrations, "demonstrations"));
    }

    /**
     * {@code k} demonstrations drawn at random from a pool for each text; the draw depends only on the
     * seed and the text's id, never on the order or concurrency of calls.
     *
     * @param pool gold examples to draw from
     * @param k how many per text; positive
     * @param seed the random seed
     * @return the selector
     */
    static DemonstrationSelector random(List<LabelledExample> pool, int k, long seed) {
        return new Demonstrations.Random(Demonstrations.requireLabelled(pool, "pool"), Demonstrations.requireK(k), seed);
    }

    /**
     * The {@code k} pool examples nearest to the text by cosine similarity under an embedder, the most
     * similar placed last (as in LLMAAA). The pool is embedded once, on first use.
     *
     * @param pool gold examples to choose from
     * @param k how many per text; positive
     * @param embedder the embedder; not closed by the selector
     * @return the selector
     */
    static DemonstrationSelector nearest(List<LabelledExample> pool, int k, TextEmbedder embedder) {
        return new Demonstrations.Nearest(Demonstrations.requireLabelled(pool, "pool"), Demonstrations.requireK(k),
                java.util.Objects.requireNonNull(embedder, "embedder"));
    }
}
