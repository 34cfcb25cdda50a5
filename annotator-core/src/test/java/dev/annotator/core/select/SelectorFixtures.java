package dev.annotator.core.select;

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

/**
 * The selector tests' pool: 48 two-dimensional points in four clusters, varied predictions, a vector
 * embedder and a fixed student (the same fixtures annotator-testing's {@code SampleSelectorContract} uses).
 */
final class SelectorFixtures {

    private SelectorFixtures() {
    }

    /** A three-label task used by the contract. */
    static final Task TOPICS = Task.singleLabel("contract-topics", "sports", "money", "science");

    /** A multi-label task used by the contract. */
    static final Task TAGS = Task.builder().name("contract-tags").kind(TaskKind.MULTI_LABEL)
            .label(Label.of("urgent")).label(Label.of("billing")).build();



    /**
     * An embedder that reads a text of space-separated numbers as its vector, e.g. {@code "1.5 -2"}.
     * Texts must all have {@code dimension} numbers. Counts the texts it embedded.
     */
    static final class VectorTextEmbedder implements TextEmbedder {
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
    static Example point(String id, double... coordinates) {
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
    static StudentModel fixedStudent(Map<String, LabelDistribution> byText, List<String> calls) {
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
    static List<Example> clusteredPool() {
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
    static Map<String, LabelDistribution> variedPredictions(List<Example> pool) {
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
    static Set<String> standardLabelled() {
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
    static SelectionContext.Builder standardContext(long seed) {
        List<Example> pool = clusteredPool();
        return SelectionContext.builder().pool(pool).labelledIds(standardLabelled()).batchSize(8).seed(seed)
                .predictions(variedPredictions(pool)).embeddings(EmbeddingCache.of(new VectorTextEmbedder(2)));
    }
}
