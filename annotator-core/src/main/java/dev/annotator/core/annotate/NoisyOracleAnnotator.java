package dev.annotator.core.annotate;

import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.internal.Digests;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded simulated teacher for benchmarks and tests: it knows the gold labels and answers them,
 * except that it flips a given fraction of its answers at random, the way a noisy LLM or a careless
 * crowd worker would.
 *
 * <p>Single-label: with probability {@code flipRate} the answer is another label, chosen uniformly
 * among the other labels. Multi-label: each label's membership is flipped independently with
 * probability {@code flipRate}. The coin for an example is seeded by the oracle's seed and the
 * example's id only, so an answer does not depend on batch composition, order or how often it is
 * asked: the same id always gets the same answer. Examples without a gold label are abstained on.
 *
 * <p>Answers are one-hot (hard labels) with confidence {@code 1 - flipRate}, the probability that an
 * answer is right; each costs {@link Builder#costPerAnswer(Cost)} ({@link Cost#FREE} by default), so
 * money budgets can be simulated. The noise is declared in {@link #name()}, e.g.
 * {@code oracle:flip=0.3,seed=7}, and so in every annotation's source and run record.
 *
 * <p>Immutable and thread-safe.
 */
public final class NoisyOracleAnnotator implements Annotator {
    private final Task task;
    private final Map<String, List<String>> gold;
    private final double flipRate;
    private final long seed;
    private final Cost costPerAnswer;
    private final String name;

    private NoisyOracleAnnotator(Builder b) {
        this.task = b.task;
        this.gold = Map.copyOf(b.gold);
        this.flipRate = b.flipRate;
        this.seed = b.seed;
        this.costPerAnswer = b.costPerAnswer;
        this.name = String.format(Locale.ROOT, "oracle:flip=%s,seed=%d", trim(flipRate), seed);
    }

    private static String trim(double d) {
        String s = Double.toString(d);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /**
     * Starts an oracle for a task.
     *
     * @param task the task whose labels it gives
     * @return a builder
     */
    public static Builder builder(Task task) {
        return new Builder(task);
    }

    @Override
    public Task task() {
        return task;
    }

    /** @return {@code oracle:flip=F,seed=S} */
    @Override
    public String name() {
        return name;
    }

    /** @return the fraction of answers flipped */
    public double flipRate() {
        return flipRate;
    }

    /** @return the seed of the flips */
    public long seed() {
        return seed;
    }

    @Override
    public List<Annotation> annotate(List<Example> examples) {
        Set<String> ids = new java.util.HashSet<>();
        List<Annotation> out = new ArrayList<>(examples.size());
        for (Example e : examples) {
            Objects.requireNonNull(e, "example");
            if (!ids.add(e.id())) {
                throw new IllegalArgumentException("example id '" + e.id() + "' repeats in the batch given to " + name);
            }
            out.add(answer(e));
        }
        return List.copyOf(out);
    }

    private Annotation answer(Example e) {
        List<String> truth = gold.get(e.id());
        if (truth == null) {
            return Annotation.abstained(e.id(), "no gold label for example '" + e.id() + "'", name, costPerAnswer);
        }
        SplittableRandom rnd = new SplittableRandom(mix(seed, e.id()));
        Set<String> answer = new LinkedHashSet<>();
        if (task.isMultiLabel()) {
            for (String l : task.labelNames()) {
                boolean in = truth.contains(l);
                if (rnd.nextDouble() < flipRate) {
                    in = !in;
                }
                if (in) {
                    answer.add(l);
                }
            }
        } else {
            String label = truth.get(0);
            if (rnd.nextDouble() < flipRate) {
                List<String> others = new ArrayList<>(task.labelNames());
                others.remove(label);
                label = others.get(rnd.nextInt(others.size()));
            }
            answer.add(label);
        }
        LabelDistribution d = LabelDistribution.ofLabels(task, answer);
        return Annotation.labelled(e.id(), d, List.copyOf(answer), 1 - flipRate, name, costPerAnswer);
    }

    /** A stable 64-bit seed for one example: the first 8 bytes of SHA-256(seed, id). */
    private static long mix(long seed, String id) {
        MessageDigest md = Digests.sha256();
        md.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
        md.update(id.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(md.digest()).getLong();
    }

    @Override
    public String toString() {
        return "NoisyOracleAnnotator[" + name + ", " + gold.size() + " gold labels]";
    }

    /** Builder for {@link NoisyOracleAnnotator}; not thread-safe. */
    public static final class Builder {
        private final Task task;
        private final Map<String, List<String>> gold = new HashMap<>();
        private double flipRate;
        private Long seed;
        private Cost costPerAnswer = Cost.FREE;

        private Builder(Task task) {
            this.task = Objects.requireNonNull(task, "task");
        }

        /**
         * Adds the gold labels of rows; unlabelled rows are skipped.
         *
         * @param rows labelled rows of the task
         * @return this builder
         * @throws IllegalArgumentException when a label is not one of the task's, a single-label row has
         *     more than one label, or an id was already given another gold label
         */
        public Builder gold(List<LabelledExample> rows) {
            for (LabelledExample r : rows) {
                if (r.isLabelled()) {
                    gold(r.id(), r.labels());
                }
            }
            return this;
        }

        /**
         * Adds one example's gold labels.
         *
         * @param exampleId the example
         * @param labels its gold labels; exactly one for a single-label task
         * @return this builder
         * @throws IllegalArgumentException when a label is not one of the task's, a single-label task
         *     gets other than one label, or the id was already given other labels
         */
        public Builder gold(String exampleId, List<String> labels) {
            Objects.requireNonNull(exampleId, "exampleId");
            List<String> copy = List.copyOf(labels);
            if (!task.isMultiLabel() && copy.size() != 1) {
                throw new IllegalArgumentException("gold of example '" + exampleId + "' needs exactly one label for task '"
                        + task.name() + "': " + copy);
            }
            for (String l : copy) {
                if (!task.hasLabel(l)) {
                    throw new IllegalArgumentException("gold label '" + l + "' of example '" + exampleId
                            + "' is not a label of task '" + task.name() + "' " + task.labelNames());
                }
            }
            List<String> earlier = gold.putIfAbsent(exampleId, copy);
            if (earlier != null && !earlier.equals(copy)) {
                throw new IllegalArgumentException("example '" + exampleId + "' has two gold labelings: " + earlier + " and " + copy);
            }
            return this;
        }

        /**
         * @param flipRate the fraction of answers flipped, in [0, 1); default 0
         * @return this builder
         * @throws IllegalArgumentException when out of range
         */
        public Builder flipRate(double flipRate) {
            if (!(flipRate >= 0 && flipRate < 1)) {
                throw new IllegalArgumentException("flipRate must be in [0, 1): " + flipRate);
            }
            this.flipRate = flipRate;
            return this;
        }

        /**
         * @param seed the seed of the flips; required
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param cost what each answer (abstentions included) costs; default {@link Cost#FREE}
         * @return this builder
         */
        public Builder costPerAnswer(Cost cost) {
            this.costPerAnswer = Objects.requireNonNull(cost, "cost");
            return this;
        }

        /**
         * Builds the oracle.
         *
         * @return the oracle
         * @throws IllegalStateException when no seed or no gold label was given, or a single-label task
         *     has fewer than two labels to flip between
         */
        public NoisyOracleAnnotator build() {
            if (seed == null) {
                throw new IllegalStateException("noisy oracle needs an explicit seed");
            }
            if (gold.isEmpty()) {
                throw new IllegalStateException("noisy oracle needs gold labels: call gold(rows)");
            }
            if (!task.isMultiLabel() && flipRate > 0 && task.labelCount() < 2) {
                throw new IllegalStateException("task '" + task.name() + "' has one label; there is nothing to flip to");
            }
            return new NoisyOracleAnnotator(this);
        }
    }
}
