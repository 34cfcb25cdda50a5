package dev.annotator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annotator.core.select.EmbeddingCache;
import dev.annotator.core.select.SampleSelector;
import dev.annotator.core.select.SelectionContext;
import dev.annotator.core.data.Example;
import dev.annotator.core.embed.TextEmbedder;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.task.Label;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SampleSelector} honours. An implementation's test extends this class and
 * supplies the selector; the tests then run it on a pool of 48 two-dimensional points in four
 * well-separated clusters, with student predictions of varied confidence and embeddings, so that
 * every kind of selector (random, uncertainty, diversity, hybrid, budgeted) has what it needs.
 */
public abstract class SampleSelectorContract {

    /** A three-label task used by the contract. */
    protected static final Task TOPICS = Task.singleLabel("contract-topics", "sports", "money", "science");

    /** A multi-label task used by the contract. */
    protected static final Task TAGS = Task.builder().name("contract-tags").kind(TaskKind.MULTI_LABEL)
            .label(Label.of("urgent")).label(Label.of("billing")).build();

    /** @return the selector under test */
    protected abstract SampleSelector selector();

    /**
     * Whether the selector returns a full batch whenever there are enough candidates. Budget-limited
     * selectors override this to return false; the contract then only checks the upper bound.
     *
     * @return true by default
     */
    protected boolean fillsBatch() {
        return true;
    }

    /**
     * An embedder that reads a text of space-separated numbers as its vector, e.g. {@code "1.5 -2"}.
     * Texts must all have {@code dimension} numbers. Counts the texts it embedded.
     */
    protected static final class VectorTextEmbedder implements TextEmbedder {
        private final int dimension;
        private int embedded;

        /** @param dimension the length of every vector */
        public VectorTextEmbedder(int dimension) {
            this.dimension = dimension;
        }

        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public String name() {
            return "vector-text";
        }

        @Override
        public synchronized List<float[]> embedAll(List<String> texts) {
            List<float[]> out = new ArrayList<>();
            for (String t : texts) {
                String[] parts = t.trim().split("\\s+");
                float[] v = new float[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    v[i] = Float.parseFloat(parts[i]);
                }
                out.add(v);
                embedded++;
            }
            return out;
        }

        /** @return how many texts were embedded so far */
        public synchronized int embedded() {
            return embedded;
        }
    }

    /**
     * A point as an example whose text is its coordinates.
     *
     * @param id the id
     * @param coordinates the vector
     * @return the example
     */
    protected static Example point(String id, double... coordinates) {
        StringBuilder sb = new StringBuilder();
        for (double c : coordinates) {
            sb.append(String.format(Locale.ROOT, "%.4f ", c));
        }
        return Example.of(id, sb.toString().trim());
    }

    /**
     * A student that answers from a fixed map by text; for tests of selectors that use predictions.
     *
     * @param byText predictions by text
     * @param calls a list each predicted text is appended to
     * @return the model
     */
    protected static StudentModel fixedStudent(Map<String, LabelDistribution> byText, List<String> calls) {
        return new StudentModel() {
            @Override
            public Task task() {
                return byText.values().iterator().next().task();
            }

            @Override
            public Provenance provenance() {
                throw new UnsupportedOperationException("not needed by selectors");
            }

            @Override
            public List<LabelDistribution> predictBatch(List<String> texts) {
                calls.addAll(texts);
                return texts.stream().map(byText::get).toList();
            }

            @Override
            public void close() {
            }
        };
    }

    /** @return 48 points, 12 in each of four clusters around (±10, ±10), ids {@code c<cluster>-<i>} */
    protected static List<Example> clusteredPool() {
        double[][] centres = {{10, 10}, {-10, 10}, {-10, -10}, {10, -10}};
        List<Example> pool = new ArrayList<>();
        for (int c = 0; c < centres.length; c++) {
            for (int i = 0; i < 12; i++) {
                double angle = 2 * Math.PI * i / 12;
                double r = 0.3 + 0.1 * (i % 3);
                pool.add(point("c" + c + "-" + i, centres[c][0] + r * Math.cos(angle), centres[c][1] + r * Math.sin(angle)));
            }
        }
        return pool;
    }

    /**
     * Predictions of varied confidence over {@link #TOPICS} for every example: the top probability
     * falls from 0.98 to about 0.34 along the pool.
     *
     * @param pool the examples
     * @return predictions by id
     */
    protected static Map<String, LabelDistribution> variedPredictions(List<Example> pool) {
        Map<String, LabelDistribution> out = new LinkedHashMap<>();
        for (int i = 0; i < pool.size(); i++) {
            double top = 0.98 - 0.64 * ((i * 7) % pool.size()) / (double) pool.size();
            double rest = (1 - top) / 2;
            double[] p = new double[3];
            p[i % 3] = top;
            p[(i + 1) % 3] = rest;
            p[(i + 2) % 3] = 1 - top - rest;
            out.put(pool.get(i).id(), LabelDistribution.of(TOPICS, p));
        }
        return out;
    }

    /** @return ids labelled in the standard context: the first three of each cluster */
    protected static Set<String> standardLabelled() {
        Set<String> ids = new HashSet<>();
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < 3; i++) {
                ids.add("c" + c + "-" + i);
            }
        }
        return ids;
    }

    /**
     * The standard context: clustered pool, varied predictions, embeddings, 12 labelled, batch 8.
     *
     * @param seed the seed
     * @return a builder, ready to build or to adjust
     */
    protected static SelectionContext.Builder standardContext(long seed) {
        List<Example> pool = clusteredPool();
        return SelectionContext.builder().pool(pool).labelledIds(standardLabelled()).batchSize(8).seed(seed)
                .predictions(variedPredictions(pool)).embeddings(EmbeddingCache.of(new VectorTextEmbedder(2)));
    }

    private static void assertValidBatch(List<Example> batch, SelectionContext context) {
        assertThat(batch).as("batch size").hasSizeLessThanOrEqualTo(context.batchSize());
        assertThat(batch).as("no duplicates").doesNotHaveDuplicates();
        assertThat(batch).as("only candidates").isSubsetOf(context.candidates());
        assertThat(batch).as("never labelled ids").noneMatch(e -> context.labelledIds().contains(e.id()));
    }

    @Test
    void should_return_distinct_unlabelled_candidates_up_to_the_batch_size() {
        SelectionContext context = standardContext(1).build();

        List<Example> batch = selector().select(context);

        assertValidBatch(batch, context);
        if (fillsBatch()) {
            assertThat(batch).hasSize(8);
        } else {
            assertThat(batch).isNotEmpty();
        }
    }

    @Test
    void should_be_deterministic_for_the_same_seed() {
        List<Example> first = selector().select(standardContext(42).build());
        List<Example> second = selector().select(standardContext(42).build());

        assertThat(second).isEqualTo(first);
    }

    @Test
    void should_work_at_cold_start_without_predictions() {
        List<Example> pool = clusteredPool();
        SelectionContext context = SelectionContext.builder().pool(pool).batchSize(8).seed(3)
                .embeddings(EmbeddingCache.of(new VectorTextEmbedder(2))).build();

        List<Example> batch = selector().select(context);

        assertValidBatch(batch, context);
        if (fillsBatch()) {
            assertThat(batch).hasSize(8);
        }
    }

    @Test
    void should_return_every_candidate_when_fewer_than_the_batch_size() {
        List<Example> pool = clusteredPool();
        Set<String> labelled = new HashSet<>();
        pool.subList(0, pool.size() - 5).forEach(e -> labelled.add(e.id()));
        SelectionContext context = standardContext(5).labelledIds(labelled).batchSize(10).build();

        List<Example> batch = selector().select(context);

        assertValidBatch(batch, context);
        if (fillsBatch()) {
            assertThat(batch).containsExactlyInAnyOrderElementsOf(context.candidates());
        }
    }

    @Test
    void should_return_nothing_when_everything_is_labelled() {
        Set<String> all = new HashSet<>();
        clusteredPool().forEach(e -> all.add(e.id()));

        assertThat(selector().select(standardContext(5).labelledIds(all).build())).isEmpty();
    }

    @Test
    void should_pick_only_from_restricted_candidates() {
        SelectionContext full = standardContext(9).build();
        List<Example> subset = full.candidates().subList(0, 12);

        List<Example> batch = selector().select(full.restrictedTo(subset));

        assertThat(batch).isSubsetOf(subset).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(8);
    }

    @Test
    void should_give_the_same_batch_from_a_student_as_from_its_predictions() {
        List<Example> pool = clusteredPool();
        Map<String, LabelDistribution> byId = variedPredictions(pool);
        Map<String, LabelDistribution> byText = new LinkedHashMap<>();
        pool.forEach(e -> byText.put(e.text(), byId.get(e.id())));
        SelectionContext fromStudent = SelectionContext.builder().pool(pool).labelledIds(standardLabelled()).batchSize(8)
                .seed(11).student(fixedStudent(byText, new ArrayList<>()))
                .embeddings(EmbeddingCache.of(new VectorTextEmbedder(2))).build();

        assertThat(selector().select(fromStudent)).isEqualTo(selector().select(standardContext(11).build()));
    }

    @Test
    void should_handle_multi_label_predictions() {
        List<Example> pool = clusteredPool();
        Map<String, LabelDistribution> predictions = new LinkedHashMap<>();
        for (int i = 0; i < pool.size(); i++) {
            double p = (i % 10) / 10.0;
            predictions.put(pool.get(i).id(), LabelDistribution.of(TAGS, new double[] {p, 1 - p / 2}));
        }
        SelectionContext context = standardContext(2).predictions(predictions).build();

        List<Example> batch = selector().select(context);

        assertValidBatch(batch, context);
        if (fillsBatch()) {
            assertThat(batch).hasSize(8);
        }
    }
}
