package dev.annotator.core.select;

import dev.annotator.core.data.Example;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.util.MathArrays;

/**
 * Greedy k-center coreset (Sener and Savarese 2018): repeatedly takes the candidate farthest (in
 * Euclidean distance between embeddings) from everything already labelled or already chosen, so the
 * labelled set covers the pool with the smallest radius the greedy 2-approximation finds.
 *
 * <p>The centres it starts from are the pool examples whose ids are labelled; labelled ids outside the
 * pool do not count (put those examples in the pool to make them count). With nothing labelled (cold
 * start) the first pick is a seeded random candidate. Equal distances are broken by a seeded random
 * order. Needs embeddings; needs no predictions. Cost: O(candidates × (labelled + batch) × dimension).
 * Immutable and thread-safe.
 */
public final class KCenterGreedySelector implements SampleSelector {
    static final KCenterGreedySelector INSTANCE = new KCenterGreedySelector();

    private KCenterGreedySelector() {
    }

    /**
     * The k-center selector.
     *
     * @return the selector
     */
    public static KCenterGreedySelector create() {
        return INSTANCE;
    }

    @Override
    public List<Example> select(SelectionContext context) {
        List<Example> candidates = context.candidates();
        List<double[]> vectors = context.embeddings(candidates, name());
        int n = candidates.size();
        int[] tie = Ranking.tieBreakers(context, n);
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        List<Example> labelled = context.labelledInPool();
        for (double[] centre : context.embeddings(labelled, name())) {
            update(nearest, vectors, centre);
        }
        boolean[] taken = new boolean[n];
        List<Example> out = new ArrayList<>();
        while (out.size() < Math.min(n, context.batchSize())) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (!taken[i] && (best < 0 || nearest[i] > nearest[best] || nearest[i] == nearest[best] && tie[i] < tie[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            out.add(candidates.get(best));
            update(nearest, vectors, vectors.get(best));
        }
        return out;
    }

    private static void update(double[] nearest, List<double[]> vectors, double[] centre) {
        for (int i = 0; i < nearest.length; i++) {
            nearest[i] = Math.min(nearest[i], MathArrays.distance(vectors.get(i), centre));
        }
    }

    @Override
    public String name() {
        return "kcenter";
    }

    @Override
    public String toString() {
        return name();
    }
}
