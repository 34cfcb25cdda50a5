package dev.annotator.core.select;

import dev.annotator.core.data.Example;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.task.LabelDistribution;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Everything a {@link SampleSelector} may look at in one round: the pool, the ids already labelled,
 * the current student's predictions (or the student to compute them), embeddings, the batch size and
 * a seed. Built by a pipeline once per round:
 *
 * <pre>{@code
 * EmbeddingCache embeddings = EmbeddingCache.of(embedder);          // once per pool, reused every round
 * SelectionContext context = SelectionContext.builder()
 *         .pool(pool).labelledIds(labelled).batchSize(50).seed(seed + round)
 *         .student(student)                                          // omit in round 0 (cold start)
 *         .embeddings(embeddings)
 *         .build();
 * List<Example> batch = selector.select(context);
 * }</pre>
 *
 * <p>The {@linkplain #candidates() candidates} are the pool's examples whose ids are not labelled.
 * Predictions given by a student are computed lazily, only for the examples a selector asks about,
 * and memoised for the life of the context (and of contexts derived from it by
 * {@link #restrictedTo(List)}). Thread-safe.
 */
public final class SelectionContext {
    private static final int PREDICTION_CHUNK = 256;

    private final List<Example> pool;
    private final Map<String, Integer> poolIndex;
    private final Set<String> labelledIds;
    private final List<Example> candidates;
    private final int batchSize;
    private final long seed;
    private final EmbeddingCache embeddings;
    private final StudentModel student;
    private final Map<String, LabelDistribution> predictions;

    private SelectionContext(List<Example> pool, Map<String, Integer> poolIndex, Set<String> labelledIds,
            List<Example> candidates, int batchSize, long seed, EmbeddingCache embeddings, StudentModel student,
            Map<String, LabelDistribution> predictions) {
        this.pool = pool;
        this.poolIndex = poolIndex;
        this.labelledIds = labelledIds;
        this.candidates = candidates;
        this.batchSize = batchSize;
        this.seed = seed;
        this.embeddings = embeddings;
        this.student = student;
        this.predictions = predictions;
    }

    /**
     * Starts a context.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the whole pool, labelled or not, in input order */
    public List<Example> pool() {
        return pool;
    }

    /** @return the ids already labelled (by any annotator, or gold); never selected again */
    public Set<String> labelledIds() {
        return labelledIds;
    }

    /** @return the pool's examples that are not labelled, in pool order: what a selector chooses from */
    public List<Example> candidates() {
        return candidates;
    }

    /**
     * @return the pool's examples whose ids are labelled, in pool order (labelled ids outside the pool
     *     are not among them)
     */
    public List<Example> labelledInPool() {
        List<Example> out = new ArrayList<>();
        for (Example e : pool) {
            if (labelledIds.contains(e.id())) {
                out.add(e);
            }
        }
        return out;
    }

    /** @return how many examples to select; positive */
    public int batchSize() {
        return batchSize;
    }

    /** @return the seed all randomness of a selection derives from */
    public long seed() {
        return seed;
    }

    /**
     * A fresh generator seeded with {@link #seed()}: every call returns the same sequence, so a
     * selector's randomness depends only on the context.
     *
     * @return a new seeded generator
     */
    public RandomGenerator random() {
        return new Well19937c(seed);
    }

    /**
     * @param example an example of the pool
     * @return its position in {@link #pool()}, used for deterministic ordering
     * @throws IllegalArgumentException when the example is not in the pool
     */
    public int positionOf(Example example) {
        Integer i = poolIndex.get(example.id());
        if (i == null) {
            throw new IllegalArgumentException("example '" + example.id() + "' is not in the selection pool");
        }
        return i;
    }

    /**
     * @return true when predictions are available (a student or a prediction map was given); false at
     *     cold start
     */
    public boolean hasPredictions() {
        return student != null || !predictions.isEmpty();
    }

    /**
     * The current student's predictions for some examples.
     *
     * @param examples examples of the pool
     * @return one distribution per example, in order
     * @throws IllegalStateException at cold start (see {@link #hasPredictions()})
     * @throws IllegalArgumentException when a prediction map was given and lacks one of the examples
     */
    public List<LabelDistribution> predictions(List<Example> examples) {
        if (!hasPredictions()) {
            throw new IllegalStateException("no predictions at cold start: set SelectionContext.Builder.student or .predictions");
        }
        if (student != null) {
            List<Example> missing = new ArrayList<>();
            for (Example e : examples) {
                if (!predictions.containsKey(e.id())) {
                    missing.add(e);
                }
            }
            for (int from = 0; from < missing.size(); from += PREDICTION_CHUNK) {
                List<Example> chunk = missing.subList(from, Math.min(missing.size(), from + PREDICTION_CHUNK));
                List<LabelDistribution> out = student.predictBatch(chunk.stream().map(Example::text).toList());
                if (out.size() != chunk.size()) {
                    throw new IllegalArgumentException("student returned " + out.size() + " predictions for " + chunk.size()
                            + " texts");
                }
                for (int i = 0; i < chunk.size(); i++) {
                    predictions.putIfAbsent(chunk.get(i).id(), Objects.requireNonNull(out.get(i), "student prediction"));
                }
            }
        }
        List<LabelDistribution> out = new ArrayList<>(examples.size());
        for (Example e : examples) {
            LabelDistribution d = predictions.get(e.id());
            if (d == null) {
                throw new IllegalArgumentException("no prediction for example '" + e.id() + "'");
            }
            out.add(d);
        }
        return out;
    }

    /** @return the embedding cache, or empty when none was given */
    public Optional<EmbeddingCache> embeddingCache() {
        return Optional.ofNullable(embeddings);
    }

    /**
     * Embeddings of some examples.
     *
     * @param examples examples of the pool
     * @param who the selector asking, named in the error when there are no embeddings
     * @return one vector per example, in order
     * @throws IllegalArgumentException when the context has no embeddings
     */
    public List<double[]> embeddings(List<Example> examples, String who) {
        if (embeddings == null) {
            throw new IllegalArgumentException("selector '" + who + "' needs embeddings, but the selection context has none: "
                    + "set SelectionContext.Builder.embeddings");
        }
        return embeddings.vectors(examples);
    }

    /**
     * The same context with fewer candidates, e.g. the uncertain ones a hybrid selector passes on to a
     * diversity selector. Pool, labelled ids, seed, embeddings and memoised predictions are shared.
     *
     * @param subset candidates of this context, distinct
     * @return the restricted context
     * @throws IllegalArgumentException when an example is not a candidate of this context or repeats
     */
    public SelectionContext restrictedTo(List<Example> subset) {
        Set<String> ids = new LinkedHashSet<>();
        for (Example e : subset) {
            positionOf(e);
            if (labelledIds.contains(e.id())) {
                throw new IllegalArgumentException("example '" + e.id() + "' is labelled, not a candidate");
            }
            if (!ids.add(e.id())) {
                throw new IllegalArgumentException("example '" + e.id() + "' repeats in the restricted candidates");
            }
        }
        List<Example> ordered = new ArrayList<>(subset);
        ordered.sort((a, b) -> Integer.compare(poolIndex.get(a.id()), poolIndex.get(b.id())));
        return new SelectionContext(pool, poolIndex, labelledIds, List.copyOf(ordered), batchSize, seed, embeddings, student,
                predictions);
    }

    /**
     * The same context with another batch size.
     *
     * @param size the new batch size; positive
     * @return the context
     */
    public SelectionContext withBatchSize(int size) {
        return new SelectionContext(pool, poolIndex, labelledIds, candidates, requireBatchSize(size), seed, embeddings,
                student, predictions);
    }

    private static int requireBatchSize(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("batchSize must be positive: " + size);
        }
        return size;
    }

    @Override
    public String toString() {
        return "SelectionContext[pool=" + pool.size() + ", candidates=" + candidates.size() + ", labelled="
                + labelledIds.size() + ", batchSize=" + batchSize + ", seed=" + seed + ", predictions="
                + (student != null ? "student" : hasPredictions() ? "given" : "none") + ", embeddings="
                + (embeddings == null ? "none" : embeddings.embedderName()) + "]";
    }

    /** Builder for {@link SelectionContext}; not thread-safe. */
    public static final class Builder {
        private List<Example> pool;
        private Set<String> labelledIds = Set.of();
        private Integer batchSize;
        private Long seed;
        private EmbeddingCache embeddings;
        private StudentModel student;
        private Map<String, LabelDistribution> predictions;

        private Builder() {
        }

        /**
         * @param pool the unlabelled pool (it may also hold the labelled examples; their ids in
         *     {@link #labelledIds(Collection)} keep them from being chosen); ids must be distinct
         * @return this builder
         */
        public Builder pool(List<Example> pool) {
            this.pool = List.copyOf(Objects.requireNonNull(pool, "pool"));
            return this;
        }

        /**
         * @param ids ids already labelled; never selected. May name examples outside the pool.
         * @return this builder
         */
        public Builder labelledIds(Collection<String> ids) {
            this.labelledIds = Set.copyOf(Objects.requireNonNull(ids, "labelledIds"));
            return this;
        }

        /**
         * @param size how many examples to select; positive
         * @return this builder
         */
        public Builder batchSize(int size) {
            this.batchSize = requireBatchSize(size);
            return this;
        }

        /**
         * @param seed the seed of all randomness in the selection; pipelines typically vary it per
         *     round ({@code seed + round})
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param cache embeddings of the pool, reused across rounds
         * @return this builder
         */
        public Builder embeddings(EmbeddingCache cache) {
            this.embeddings = Objects.requireNonNull(cache, "embeddings");
            return this;
        }

        /**
         * The current student; predictions are computed from it when a selector asks. Excludes
         * {@link #predictions(Map)}.
         *
         * @param student the student; not closed by the context
         * @return this builder
         */
        public Builder student(StudentModel student) {
            this.student = Objects.requireNonNull(student, "student");
            return this;
        }

        /**
         * Predictions computed elsewhere, by example id; must cover every candidate a selector asks
         * about. Excludes {@link #student(StudentModel)}. An empty map means cold start, as if none
         * were given.
         *
         * @param predictions distributions by example id; copied
         * @return this builder
         */
        public Builder predictions(Map<String, LabelDistribution> predictions) {
            this.predictions = Map.copyOf(Objects.requireNonNull(predictions, "predictions"));
            return this;
        }

        /**
         * Builds the context.
         *
         * @return the context
         * @throws IllegalStateException when pool, batch size or seed is missing, or both a student and
         *     predictions were given
         * @throws IllegalArgumentException when a pool id repeats, or given predictions belong to
         *     different tasks
         */
        public SelectionContext build() {
            if (pool == null) {
                throw new IllegalStateException("selection context needs a pool");
            }
            if (batchSize == null) {
                throw new IllegalStateException("selection context needs a batchSize");
            }
            if (seed == null) {
                throw new IllegalStateException("selection context needs an explicit seed");
            }
            if (student != null && predictions != null) {
                throw new IllegalStateException("give either a student or predictions to the selection context, not both");
            }
            Map<String, Integer> index = new HashMap<>();
            List<Example> candidates = new ArrayList<>();
            for (int i = 0; i < pool.size(); i++) {
                Example e = pool.get(i);
                if (index.put(e.id(), i) != null) {
                    throw new IllegalArgumentException("example id '" + e.id() + "' repeats in the selection pool");
                }
                if (!labelledIds.contains(e.id())) {
                    candidates.add(e);
                }
            }
            Map<String, LabelDistribution> memo = new ConcurrentHashMap<>();
            if (predictions != null) {
                Object task = null;
                for (Map.Entry<String, LabelDistribution> p : predictions.entrySet()) {
                    if (task == null) {
                        task = p.getValue().task();
                    } else if (!task.equals(p.getValue().task())) {
                        throw new IllegalArgumentException("prediction for example '" + p.getKey() + "' belongs to task '"
                                + p.getValue().task().name() + "', unlike the others");
                    }
                }
                memo.putAll(predictions);
            }
            return new SelectionContext(pool, Map.copyOf(index), labelledIds, List.copyOf(candidates), batchSize, seed,
                    embeddings, student, memo);
        }
    }
}
