package dev.annotator.core.select;

import dev.annotator.core.data.Example;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.util.MathArrays;

/** Orderings shared by the built-in selectors. */
final class Ranking {
    private Ranking() {
    }

    /**
     * A seeded random rank per candidate (a permutation of 0..n-1), used to break ties without the
     * bias of pool order.
     */
    static int[] tieBreakers(SelectionContext context, int n) {
        int[] perm = MathArrays.natural(n);
        MathArrays.shuffle(perm, context.random());
        return perm;
    }

    /**
     * Indices of {@code scores} from highest to lowest, ties in seeded random order.
     */
    static List<Integer> descending(SelectionContext context, double[] scores) {
        int[] tie = tieBreakers(context, scores.length);
        List<Integer> order = new ArrayList<>(scores.length);
        for (int i = 0; i < scores.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> tie[i]));
        return order;
    }

    /** The examples at the first {@code limit} positions of {@code order}. */
    static List<Example> take(List<Example> candidates, List<Integer> order, int limit) {
        List<Example> out = new ArrayList<>(Math.min(limit, order.size()));
        for (int i = 0; i < order.size() && out.size() < limit; i++) {
            out.add(candidates.get(order.get(i)));
        }
        return out;
    }

    /** Uncertainties of all candidates, validated. */
    static double[] uncertainties(SelectionContext context, List<Example> candidates, UncertaintyMeasure measure) {
        var predictions = context.predictions(candidates);
        double[] scores = new double[candidates.size()];
        for (int i = 0; i < scores.length; i++) {
            double u = measure.uncertainty(predictions.get(i));
            if (!(u >= 0) || Double.isInfinite(u)) {
                throw new IllegalArgumentException("uncertainty measure '" + measure + "' gave " + u + " for example '"
                        + candidates.get(i).id() + "'; it must be finite and >= 0");
            }
            scores[i] = u;
        }
        return scores;
    }
}
