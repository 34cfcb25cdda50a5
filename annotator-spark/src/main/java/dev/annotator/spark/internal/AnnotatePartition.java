package dev.annotator.spark.internal;

import dev.annotator.core.AnnotatorException;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.data.Example;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.spark.AnnotationStoreFactory;
import dev.annotator.spark.AnnotatorFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Annotates one partition: creates an annotator (and a store, if any) for it, sends batches of
 * examples with distinct ids, writes each annotation to the store and appends label, confidence,
 * source and abstention reason (and optionally the distribution) to each row. Both are closed when
 * the partition is exhausted or the task ends, whichever comes first. A row with a null id or a
 * null or blank text is not sent; it gets an abstention "no text" (or "no id").
 */
public final class AnnotatePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final AnnotatorFactory annotators;
    private final AnnotationStoreFactory stores;
    private final int idIndex;
    private final int textIndex;
    private final int batchSize;
    private final boolean distribution;

    /**
     * @param annotators creates the partition's annotator
     * @param stores opens the partition's store, or null for none
     * @param idIndex position of the id column
     * @param textIndex position of the text column
     * @param batchSize examples per annotator call
     * @param distribution whether to append the distribution (a map), last
     */
    public AnnotatePartition(AnnotatorFactory annotators, AnnotationStoreFactory stores, int idIndex, int textIndex,
            int batchSize, boolean distribution) {
        this.annotators = annotators;
        this.stores = stores;
        this.idIndex = idIndex;
        this.textIndex = textIndex;
        this.batchSize = batchSize;
        this.distribution = distribution;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        if (!input.hasNext()) {
            return input;
        }
        Resources res = new Resources();
        TaskContext ctx = TaskContext.get();
        if (ctx != null) {
            ctx.addTaskCompletionListener(new TaskCompletionListener() {
                @Override
                public void onTaskCompletion(TaskContext context) {
                    res.close();
                }
            });
        }
        try {
            res.annotator = annotators.create();
            if (res.annotator == null) {
                throw new AnnotatorException("the AnnotatorFactory returned null");
            }
            if (stores != null) {
                res.store = stores.open();
                if (res.store == null) {
                    throw new AnnotatorException("the AnnotationStoreFactory returned null");
                }
            }
        } catch (RuntimeException e) {
            res.close();
            throw e;
        }
        return new Batches(input, res);
    }

    /** The partition's annotator and store, closed once. */
    private static final class Resources {
        Annotator annotator;
        AnnotationStore store;
        private boolean closed;

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (annotator != null) {
                    annotator.close();
                }
            } finally {
                if (store != null) {
                    store.close();
                }
            }
        }
    }

    private final class Batches implements Iterator<Row> {
        private final Iterator<Row> input;
        private final Resources res;
        private final ArrayDeque<Row> ready = new ArrayDeque<>();
        private Row pending;

        Batches(Iterator<Row> input, Resources res) {
            this.input = input;
            this.res = res;
        }

        @Override
        public boolean hasNext() {
            if (ready.isEmpty() && (pending != null || input.hasNext())) {
                fill();
            }
            if (ready.isEmpty()) {
                res.close();
                return false;
            }
            return true;
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
            List<String> skipped = new ArrayList<>(batchSize);   // per row: why it was not sent, or null
            List<Example> examples = new ArrayList<>(batchSize);
            Set<String> ids = new HashSet<>();
            while (examples.size() < batchSize && (pending != null || input.hasNext())) {
                Row r = pending != null ? pending : input.next();
                pending = null;
                String id = r.isNullAt(idIndex) ? null : String.valueOf(r.get(idIndex));
                String text = r.isNullAt(textIndex) ? null : r.getString(textIndex);
                String reason = id == null || id.isBlank() ? "no id" : text == null || text.isBlank() ? "no text" : null;
                if (reason == null && !ids.add(id)) {
                    pending = r;   // an annotator batch needs distinct ids: this row starts the next batch
                    break;
                }
                rows.add(r);
                skipped.add(reason);
                if (reason == null) {
                    examples.add(new Example(id, text, Map.of()));
                }
            }
            Annotator annotator = res.annotator;
            List<Annotation> answers = examples.isEmpty() ? List.of() : annotator.annotate(examples);
            if (answers.size() != examples.size()) {
                throw new AnnotatorException("annotator '" + annotator.name() + "' returned " + answers.size()
                        + " annotations for " + examples.size() + " examples");
            }
            int a = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (skipped.get(i) != null) {
                    ready.add(append(rows.get(i), null, annotator.name(), skipped.get(i)));
                    continue;
                }
                Annotation ann = answers.get(a);
                String asked = examples.get(a++).id();
                if (!ann.exampleId().equals(asked)) {
                    throw new AnnotatorException("annotator '" + annotator.name() + "' answered example '"
                            + ann.exampleId() + "' where '" + asked + "' was asked");
                }
                if (res.store != null) {
                    res.store.putAnnotation(annotator.task(), ann);
                }
                ready.add(append(rows.get(i), ann, ann.source(), ann.abstentionReason().orElse(null)));
            }
        }

        private Row append(Row r, Annotation ann, String source, String abstention) {
            int n = r.length();
            Object[] values = new Object[n + 4 + (distribution ? 1 : 0)];
            for (int i = 0; i < n; i++) {
                values[i] = r.get(i);
            }
            if (ann != null && !ann.isAbstention()) {
                values[n] = ann.labels().size() == 1 ? ann.labels().get(0)
                        : ann.distribution().map(d -> d.top()).orElse(null);
                values[n + 1] = ann.confidence();
                if (distribution) {
                    values[n + 4] = ann.distribution()
                            .map(d -> (Object) CollectionConverters.asScala(PredictPartition.toMap(d))).orElse(null);
                }
            }
            values[n + 2] = source;
            values[n + 3] = abstention;
            return RowFactory.create(values);
        }
    }
}
