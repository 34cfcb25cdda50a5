package dev.annotator.spark;

import dev.annotator.spark.internal.AnnotatePartition;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Runs an {@link dev.annotator.core.annotate.Annotator} over a DataFrame, for teams that label at
 * scale: every partition gets its own annotator from a serializable {@link AnnotatorFactory}, which
 * answers batches of {@link Builder#batchSize(int) batchSize} rows; each annotation is written to the
 * store from an optional {@link AnnotationStoreFactory} (one store per partition) and into columns.
 *
 * <p>Output columns, after all input columns: {@code labelColumn} (string; null for an abstention),
 * {@code confidenceColumn} (double; null for an abstention), {@code sourceColumn} (string, the
 * annotator's name), {@code abstentionColumn} (string, the reason; null when labelled) and, when set,
 * {@code distributionColumn} (map&lt;string,double&gt;). Rows with a null or blank id or text are not
 * sent to the annotator: they get the abstention reason {@code no id} or {@code no text}.
 *
 * <p>The annotator and store are closed when their partition is done (also when its task fails). A
 * retried or speculative task annotates its partition again: an annotator that keeps a response
 * store (as the LLM annotators do) answers the repeat from it without paying twice. Spark may also
 * recompute a partition when the result is used by more than one action: cache or write the result.
 *
 * <p>Immutable and thread-safe.
 */
public final class AnnotatorTransformer {
    private final AnnotatorFactory annotators;
    private final AnnotationStoreFactory stores;
    private final String idColumn;
    private final String textColumn;
    private final String labelColumn;
    private final String confidenceColumn;
    private final String sourceColumn;
    private final String abstentionColumn;
    private final String distributionColumn;
    private final int batchSize;

    private AnnotatorTransformer(Builder b) {
        this.annotators = b.annotators;
        this.stores = b.stores;
        this.idColumn = b.idColumn;
        this.textColumn = b.textColumn;
        this.labelColumn = b.labelColumn;
        this.confidenceColumn = b.confidenceColumn;
        this.sourceColumn = b.sourceColumn;
        this.abstentionColumn = b.abstentionColumn;
        this.distributionColumn = b.distributionColumn;
        this.batchSize = b.batchSize;
    }

    /** @return a builder; an {@link AnnotatorFactory} is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Appends each row's annotation. Checks the columns on the driver; the annotation itself runs
     * when the result is computed.
     *
     * @param input the DataFrame holding {@code idColumn} (any type, compared as its string form) and
     *     {@code textColumn} (string)
     * @return the input's columns followed by the annotation columns
     * @throws SparkInputException when a column is missing, has the wrong type or already exists
     */
    public Dataset<Row> apply(Dataset<Row> input) {
        Objects.requireNonNull(input, "input");
        StructType in = input.schema();
        List<String> names = List.of(in.fieldNames());
        int idIndex = names.indexOf(idColumn);
        if (idIndex < 0) {
            throw new SparkInputException("id column '" + idColumn + "' not found; the DataFrame has columns " + names);
        }
        int textIndex = Columns.requireColumn(in, "text", textColumn, DataTypes.StringType);
        Set<String> outputs = new HashSet<>();
        List<String> outs = distributionColumn == null ? List.of(labelColumn, confidenceColumn, sourceColumn, abstentionColumn)
                : List.of(labelColumn, confidenceColumn, sourceColumn, abstentionColumn, distributionColumn);
        for (String c : outs) {
            Columns.requireAbsent(in, "output", c);
            if (!outputs.add(c)) {
                throw new SparkInputException("output column '" + c + "' is named twice");
            }
        }
        StructType out = in.add(labelColumn, DataTypes.StringType, true)
                .add(confidenceColumn, DataTypes.DoubleType, true)
                .add(sourceColumn, DataTypes.StringType, true)
                .add(abstentionColumn, DataTypes.StringType, true);
        if (distributionColumn != null) {
            out = out.add(distributionColumn, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), true);
        }
        AnnotatePartition f = new AnnotatePartition(annotators, stores, idIndex, textIndex, batchSize, distributionColumn != null);
        return input.mapPartitions(f, Encoders.row(out));
    }

    @Override
    public String toString() {
        return "AnnotatorTransformer[" + idColumn + ", " + textColumn + ", batch " + batchSize
                + (stores == null ? "" : ", with store") + "]";
    }

    /** Settings of an {@link AnnotatorTransformer}. Not thread-safe. */
    public static final class Builder {
        private AnnotatorFactory annotators;
        private AnnotationStoreFactory stores;
        private String idColumn = "id";
        private String textColumn = "text";
        private String labelColumn = "annotation_label";
        private String confidenceColumn = "annotation_confidence";
        private String sourceColumn = "annotation_source";
        private String abstentionColumn = "annotation_abstention";
        private String distributionColumn;
        private int batchSize = 32;

        private Builder() {
        }

        /**
         * @param factory creates one annotator per partition on the executors
         * @return this builder
         */
        public Builder annotator(AnnotatorFactory factory) {
            this.annotators = Objects.requireNonNull(factory, "annotator");
            return this;
        }

        /**
         * @param factory opens one store per partition, to which every annotation is written
         *     ({@link dev.annotator.core.store.AnnotationStore#putAnnotation}); default none
         * @return this builder
         */
        public Builder store(AnnotationStoreFactory factory) {
            this.stores = Objects.requireNonNull(factory, "store");
            return this;
        }

        /**
         * @param name input column with the example ids, unique per text; default {@code id}
         * @return this builder
         */
        public Builder idColumn(String name) {
            this.idColumn = Columns.requireName("idColumn", name);
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
         * @param name output column for the label; default {@code annotation_label}
         * @return this builder
         */
        public Builder labelColumn(String name) {
            this.labelColumn = Columns.requireName("labelColumn", name);
            return this;
        }

        /**
         * @param name output column for the confidence; default {@code annotation_confidence}
         * @return this builder
         */
        public Builder confidenceColumn(String name) {
            this.confidenceColumn = Columns.requireName("confidenceColumn", name);
            return this;
        }

        /**
         * @param name output column for the annotator's name; default {@code annotation_source}
         * @return this builder
         */
        public Builder sourceColumn(String name) {
            this.sourceColumn = Columns.requireName("sourceColumn", name);
            return this;
        }

        /**
         * @param name output column for the abstention reason; default {@code annotation_abstention}
         * @return this builder
         */
        public Builder abstentionColumn(String name) {
            this.abstentionColumn = Columns.requireName("abstentionColumn", name);
            return this;
        }

        /**
         * @param name output column for the distribution (map&lt;string,double&gt;); default none
         * @return this builder
         */
        public Builder distributionColumn(String name) {
            this.distributionColumn = Columns.requireName("distributionColumn", name);
            return this;
        }

        /**
         * @param batchSize examples per annotator call, at least 1; default 32
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
         * @throws IllegalStateException when no annotator factory was set
         */
        public AnnotatorTransformer build() {
            if (annotators == null) {
                throw new IllegalStateException("no annotator: set annotator(...)");
            }
            return new AnnotatorTransformer(this);
        }
    }
}
