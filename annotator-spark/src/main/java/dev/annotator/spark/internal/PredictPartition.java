package dev.annotator.spark.internal;

import dev.annotator.core.student.StudentModel;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.spark.StudentLoader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Predicts one partition: takes the JVM's shared student from {@link StudentCache}, reads rows in
 * batches, and appends label, confidence and optionally the chosen labels and the distribution to
 * each row. A null text gives null outputs. Lazy: holds one batch at a time.
 */
public final class PredictPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ModelLocation location;
    private final String sha256;
    private final StudentLoader loader;
    private final int textIndex;
    private final int batchSize;
    private final boolean chosenLabels;
    private final boolean distribution;

    /**
     * @param location where the student file is
     * @param sha256 its content hash, as the driver saw it
     * @param loader opens the file on a cache miss
     * @param textIndex position of the text column in the input rows
     * @param batchSize rows per student call
     * @param chosenLabels whether to append the chosen labels (an array)
     * @param distribution whether to append the distribution (a map), last
     */
    public PredictPartition(ModelLocation location, String sha256, StudentLoader loader, int textIndex, int batchSize,
            boolean chosenLabels, boolean distribution) {
        this.location = location;
        this.sha256 = sha256;
        this.loader = loader;
        this.textIndex = textIndex;
        this.batchSize = batchSize;
        this.chosenLabels = chosenLabels;
        this.distribution = distribution;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        if (!input.hasNext()) {
            return input;
        }
        StudentModel model = StudentCache.get(location.resolve(), sha256, loader);
        return new Batches(input, model);
    }

    private final class Batches implements Iterator<Row> {
        private final Iterator<Row> input;
        private final StudentModel model;
        private final ArrayDeque<Row> ready = new ArrayDeque<>();

        Batches(Iterator<Row> input, StudentModel model) {
            this.input = input;
            this.model = model;
        }

        @Override
        public boolean hasNext() {
            if (ready.isEmpty() && input.hasNext()) {
                fill();
            }
            return !ready.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        private void fill() {
            List<Row> rows = new ArrayList<>(batchSize);
            List<String> texts = new ArrayList<>(batchSize);
            while (rows.size() < batchSize && input.hasNext()) {
                Row r = input.next();
                rows.add(r);
                if (!r.isNullAt(textIndex)) {
                    texts.add(r.getString(textIndex));
                }
            }
            List<LabelDistribution> predicted = texts.isEmpty() ? List.of() : model.predictBatch(texts);
            int p = 0;
            for (Row r : rows) {
                LabelDistribution d = r.isNullAt(textIndex) ? null : predicted.get(p++);
                ready.add(append(r, d));
            }
        }

        private Row append(Row r, LabelDistribution d) {
            int n = r.length();
            Object[] values = new Object[n + 2 + (chosenLabels ? 1 : 0) + (distribution ? 1 : 0)];
            for (int i = 0; i < n; i++) {
                values[i] = r.get(i);
            }
            int k = n;
            values[k++] = d == null ? null : d.top();
            values[k++] = d == null ? null : d.max();
            if (chosenLabels) {
                values[k++] = d == null ? null : CollectionConverters.asScala(new ArrayList<>(d.chosen()));
            }
            if (distribution) {
                values[k] = d == null ? null : CollectionConverters.asScala(toMap(d));
            }
            return RowFactory.create(values);
        }
    }

    /**
     * @param d a distribution
     * @return label name to score, in task order
     */
    static Map<String, Double> toMap(LabelDistribution d) {
        Task task = d.task();
        Map<String, Double> m = new LinkedHashMap<>();
        for (int j = 0; j < task.labelCount(); j++) {
            m.put(task.labelNames().get(j), d.get(j));
        }
        return m;
    }
}
