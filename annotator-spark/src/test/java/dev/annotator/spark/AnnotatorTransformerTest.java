package dev.annotator.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.data.Example;
import dev.annotator.core.store.InMemoryAnnotationStore;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnnotatorTransformerTest {
    static final Task TASK = Task.singleLabel("sentiment", "negative", "positive");
    static final StructType SCHEMA = new StructType().add("id", DataTypes.StringType, true)
            .add("text", DataTypes.StringType, true);

    // local[2]: executors run in this JVM, so the factories below can reach these
    static final InMemoryAnnotationStore STORE = new InMemoryAnnotationStore();
    static final AtomicInteger CREATED = new AtomicInteger();
    static final AtomicInteger CLOSED = new AtomicInteger();
    static final List<Integer> BATCH_SIZES = java.util.Collections.synchronizedList(new ArrayList<>());

    static SparkSession spark;
    static Dataset<Row> frame;

    /** Labels by keyword, abstains otherwise: the same answer for the same text, every time. */
    static class KeywordAnnotator implements Annotator {
        @Override
        public Task task() {
            return TASK;
        }

        @Override
        public String name() {
            return "keywords:v1";
        }

        @Override
        public List<Annotation> annotate(List<Example> examples) {
            Set<String> ids = new HashSet<>();
            for (Example e : examples) {
                assertThat(ids.add(e.id())).as("ids in one batch are distinct").isTrue();
            }
            BATCH_SIZES.add(examples.size());
            List<Annotation> out = new ArrayList<>();
            for (Example e : examples) {
                out.add(answer(e));
            }
            return out;
        }

        static Annotation answer(Example e) {
            String t = e.text().toLowerCase(java.util.Locale.ROOT);
            if (t.contains("good")) {
                return Annotation.labelled(e.id(), LabelDistribution.of(TASK, new double[] {0.1, 0.9}), 0.9, "keywords:v1", Cost.FREE);
            }
            if (t.contains("bad")) {
                return Annotation.labelled(e.id(), LabelDistribution.oneHot(TASK, "negative"), 0.8, "keywords:v1", Cost.FREE);
            }
            return Annotation.abstained(e.id(), "no keyword", "keywords:v1", Cost.FREE);
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    /** Gives up on its second batch, as an annotator whose budget ran out. */
    static final class FailingAnnotator extends KeywordAnnotator {
        private int calls;

        @Override
        public List<Annotation> annotate(List<Example> examples) {
            if (++calls == 2) {
                throw new dev.annotator.core.AnnotatorException("budget exhausted");
            }
            return super.annotate(examples);
        }
    }

    static Annotator failingOnSecondBatch() {
        CREATED.incrementAndGet();
        return new FailingAnnotator();
    }

    static Annotator create() {
        CREATED.incrementAndGet();
        return new KeywordAnnotator();
    }

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
        List<Row> rows = new ArrayList<>();
        String[] words = {"good", "bad", "neutral"};
        for (int i = 0; i < 2000; i++) {
            rows.add(RowFactory.create("r" + i, "text " + i + " is " + words[i % 3]));
        }
        rows.add(RowFactory.create("r1", "a repeated id, also good"));   // same id twice in a partition
        rows.add(RowFactory.create("blank", "  "));
        rows.add(RowFactory.create(null, "good but no id"));
        frame = spark.createDataFrame(new JavaSparkContext(spark.sparkContext()).parallelize(rows, 3), SCHEMA);
    }

    @BeforeEach
    void reset() {
        CREATED.set(0);
        CLOSED.set(0);
        BATCH_SIZES.clear();
    }

    @Test
    void should_write_each_answer_to_columns_and_to_the_store() {
        // given
        AnnotatorTransformer t = AnnotatorTransformer.builder().annotator(AnnotatorTransformerTest::create)
                .store(() -> STORE).batchSize(50).distributionColumn("annotation_p").build();

        // when
        List<Row> out = t.apply(frame).collectAsList();

        // then
        assertThat(out).hasSize(2003);
        for (Row r : out) {
            String id = r.getString(0);
            String text = r.getString(1);
            String label = r.getString(2);
            if (id == null || text.isBlank()) {
                assertThat(r.getString(5)).isEqualTo(id == null ? "no id" : "no text");
                assertThat(r.isNullAt(2)).isTrue();
                continue;
            }
            Annotation expected = KeywordAnnotator.answer(Example.of(id, text));
            assertThat(r.getString(4)).isEqualTo("keywords:v1");
            if (expected.isAbstention()) {
                assertThat(label).isNull();
                assertThat(r.isNullAt(3)).isTrue();
                assertThat(r.getString(5)).isEqualTo("no keyword");
            } else {
                assertThat(label).as("label of %s", id).isEqualTo(expected.labels().get(0));
                assertThat(r.getDouble(3)).isEqualTo(expected.confidence());
                Map<String, Double> p = r.getJavaMap(6);
                assertThat(p).containsEntry("positive", expected.distribution().orElseThrow().get("positive"));
                assertThat(r.isNullAt(5)).isTrue();
            }
        }
        assertThat(STORE.annotations(TASK)).hasSize(2000);   // distinct ids: the repeat of r1 replaced the first
        assertThat(BATCH_SIZES).allMatch(n -> n <= 50);
        assertThat(CREATED.get()).isEqualTo(3);
        assertThat(CLOSED.get()).isEqualTo(3);
    }

    @Test
    void should_close_the_annotator_when_its_partition_fails() {
        // given: an annotator that gives up on its second batch
        AnnotatorTransformer t = AnnotatorTransformer.builder().batchSize(100)
                .annotator(AnnotatorTransformerTest::failingOnSecondBatch).build();

        // when / then
        assertThatThrownBy(() -> t.apply(frame).collectAsList()).hasStackTraceContaining("budget exhausted");
        assertThat(CREATED.get()).isPositive();
        assertThat(CLOSED.get()).isEqualTo(CREATED.get());
    }

    @Test
    void should_name_a_missing_id_column() {
        AnnotatorTransformer t = AnnotatorTransformer.builder().annotator(AnnotatorTransformerTest::create).idColumn("key").build();

        assertThatThrownBy(() -> t.apply(frame)).isInstanceOf(SparkInputException.class)
                .hasMessageContaining("id column 'key' not found").hasMessageContaining("[id, text]");
    }

    @Test
    void should_require_an_annotator() {
        assertThatThrownBy(() -> AnnotatorTransformer.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no annotator");
    }
}
