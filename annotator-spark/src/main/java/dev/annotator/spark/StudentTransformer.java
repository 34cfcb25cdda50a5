package dev.annotator.spark;

import dev.annotator.core.student.StudentModel;
import dev.annotator.core.task.Task;
import dev.annotator.spark.internal.ModelLocation;
import dev.annotator.spark.internal.PredictPartition;
import dev.annotator.spark.internal.PredictUdf;
import dev.annotator.spark.internal.StudentCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Applies an exported student to a text column of a DataFrame, appending the predicted label, its
 * probability and, optionally, the chosen labels and the full distribution.
 *
 * <pre>{@code
 * StudentTransformer student = StudentTransformer.builder()
 *         .sparkFile("student.onnx")            // shipped with --files or SparkContext.addFile
 *         .textColumn("body")
 *         .distributionColumn("p")               // optional map<string,double>
 *         .build();
 * Dataset<Row> labelled = student.apply(spark.read().parquet("texts/"));
 * }</pre>
 *
 * <p>Rows are processed with {@code mapPartitions}, {@link Builder#batchSize(int) batchSize} texts per
 * student call. Each executor JVM opens the student once, on its first task, and every later task
 * and partition on that JVM reuses the same ONNX Runtime session; the session lives as long as the
 * executor (see the README, "Spark"). The file is identified by its path and SHA-256, which the
 * driver computes in {@link #apply(Dataset)}; an executor whose copy differs fails the task.
 *
 * <p>Output columns, after all input columns: {@code labelColumn} (string), {@code
 * confidenceColumn} (double, the label's probability), then {@code chosenLabelsColumn}
 * (array&lt;string&gt;, labels at or above 0.5 for a multi-label task, the top label otherwise) and
 * {@code distributionColumn} (map&lt;string,double&gt;, label name to probability) when set. A null
 * text gives null outputs.
 *
 * <p>Immutable and thread-safe; {@link #apply(Dataset)} may be called many times.
 */
public final class StudentTransformer {
    private final ModelLocation location;
    private final StudentLoader loader;
    private final String textColumn;
    private final String labelColumn;
    private final String confidenceColumn;
    private final String chosenLabelsColumn;
    private final String distributionColumn;
    private final int batchSize;

    private StudentTransformer(Builder b) {
        this.location = b.location;
        this.loader = b.loader;
        this.textColumn = b.textColumn;
        this.labelColumn = b.labelColumn;
        this.confidenceColumn = b.confidenceColumn;
        this.chosenLabelsColumn = b.chosenLabelsColumn;
        this.distributionColumn = b.distributionColumn;
        this.batchSize = b.batchSize;
    }

    /** @return a builder; a model location ({@code modelPath} or {@code sparkFile}) is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Appends the student's predictions to every row. Validates on the driver before any job runs:
     * the text column exists and is a string, the output columns do not exist yet, and the student
     * file is found and loads (the driver opens it through the same per-JVM cache the executors use,
     * so in {@code local[*]} mode it is loaded once). Lazy otherwise: predictions run when the result
     * is computed.
     *
     * @param input the DataFrame holding {@code textColumn}
     * @return the input's columns followed by the prediction columns
     * @throws SparkInputException when a column is missing, has the wrong type or already exists, or
     *     the student file cannot be found or loaded
     */
    public Dataset<Row> apply(Dataset<Row> input) {
        Objects.requireNonNull(input, "input");
        StructType in = input.schema();
        int textIndex = Columns.requireColumn(in, "text", textColumn, DataTypes.StringType);
        Set<String> outputs = new HashSet<>();
        for (String c : outputColumns()) {
            Columns.requireAbsent(in, "output", c);
            if (!outputs.add(c)) {
                throw new SparkInputException("output column '" + c + "' is named twice");
            }
        }
        Path file = location.resolve();
        String sha256 = StudentCache.sha256(file);
        StudentCache.get(file, sha256, loader);
        StructType out = in.add(labelColumn, DataTypes.StringType, true).add(confidenceColumn, DataTypes.DoubleType, true);
        if (chosenLabelsColumn != null) {
            out = out.add(chosenLabelsColumn, DataTypes.createArrayType(DataTypes.StringType, false), true);
        }
        if (distributionColumn != null) {
            out = out.add(distributionColumn, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), true);
        }
        PredictPartition f = new PredictPartition(location, sha256, loader, textIndex, batchSize, chosenLabelsColumn != null,
                distributionColumn != null);
        return input.mapPartitions(f, Encoders.row(out));
    }

    /**
     * The task of the student, read on the driver (loading the student into this JVM's cache if it is
     * not there yet).
     *
     * @return the task: its name and label names
     * @throws SparkInputException when the student file cannot be found or loaded
     */
    public Task task() {
        Path file = location.resolve();
        StudentModel model = StudentCache.get(file, StudentCache.sha256(file), loader);
        return model.task();
    }

    /**
     * Registers the student as a SQL function of one text returning a struct {@code <label: string,
     * confidence: double>} (null for a null text), e.g. {@code SELECT sentiment(body).label FROM
     * reviews}. It shares the per-JVM session with {@link #apply(Dataset)} but predicts one text per
     * call, so {@link #apply(Dataset)} is faster on large tables; only the model location and loader of
     * this transformer are used. The student file is validated on the driver as in {@link #apply}.
     *
     * @param spark the session to register the function in
     * @param name the function name
     * @throws SparkInputException when the student file cannot be found or loaded
     */
    public void registerUdf(SparkSession spark, String name) {
        Objects.requireNonNull(spark, "spark");
        Columns.requireName("name", name);
        Path file = location.resolve();
        String sha256 = StudentCache.sha256(file);
        StudentCache.get(file, sha256, loader);
        StructType type = new StructType().add("label", DataTypes.StringType, false).add("confidence", DataTypes.DoubleType, false);
        spark.udf().register(name, new PredictUdf(location, sha256, loader), type);
    }

    private List<String> outputColumns() {
        List<String> c = new ArrayList<>(List.of(labelColumn, confidenceColumn));
        if (chosenLabelsColumn != null) {
            c.add(chosenLabelsColumn);
        }
        if (distributionColumn != null) {
            c.add(distributionColumn);
        }
        return c;
    }

    /** @return the distribution column, when one is written */
    public Optional<String> distributionColumn() {
        return Optional.ofNullable(distributionColumn);
    }

    @Override
    public String toString() {
        return "StudentTransformer[" + location + ", " + textColumn + " -> " + outputColumns() + ", batch " + batchSize + "]";
    }

    /**
     * Closes every student open in this JVM (the driver; in {@code local[*]} mode also the
     * executors' shared sessions). Call it only when no job of this JVM is running, for example after
     * the last action of an application or between test classes. Executors of a cluster release
     * their sessions when their JVM ends.
     */
    public static void closeCachedStudents() {
        StudentCache.clear();
    }

    /** Settings of a {@link StudentTransformer}. Not thread-safe. */
    public static final class Builder {
        private ModelLocation location;
        private StudentLoader loader = StudentLoader.onnx();
        private String textColumn = "text";
        private String labelColumn = "predicted_label";
        private String confidenceColumn = "confidence";
        private String chosenLabelsColumn;
        private String distributionColumn;
        private int batchSize = 256;

        private Builder() {
        }

        /**
         * Reads the student from a path every node of the cluster can read (a local path in
         * {@code local[*]} mode, a shared file system mount otherwise): a {@code .onnx} file, or a
         * directory holding {@code student.onnx} or a single {@code .onnx} file.
         *
         * @param path the student file or directory
         * @return this builder
         * @throws IllegalStateException when a location was already set
         */
        public Builder modelPath(String path) {
            return location(new ModelLocation(Objects.requireNonNull(path, "modelPath"), false));
        }

        /**
         * Reads the student from a path every node of the cluster can read.
         *
         * @param path the student file or directory
         * @return this builder
         * @throws IllegalStateException when a location was already set
         */
        public Builder modelPath(Path path) {
            return modelPath(Objects.requireNonNull(path, "modelPath").toString());
        }

        /**
         * Reads the student from a file shipped to every node with {@code spark-submit --files
         * /local/student.onnx} or {@code SparkContext.addFile}: resolved with {@code SparkFiles.get(name)}
         * in each JVM, else in the working directory.
         *
         * @param name the shipped file's name, e.g. {@code student.onnx}
         * @return this builder
         * @throws IllegalStateException when a location was already set
         */
        public Builder sparkFile(String name) {
            return location(new ModelLocation(Objects.requireNonNull(name, "sparkFile"), true));
        }

        private Builder location(ModelLocation l) {
            if (location != null) {
                throw new IllegalStateException("model location set twice: " + location + " and " + l);
            }
            location = l;
            return this;
        }

        /**
         * @param loader opens the student on each executor; default {@link StudentLoader#onnx()}
         * @return this builder
         */
        public Builder loader(StudentLoader loader) {
            this.loader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * @param name input column with the texts (string); default {@code text}
         * @return this builder
         */
        public Builder textColumn(String name) {
            this.textColumn = Columns.requireName("textColumn", name);
            return this;
        }

        /**
         * @param name output column for the top label (string); default {@code predicted_label}
         * @return this builder
         */
        public Builder labelColumn(String name) {
            this.labelColumn = Columns.requireName("labelColumn", name);
            return this;
        }

        /**
         * @param name output column for the top label's probability (double); default {@code confidence}
         * @return this builder
         */
        public Builder confidenceColumn(String name) {
            this.confidenceColumn = Columns.requireName("confidenceColumn", name);
            return this;
        }

        /**
         * Also writes the chosen labels: those scoring at least 0.5 for a multi-label task, the top
         * label for a single-label one.
         *
         * @param name output column (array&lt;string&gt;)
         * @return this builder
         */
        public Builder chosenLabelsColumn(String name) {
            this.chosenLabelsColumn = Columns.requireName("chosenLabelsColumn", name);
            return this;
        }

        /**
         * Also writes the full distribution.
         *
         * @param name output column (map&lt;string,double&gt;, label name to probability)
         * @return this builder
         */
        public Builder distributionColumn(String name) {
            this.distributionColumn = Columns.requireName("distributionColumn", name);
            return this;
        }

        /**
         * @param batchSize texts per student call within a partition, at least 1; default 256
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @return the transformer
         * @throws IllegalStateException when no model location was set
         */
        public StudentTransformer build() {
            if (location == null) {
                throw new IllegalStateException("no student: set modelPath(...) or sparkFile(...)");
            }
            return new StudentTransformer(this);
        }
    }
}
