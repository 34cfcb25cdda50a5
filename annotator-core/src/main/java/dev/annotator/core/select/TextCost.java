package dev.annotator.core.select;

import dev.annotator.core.data.Example;

/**
 * What annotating a text is expected to cost, in any unit the budget uses (tokens by default).
 * Implementations return a finite, positive number and are thread-safe.
 */
@FunctionalInterface
public interface TextCost {

    /**
     * @param example the text to annotate
     * @return its expected cost; finite and positive
     */
    double cost(Example example);

    /**
     * Estimated tokens: {@code ceil(code points / 4)}, at least 1 (the usual rule of thumb for
     * English with BPE tokenizers). Prompt overhead that is the same for every text is left out, as
     * it does not change which texts are cheaper.
     *
     * @return the cost function
     */
    static TextCost charsOver4() {
        return CharsOver4.INSTANCE;
    }
}

/** {@link TextCost#charsOver4()}. */
enum CharsOver4 implements TextCost {
    INSTANCE;

    @Override
    public double cost(Example example) {
        String t = example.text();
        return Math.max(1, Math.ceil(t.codePointCount(0, t.length()) / 4.0));
    }

    @Override
    public String toString() {
        return "chars/4";
    }
}
