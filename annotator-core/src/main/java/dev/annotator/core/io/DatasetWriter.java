package dev.annotator.core.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.LabelledExample;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Writes datasets as CSV or JSON Lines, in UTF-8 with {@code \n} line ends, so that a
 * {@link DatasetReader} with the same format, column names and label separator reads the same
 * dataset back. Immutable and thread-safe; build one with {@link #csv()}, {@link #jsonl()} or
 * {@link #builder()}.
 *
 * <p>Columns are id, text, label and split (default names {@code id}, {@code text}, {@code label},
 * {@code split}), then each metadata key, in sorted order. In CSV, several labels are joined with
 * the separator, an unlabelled row has an empty label cell, and a row lacking a metadata key
 * present in other rows gets an empty cell (read back as an empty string). In JSONL, a
 * single-label task's label is a string (null when unlabelled), a multi-label task's an array;
 * metadata values are written as strings and rows lacking a key lack the field.
 */
public final class DatasetWriter {
    private static final CsvMapper CSV = CsvMapper.builder().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).build();
    private static final ObjectWriter JSON = JsonMapper.builder().build().writer();

    private final DatasetFormat format;
    private final String textColumn;
    private final String labelColumn;
    private final String splitColumn;
    private final String idColumn;
    private final String labelSeparator;

    private DatasetWriter(Builder b) {
        this.format = b.format;
        this.textColumn = b.textColumn;
        this.labelColumn = b.labelColumn;
        this.splitColumn = b.splitColumn;
        this.idColumn = b.idColumn;
        this.labelSeparator = b.labelSeparator;
    }

    /**
     * Starts a writer for CSV (change it with {@link Builder#format}).
     *
     * @return a builder with default settings
     */
    public static Builder builder() {
        return new Builder(DatasetFormat.CSV);
    }

    /**
     * Starts a CSV writer.
     *
     * @return a builder with default settings
     */
    public static Builder csv() {
        return new Builder(DatasetFormat.CSV);
    }

    /**
     * Starts a JSON Lines writer.
     *
     * @return a builder with default settings
     */
    public static Builder jsonl() {
        return new Builder(DatasetFormat.JSONL);
    }

    /** @return the format this writer produces */
    public DatasetFormat format() {
        return format;
    }

    /**
     * Writes a dataset to a file, replacing any existing file. The dataset is checked before the
     * file is opened.
     *
     * @param dataset the dataset
     * @param file where to write
     * @throws IllegalArgumentException when a metadata key is one of the four column names, or (CSV)
     *     a row's labels could not be read back: several labels one of which contains the label
     *     separator, or whose joined form is itself a label
     * @throws IOException when writing fails
     */
    public void write(Dataset dataset, Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        List<String> metaKeys = check(dataset);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(dataset, metaKeys, out);
        }
    }

    /**
     * Writes a dataset to a writer, which is flushed and left open.
     *
     * @param dataset the dataset
     * @param out where to write
     * @throws IllegalArgumentException when a metadata key is one of the four column names, or (CSV)
     *     a row's labels could not be read back: several labels one of which contains the label
     *     separator, or whose joined form is itself a label
     * @throws IOException when writing fails
     */
    public void write(Dataset dataset, Writer out) throws IOException {
        Objects.requireNonNull(out, "out");
        write(dataset, check(dataset), out);
    }

    /** Validates the dataset against the columns; returns the sorted metadata keys. */
    private List<String> check(Dataset dataset) {
        Objects.requireNonNull(dataset, "dataset");
        TreeSet<String> keys = new TreeSet<>();
        for (LabelledExample r : dataset.rows()) {
            keys.addAll(r.example().metadata().keySet());
            if (format == DatasetFormat.CSV && r.labels().size() > 1) {
                for (String l : r.labels()) {
                    if (l.contains(labelSeparator)) {
                        throw new IllegalArgumentException("label '" + l + "' of example '" + r.id()
                                + "' contains the label separator '" + labelSeparator + "'; choose another labelSeparator");
                    }
                }
                String joined = String.join(labelSeparator, r.labels());
                if (dataset.task().hasLabel(joined)) {
                    throw new IllegalArgumentException("labels " + r.labels() + " of example '" + r.id() + "' joined with '"
                            + labelSeparator + "' read back as the single label '" + joined + "'; choose another labelSeparator");
                }
            }
        }
        for (String reserved : List.of(idColumn, textColumn, labelColumn, splitColumn)) {
            if (keys.contains(reserved)) {
                throw new IllegalArgumentException("metadata key '" + reserved + "' is also the name of a column; rename the "
                        + "column on the writer");
            }
        }
        return List.copyOf(keys);
    }

    private void write(Dataset dataset, List<String> metaKeys, Writer out) throws IOException {
        if (format == DatasetFormat.CSV) {
            writeCsv(dataset, metaKeys, out);
        } else {
            writeJsonl(dataset, metaKeys, out);
        }
        out.flush();
    }

    private void writeCsv(Dataset dataset, List<String> metaKeys, Writer out) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().addColumn(idColumn).addColumn(textColumn).addColumn(labelColumn)
                .addColumn(splitColumn);
        metaKeys.forEach(schema::addColumn);
        try (SequenceWriter w = CSV.writerFor(String[].class).with(schema.setUseHeader(true).build())
                .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE).writeValues(out)) {
            String[] cells = new String[4 + metaKeys.size()];
            for (LabelledExample r : dataset.rows()) {
                cells[0] = r.id();
                cells[1] = r.text();
                cells[2] = String.join(labelSeparator, r.labels());
                cells[3] = r.split().fileName();
                Map<String, String> meta = r.example().metadata();
                for (int i = 0; i < metaKeys.size(); i++) {
                    cells[4 + i] = meta.getOrDefault(metaKeys.get(i), "");
                }
                w.write(cells);
            }
        }
    }

    private void writeJsonl(Dataset dataset, List<String> metaKeys, Writer out) throws IOException {
        boolean multi = dataset.task().isMultiLabel();
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        for (LabelledExample r : dataset.rows()) {
            ObjectNode o = nodes.objectNode();
            o.put(idColumn, r.id());
            o.put(textColumn, r.text());
            if (multi) {
                ArrayNode a = o.putArray(labelColumn);
                r.labels().forEach(a::add);
            } else if (r.isLabelled()) {
                o.put(labelColumn, r.labels().get(0));
            } else {
                o.putNull(labelColumn);
            }
            o.put(splitColumn, r.split().fileName());
            Map<String, String> meta = r.example().metadata();
            for (String k : metaKeys) {
                String v = meta.get(k);
                if (v != null) {
                    o.put(k, v);
                }
            }
            out.write(JSON.writeValueAsString(o));
            out.write('\n');
        }
    }

    /** Builder for {@link DatasetWriter}; not thread-safe. */
    public static final class Builder {
        private DatasetFormat format;
        private String textColumn = Columns.TEXT;
        private String labelColumn = Columns.LABEL;
        private String splitColumn = Columns.SPLIT;
        private String idColumn = Columns.ID;
        private String labelSeparator = Columns.SEPARATOR;

        private Builder(DatasetFormat format) {
            this.format = format;
        }

        /**
         * @param format the file format; default CSV for {@link DatasetWriter#builder()}
         * @return this builder
         */
        public Builder format(DatasetFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * @param name the text column; default {@code text}
         * @return this builder
         * @throws IllegalArgumentException when the name is blank or has surrounding whitespace
         */
        public Builder textColumn(String name) {
            this.textColumn = Columns.requireName("textColumn", name);
            return this;
        }

        /**
         * @param name the label column; default {@code label}
         * @return this builder
         * @throws IllegalArgumentException when the name is blank or has surrounding whitespace
         */
        public Builder labelColumn(String name) {
            this.labelColumn = Columns.requireName("labelColumn", name);
            return this;
        }

        /**
         * @param name the split column; default {@code split}
         * @return this builder
         * @throws IllegalArgumentException when the name is blank or has surrounding whitespace
         */
        public Builder splitColumn(String name) {
            this.splitColumn = Columns.requireName("splitColumn", name);
            return this;
        }

        /**
         * @param name the id column; default {@code id}
         * @return this builder
         * @throws IllegalArgumentException when the name is blank or has surrounding whitespace
         */
        public Builder idColumn(String name) {
            this.idColumn = Columns.requireName("idColumn", name);
            return this;
        }

        /**
         * @param separator what joins several labels in a CSV cell; default {@code |}
         * @return this builder
         * @throws IllegalArgumentException when the separator is empty or blank
         */
        public Builder labelSeparator(String separator) {
            this.labelSeparator = Columns.requireSeparator(separator);
            return this;
        }

        /**
         * Builds the writer.
         *
         * @return the writer
         * @throws IllegalArgumentException when two of the text, label, split and id columns have the
         *     same name
         */
        public DatasetWriter build() {
            Columns.requireDistinct(textColumn, labelColumn, splitColumn, idColumn);
            return new DatasetWriter(this);
        }
    }
}
