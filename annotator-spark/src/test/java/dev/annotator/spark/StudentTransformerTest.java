package dev.annotator.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.spark.internal.StudentCache;
import dev.annotator.student.fast.FastStudentModel;
import dev.annotator.student.fast.FastStudentTrainer;
import dev.annotator.student.fast.FeaturizerConfig;
import dev.annotator.student.onnx.OnnxStudentModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudentTransformerTest {
    static final Path UCI = Path.of("..", "..", "shared", "datasets", "uci_sentiment.csv");
    static final Task TASK = Task.builder().name("sentiment").instruction("Is the review positive or negative?")
            .label("negative", "the reviewer disliked it").label("positive", "the reviewer liked it").build();
    static final StructType SCHEMA = new StructType().add("id", DataTypes.IntegerType, false)
            .add("text", DataTypes.StringType, true);

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path model;
    static List<String> texts;
    static org.apache.spark.sql.Dataset<Row> frame;

    @BeforeAll
    static void trainAndStart() throws IOException {
        List<TrainingExample> train = new ArrayList<>();
        texts = new ArrayList<>();
        if (Files.exists(UCI)) {
            Dataset data = DatasetReader.csv().build().read(UCI, TASK);
            for (LabelledExample e : data.split(Split.TRAIN)) {
                train.add(TrainingExample.of(e.example(), LabelDistribution.oneHot(TASK, e.labels().get(0))));
            }
            data.rows().forEach(e -> texts.add(e.text()));
        } else {
            String[] pos = {"great", "loved", "excellent", "wonderful"};
            String[] neg = {"awful", "hated", "boring", "broken"};
            for (int i = 0; i < 3000; i++) {
                boolean p = i % 2 == 0;
                String t = "item " + i + " was " + (p ? pos[i % 4] : neg[i % 4]) + (i % 3 == 0 ? ", really!" : "");
                texts.add(t);
                if (i < 2000) {
                    train.add(TrainingExample.of(Example.of("t" + i, t), LabelDistribution.oneHot(TASK, p ? "positive" : "negative")));
                }
            }
        }
        texts.addAll(List.of("", "!!!", "Très bien, ça marche 👍", "a much longer text that repeats great great great and awful "
                + "awful words to exercise padding across a batch of uneven lengths"));
        FastStudentModel student = FastStudentTrainer.builder().featurizer(FeaturizerConfig.builder().buckets(1 << 18).build())
                .seed(42).build().train(TrainingSet.of(TASK, train).withTeacher("gold"));
        model = dir.resolve("student.onnx");
        student.exportOnnx(model);

        spark = LocalSpark.session();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(i, texts.get(i)));
        }
        // four partitions without a shuffle
        frame = spark.createDataFrame(new JavaSparkContext(spark.sparkContext()).parallelize(rows, 4), SCHEMA);
    }

    @AfterAll
    static void closeStudents() {
        StudentTransformer.closeCachedStudents();
    }

    @Test
    void should_predict_like_the_in_process_student() throws IOException {
        // given
        StudentTransformer transformer = StudentTransformer.builder().modelPath(model).batchSize(64)
                .chosenLabelsColumn("chosen").distributionColumn("p").build();
        List<LabelDistribution> expected;
        try (OnnxStudentModel inProcess = OnnxStudentModel.load(model)) {
            expected = inProcess.predictBatch(texts);
        }

        // when
        List<Row> out = new ArrayList<>(transformer.apply(frame).collectAsList());

        // then
        out.sort(Comparator.comparingInt(r -> r.getInt(0)));
        assertThat(out).hasSize(texts.size());
        for (Row r : out) {
            int i = r.getInt(0);
            LabelDistribution e = expected.get(i);
            assertThat(r.getString(1)).isEqualTo(texts.get(i));
            assertThat(r.getString(r.fieldIndex("predicted_label"))).as("label of text %d", i).isEqualTo(e.top());
            assertThat(r.getDouble(r.fieldIndex("confidence"))).as("confidence of text %d", i).isCloseTo(e.max(), within(1e-5));
            assertThat(r.<String>getList(r.fieldIndex("chosen"))).containsExactly(e.top());
            Map<String, Double> p = r.getJavaMap(r.fieldIndex("p"));
            assertThat(p.keySet()).containsExactlyInAnyOrder("negative", "positive");
            assertThat(p.get("positive")).as("p(positive) of text %d", i).isCloseTo(e.get("positive"), within(1e-5));
            assertThat(p.get("negative")).as("p(negative) of text %d", i).isCloseTo(e.get("negative"), within(1e-5));
        }
    }

    @Test
    void should_open_the_student_once_per_jvm_for_all_partitions_and_jobs() {
        // given
        StudentCache.clear();
        long before = StudentCache.loads();
        StudentTransformer transformer = StudentTransformer.builder().modelPath(model).build();

        // when: two jobs over four partitions, in local[2] all in this JVM
        long first = transformer.apply(frame).count();
        long second = transformer.apply(frame).filter("confidence >= 0.5").count();

        // then
        assertThat(first).isEqualTo(texts.size());
        assertThat(second).isEqualTo(texts.size());
        assertThat(StudentCache.loads() - before).isEqualTo(1);
        assertThat(StudentCache.size()).isEqualTo(1);
    }

    @Test
    void should_read_a_student_shipped_with_add_file() throws IOException {
        // given
        Path shipped = dir.resolve("shipped-student.onnx");
        Files.copy(model, shipped);
        spark.sparkContext().addFile(shipped.toString());
        StudentTransformer viaSparkFiles = StudentTransformer.builder().sparkFile("shipped-student.onnx").build();
        StudentTransformer viaPath = StudentTransformer.builder().modelPath(dir).build();

        // when
        List<Row> a = viaSparkFiles.apply(frame).collectAsList();
        List<Row> b = viaPath.apply(frame).collectAsList();

        // then
        assertThat(a).isEqualTo(b);
        assertThat(viaSparkFiles.task()).isEqualTo(TASK);
    }

    @Test
    void should_predict_through_a_sql_function_like_apply() {
        // given
        StudentTransformer transformer = StudentTransformer.builder().modelPath(model).build();
        transformer.registerUdf(spark, "sentiment");
        frame.limit(200).createOrReplaceTempView("texts");

        // when
        List<Row> viaSql = spark.sql("SELECT id, sentiment(text).label, sentiment(text).confidence FROM texts").collectAsList();
        Map<Integer, Row> viaApply = new java.util.HashMap<>();
        transformer.apply(frame.limit(200)).collectAsList().forEach(r -> viaApply.put(r.getInt(0), r));

        // then
        assertThat(viaSql).hasSize(200);
        for (Row r : viaSql) {
            Row a = viaApply.get(r.getInt(0));
            assertThat(r.getString(1)).isEqualTo(a.getString(2));
            assertThat(r.getDouble(2)).isCloseTo(a.getDouble(3), within(1e-5));
        }
    }

    @Test
    void should_give_null_outputs_for_a_null_text() {
        // given
        org.apache.spark.sql.Dataset<Row> withNull = spark.createDataFrame(
                List.of(RowFactory.create(1, "great"), RowFactory.create(2, null)), SCHEMA);

        // when
        List<Row> out = StudentTransformer.builder().modelPath(model).distributionColumn("p").build()
                .apply(withNull).collectAsList();

        // then
        assertThat(out.get(0).isNullAt(2)).isFalse();
        assertThat(out.get(1).isNullAt(2)).isTrue();
        assertThat(out.get(1).isNullAt(3)).isTrue();
        assertThat(out.get(1).isNullAt(4)).isTrue();
    }

    @Test
    void should_name_a_missing_text_column_and_the_columns_present() {
        StudentTransformer t = StudentTransformer.builder().modelPath(model).textColumn("body").build();

        assertThatThrownBy(() -> t.apply(frame)).isInstanceOf(SparkInputException.class)
                .hasMessageContaining("text column 'body' not found").hasMessageContaining("[id, text]");
    }

    @Test
    void should_reject_a_text_column_that_is_not_a_string() {
        StudentTransformer t = StudentTransformer.builder().modelPath(model).textColumn("id").build();

        assertThatThrownBy(() -> t.apply(frame)).isInstanceOf(SparkInputException.class)
                .hasMessageContaining("text column 'id' must be string, not int");
    }

    @Test
    void should_reject_an_output_column_that_exists() {
        StudentTransformer t = StudentTransformer.builder().modelPath(model).labelColumn("id").build();

        assertThatThrownBy(() -> t.apply(frame)).isInstanceOf(SparkInputException.class)
                .hasMessageContaining("output column 'id' already exists");
    }

    @Test
    void should_name_a_student_file_that_does_not_exist() {
        Path missing = dir.resolve("nowhere").resolve("student.onnx");
        StudentTransformer byPath = StudentTransformer.builder().modelPath(missing).build();
        StudentTransformer shipped = StudentTransformer.builder().sparkFile("never-shipped.onnx").build();

        assertThatThrownBy(() -> byPath.apply(frame)).isInstanceOf(SparkInputException.class)
                .hasMessageContaining("student model not found: " + missing.toAbsolutePath());
        assertThatThrownBy(() -> shipped.apply(frame)).isInstanceOf(SparkInputException.class)
                .hasMessageContaining("student file 'never-shipped.onnx' was not shipped");
    }

    @Test
    void should_reject_a_file_that_is_not_a_student() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
        StudentTransformer t = StudentTransformer.builder().modelPath(junk).build();

        assertThatThrownBy(() -> t.apply(frame)).hasMessageContaining(junk.toString());
    }

    @Test
    void should_require_exactly_one_model_location() {
        assertThatThrownBy(() -> StudentTransformer.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("modelPath(...) or sparkFile(...)");
        assertThatThrownBy(() -> StudentTransformer.builder().modelPath("a.onnx").sparkFile("b.onnx"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("model location set twice");
        assertThatThrownBy(() -> StudentTransformer.builder().batchSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize must be >= 1: 0");
    }
}
