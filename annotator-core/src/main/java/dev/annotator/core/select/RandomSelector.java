package dev.annotator.core.select;

import dev.annotator.core.data.Example;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.util.MathArrays;

/** Uniform sampling without replacement, seeded by the context. */
final class RandomSelector implements SampleSelector {
    static final RandomSelector INSTANCE = new RandomSelector();

    private RandomSelector() {
    }

    @Override
    public List<Example> select(SelectionContext context) {
        List<Example> candidates = context.candidates();
        int[] perm = MathArrays.natural(candidates.size());
        MathArrays.shuffle(perm, context.random());
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < perm.length && out.size() < context.batchSize(); i++) {
            out.add(candidates.get(perm[i]));
        }
        return out;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public String toString() {
        return name();
    }
}
