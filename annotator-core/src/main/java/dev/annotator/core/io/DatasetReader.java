package dev.annotator.core.io;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.task.Label;
import dev.annotator.core.task.Task;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads datasets from CSV or JSON Lines files. Immutable and thread-safe; build one with
 * {@link #csv()}, {@link #jsonl()} or {@link #builder()}.
 *
 * <p><b>Columns.</b> A CSV file has a header row; a JSONL file has one object per line whose fields
 * play the role of columns. Four columns have a meaning, named by default {@code text},
 * {@code label}, {@code split} and {@code id}:
 *
 * <ul>
 *   <li>text: required, must not be blank.
 *   <li>label: the gold label; several labels are separated by the label separator (default
 *       {@code |}), and JSONL may give a JSON array instead. An empty cell, a JSON null or an empty
 *       array means the row is unlabelled. A cell that is as a whole a label of the task is taken as
 *       that one label even when it contains the separator. Labels are stripped of surrounding
 *       whitespace.
 *   <li>split: {@code train}, {@code dev} or {@code test} (case insensitive; {@code val} and
 *       {@code validation} mean dev).
 *   <li>id: unique within the file. Without an id, a row's id is {@code row-N}, N being its 1-based
 *       position among the data rows (the CSV header and blank lines are not counted, skipped
 *       invalid rows are), so ids are stable for an unchanged file.
 * </ul>
 *
 * <p>A column left at its default name is optional: without a label column every row is
 * unlabelled, without a split column every row is {@link Split#TRAIN}, without an id column ids
 * are row numbers. A column whose name was set on the builder is required: it must be in the CSV
 * header, or a field of every JSONL object. Every other column becomes
 * {@link Example#metadata() metadata}, as text (JSONL values that are not strings as their JSON
 * text; JSON nulls are left out).
 *
 * <p><b>Errors.</b> Any problem raises a {@link DatasetFormatException} with the file, line and
 * problem. With {@code skipInvalidRows(true)} a bad row is skipped instead and reported (to
 * {@link DatasetReadResult#skipped()} and to the {@code onSkippedRow} listener); a missing column
 * and malformed CSV still fail, as nothing after them can be trusted.
 *
 * <p>Files are read as UTF-8 (a leading byte order mark is ignored).
 */
public final class DatasetReader {
    private final DatasetFormat format;
    private final String textColumn;
    private final String labelColumn;
    private final boolean labelColumnRequired;
    private final String splitColumn;
    private final boolean splitColumnRequired;
    private final String idColumn;
    private final boolean idColumnRequired;
    private final String labelSeparator;
    private final boolean skipInvalidRows;
    private final Consumer<DatasetFormatException> onSkippedRow;
    private final boolean streamDuplicateCheck;

    private DatasetReader(Builder b) {
        this.format = b.format;
        this.textColumn = b.textColumn;
        this.labelColumn = b.labelColumn;
        this.labelColumnRequired = b.labelColumnSet;
        this.splitColumn = b.splitColumn;
        this.splitColumnRequired = b.splitColumnSet;
        this.idColumn = b.idColumn;
        this.idColumnRequired = b.idColumnSet;
        this.labelSeparator = b.labelSeparator;
        this.skipInvalidRows = b.skipInvalidRows;
        this.onSkippedRow = b.onSkippedRow;
        this.streamDuplicateCheck = b.streamDuplicateCheck;
    }

    /**
     * Starts a reader for CSV files (change it with {@link Builder#format}).
     *
     * @return a builder with default settings
     */
    public static Builder builder() {
        return new Builder(DatasetFormat.CSV);
    }

    /**
     * Starts a reader for CSV files with a header row.
     *
     * @return a builder with default settings
     */
    public static Builder csv() {
        return new Builder(DatasetFormat.CSV);
    }

    /**
     * Starts a reader for JSON Lines files.
     *
     * @return a builder with default settings
     */
    public static Builder jsonl() {
        return new Builder(DatasetFormat.JSONL);
    }

    /** @return the format this reader parses */
    public DatasetFormat format() {
        return format;
    }

    /**
     * Reads a whole file into a dataset.
     *
     * @param file a UTF-8 file
     * @param task the task whose labels the file's labels must be
     * @return the dataset, rows in file order
     * @throws DatasetFormatException when the file is not a valid dataset for the task
     * @throws IllegalArgumentException when the task is a span task
     * @throws IOException when the file cannot be read
     */
    public Dataset read(Path file, Task task) throws IOException {
        return readWithReport(file, task).dataset();
    }

    /**
     * Reads a whole dataset from a reader, which is left open.
     *
     * @param in the text
     * @param sourceName how to name the input in errors, e.g. a file name
     * @param task the task whose labels the input's labels must be
     * @return the dataset, rows in input order
     * @throws DatasetFormatException when the input is not a valid dataset for the task
     * @throws IllegalArgumentException when the task is a span task
     * @throws IOException when reading fails
     */
    public Dataset read(Reader in, String sourceName, Task task) throws IOException {
        return readWithReport(in, sourceName, task).dataset();
    }

    /**
     * Reads a whole file, also returning the rows skipped when the reader skips invalid rows.
     *
     * @param file a UTF-8 file
     * @param task the task whose labels the file's labels must be
     * @return the dataset and the skipped rows' errors
     * @throws DatasetFormatException when the file is not a valid dataset for the task
     * @throws IllegalArgumentException when the task is a span task
     * @throws IOException when the file cannot be read
     */
    public DatasetReadResult readWithReport(Path file, Task task) throws IOException {
        Objects.requireNonNull(task, "task");
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readWithReport(in, file.toString(), task);
        }
    }

    /**
     * Reads a whole dataset from a reader, which is left open, also returning the rows skipped when
     * the reader skips invalid rows.
     *
     * @param in the text
     * @param sourceName how to name the input in errors, e.g. a file name
     * @param task the task whose labels the input's labels must be
     * @return the dataset and the skipped rows' errors
     * @throws DatasetFormatException when the input is not a valid dataset for the task
     * @throws IllegalArgumentException when the task is a span task
     * @throws IOException when reading fails
     */
    public DatasetReadResult readWithReport(Reader in, String sourceName, Task task) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(task, "task");
        task.requireClassification("DatasetReader (read span data with SpanDatasetReader)");
        List<DatasetFormatException> skipped = new ArrayList<>();
        List<LabelledExample> rows = new ArrayList<>();
        try (RowSource src = open(in, sourceName)) {
            requireColumns(src, sourceName, textColumn, labelColumnRequired ? labelColumn : null,
                    splitColumnRequired ? splitColumn : null, idColumnRequired ? idColumn : null);
            Converter c = new Converter(sourceName, true);
            Consumer<DatasetFormatException> report = e -> {
                skipped.add(e);
                onSkippedRow.accept(e);
            };
            LabelledExample row;
            while ((row = nextValid(src, r -> c.labelled(r, task), report)) != null) {
                rows.add(row);
            }
        }
        return new DatasetReadResult(Dataset.of(task, rows), skipped);
    }

    /**
     * Streams a file's examples (id, text and metadata; labels and splits are ignored) without
     * holding the rows in memory, e.g. to predict over a large file. Close the stream, e.g. with
     * try-with-resources, to close the file. Problems found while streaming are thrown from the
     * stream's terminal operation as {@link DatasetFormatException}, or skipped and reported to the
     * {@code onSkippedRow} listener; read errors are thrown as {@link UncheckedIOException}. To
     * detect duplicates the ids are remembered, unless they are row numbers (CSV without an id
     * column) or {@link Builder#streamDuplicateCheck(boolean)} is off, in which case memory does not
     * grow with the file at all.
     *
     * @param file a UTF-8 file
     * @return the examples in file order; sequential
     * @throws DatasetFormatException when the header lacks a required column
     * @throws IOException when the file cannot be opened or its header read
     */
    public Stream<Example> streamExamples(Path file) throws IOException {
        BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            return streamExamples(in, file.toString()).onClose(() -> {
                try {
                    in.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | RuntimeException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Streams the examples of a reader, which closing the stream leaves open. See
     * {@link #streamExamples(Path)}.
     *
     * @param in the text
     * @param sourceName how to name the input in errors, e.g. a file name
     * @return the examples in input order; sequential
     * @throws DatasetFormatException when the header lacks a required column
     * @throws IOException when the header cannot be read
     */
    public Stream<Example> streamExamples(Reader in, String sourceName) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sourceName, "sourceName");
        RowSource src = open(in, sourceName);
        try {
            requireColumns(src, sourceName, textColumn, null, null, idColumnRequired ? idColumn : null);
        } catch (RuntimeException e) {
            src.close();
            throw e;
        }
        boolean idsFromFile = format == DatasetFormat.JSONL || src.columns().contains(idColumn);
        Converter c = new Converter(sourceName, idsFromFile && streamDuplicateCheck);
        Spliterator<Example> rows = new Spliterators.AbstractSpliterator<Example>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super Example> action) {
                Example e;
                try {
                    e = nextValid(src, c::example, onSkippedRow);
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
                if (e == null) {
                    return false;
                }
                action.accept(e);
                return true;
            }
        };
        return StreamSupport.stream(rows, false).onClose(() -> {
            try {
                src.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Infers a task from the label column of a file, for when the user names no labels. The labels
     * are the distinct labels found, sorted by {@link String#compareTo}, without descriptions and
     * with an empty instruction. The task is multi-label when some row has several labels (a cell
     * holding the separator) or a JSONL row gives its labels as an array; otherwise single-label.
     * Only labels are read: texts, ids and splits are not checked. Rows with bad labels are skipped
     * and reported to the {@code onSkippedRow} listener when the reader skips invalid rows.
     *
     * @param file a UTF-8 file
     * @param taskName the new task's name
     * @return the task
     * @throws DatasetFormatException when the file has no label column, no labels, or a single
     *     label only while no row has several (a single-label task needs two)
     * @throws IOException when the file cannot be read
     */
    public Task inferTask(Path file, String taskName) throws IOException {
        requireTaskName(taskName);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return inferTask(in, file.toString(), taskName);
        }
    }

    /**
     * Infers a task from the label column of a reader, which is left open. See
     * {@link #inferTask(Path, String)}.
     *
     * @param in the text
     * @param sourceName how to name the input in errors, e.g. a file name
     * @param taskName the new task's name
     * @return the task
     * @throws DatasetFormatException when the input has no label column, no labels, or a single
     *     label only while no row has several
     * @throws IOException when reading fails
     */
    public Task inferTask(Reader in, String sourceName, String taskName) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sourceName, "sourceName");
        requireTaskName(taskName);
        TreeSet<String> labels = new TreeSet<>();
        boolean[] multi = {false};
        long headerLine;
        try (RowSource src = open(in, sourceName)) {
            requireColumns(src, sourceName, labelColumn);
            headerLine = src.headerLine();
            Converter c = new Converter(sourceName, false);
            List<String> ls;
            while ((ls = nextValid(src, r -> {
                List<String> l = c.labels(r, null);
                multi[0] |= l.size() > 1 || r.labelArray() != null;
                return l;
            }, onSkippedRow)) != null) {
                labels.addAll(ls);
            }
        }
        if (labels.isEmpty()) {
            throw new DatasetFormatException(sourceName, headerLine, "no labels in " + kind() + " '" + labelColumn
                    + "' to infer task '" + taskName + "' from");
        }
        if (!multi[0] && labels.size() < 2) {
            throw new DatasetFormatException(sourceName, headerLine, "only one label " + labels + " in " + kind() + " '"
                    + labelColumn + "', but single-label task '" + taskName + "' needs at least two");
        }
        Task.Builder b = Task.builder().name(taskName).multiLabel(multi[0]);
        for (String l : labels) {
            b.label(Label.of(l));
        }
        return b.build();
    }

    private static void requireTaskName(String taskName) {
        Objects.requireNonNull(taskName, "taskName");
        if (taskName.isBlank()) {
            throw new IllegalArgumentException("taskName must not be blank: '" + taskName + "'");
        }
    }

    private RowSource open(Reader in, String sourceName) throws IOException {
        if (format == DatasetFormat.CSV) {
            return new CsvRowSource(in, sourceName);
        }
        return new JsonlRowSource(in, sourceName, labelColumn, Set.of(textColumn, splitColumn, idColumn));
    }

    /** Fails unless a CSV header has every non-null column given. JSONL is checked row by row. */
    private void requireColumns(RowSource src, String sourceName, String... required) {
        if (format != DatasetFormat.CSV) {
            return;
        }
        for (String col : required) {
            if (col != null && !src.columns().contains(col)) {
                throw new DatasetFormatException(sourceName, src.headerLine(), "missing column '" + col + "'; the header has "
                        + src.columns());
            }
        }
    }

    private String kind() {
        return format == DatasetFormat.CSV ? "column" : "field";
    }

    /** The next row that converts, skipping and reporting bad ones when so configured; null at the end. */
    private <T> T nextValid(RowSource src, Function<RawRow, T> convert, Consumer<DatasetFormatException> report)
            throws IOException {
        while (true) {
            try {
                RawRow row = src.next();
                return row == null ? null : convert.apply(row);
            } catch (DatasetFormatException e) {
                if (!skipInvalidRows || !src.canContinue()) {
                    throw e;
                }
                report.accept(e);
            }
        }
    }

    /** Validates raw rows of one input. Not thread-safe. */
    private final class Converter {
        private final String source;
        private final Map<String, Long> seenIds;

        Converter(String source, boolean trackIds) {
            this.source = source;
            this.seenIds = trackIds ? new HashMap<>() : null;
        }

        LabelledExample labelled(RawRow row, Task task) {
            String text = text(row);
            String id = id(row);
            Split split = split(row);
            List<String> labels = labels(row, task);
            register(id, row);
            return new LabelledExample(new Example(id, text, metadata(row)), labels, split);
        }

        Example example(RawRow row) {
            String text = text(row);
            String id = id(row);
            register(id, row);
            return new Example(id, text, metadata(row));
        }

        private DatasetFormatException fail(RawRow row, String problem) {
            return new DatasetFormatException(source, row.line(), problem);
        }

        private DatasetFormatException missing(RawRow row, String column) {
            return fail(row, "missing " + kind() + " '" + column + "'");
        }

        private String text(RawRow row) {
            String text = row.values().get(textColumn);
            if (text == null) {
                throw missing(row, textColumn);
            }
            if (text.isBlank()) {
                throw fail(row, "text in " + kind() + " '" + textColumn + "' is blank");
            }
            return text;
        }

        private String id(RawRow row) {
            String id = row.values().get(idColumn);
            if (id == null) {
                if (idColumnRequired) {
                    throw missing(row, idColumn);
                }
                id = "row-" + row.rowNumber();
            } else if (id.isBlank()) {
                throw fail(row, "id in " + kind() + " '" + idColumn + "' is blank");
            }
            if (seenIds != null) {
                Long first = seenIds.get(id);
                if (first != null) {
                    throw fail(row, "duplicate id '" + id + "', first used on line " + first);
                }
            }
            return id;
        }

        private void register(String id, RawRow row) {
            if (seenIds != null) {
                seenIds.put(id, row.line());
            }
        }

        private Split split(RawRow row) {
            String s = row.values().get(splitColumn);
            if (s == null) {
                if (splitColumnRequired) {
                    throw missing(row, splitColumn);
                }
                return Split.TRAIN;
            }
            Optional<Split> split = Split.parse(s);
            if (split.isEmpty()) {
                throw fail(row, "split '" + s + "' is not one of train, dev, test (or val, validation)");
            }
            return split.get();
        }

        /** The row's labels, checked against the task when there is one. */
        List<String> labels(RawRow row, Task task) {
            List<String> labels;
            String cell = row.values().get(labelColumn);
            if (row.labelArray() != null) {
                labels = new ArrayList<>(row.labelArray().size());
                for (String l : row.labelArray()) {
                    String s = l.strip();
                    if (s.isEmpty()) {
                        throw fail(row, "empty label in the array of " + kind() + " '" + labelColumn + "'");
                    }
                    labels.add(s);
                }
            } else if (cell == null) {
                if (labelColumnRequired) {
                    throw missing(row, labelColumn);
                }
                return List.of();
            } else {
                cell = cell.strip();
                if (cell.isEmpty()) {
                    return List.of();
                }
                if (task != null && task.hasLabel(cell)) {
                    return List.of(cell);
                }
                labels = splitLabels(row, cell);
            }
            for (int i = 0; i < labels.size(); i++) {
                String l = labels.get(i);
                if (labels.subList(0, i).contains(l)) {
                    throw fail(row, "label '" + l + "' appears twice in " + labels);
                }
                if (task != null && !task.hasLabel(l)) {
                    throw fail(row, "label '" + l + "' is not a label of task '" + task.name() + "' " + task.labelNames());
                }
            }
            if (task != null && !task.isMultiLabel() && labels.size() > 1) {
                throw fail(row, "task '" + task.name() + "' is single-label but the row has " + labels.size() + " labels "
                        + labels);
            }
            return List.copyOf(labels);
        }

        private List<String> splitLabels(RawRow row, String cell) {
            List<String> parts = new ArrayList<>(2);
            int from = 0;
            int at;
            while ((at = cell.indexOf(labelSeparator, from)) >= 0) {
                parts.add(cell.substring(from, at).strip());
                from = at + labelSeparator.length();
            }
            parts.add(cell.substring(from).strip());
            for (String p : parts) {
                if (p.isEmpty()) {
                    throw fail(row, "empty label in '" + cell + "' (labels are separated by '" + labelSeparator + "')");
                }
            }
            return parts;
        }

        private Map<String, String> metadata(RawRow row) {
            Map<String, String> meta = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : row.values().entrySet()) {
                String k = e.getKey();
                if (!k.equals(textColumn) && !k.equals(labelColumn) && !k.equals(splitColumn) && !k.equals(idColumn)) {
                    meta.put(k, e.getValue());
                }
            }
            return meta;
        }
    }

    /** Builder for {@link DatasetReader}; not thread-safe. */
    public static final class Builder {
        private DatasetFormat format;
        private String textColumn = Columns.TEXT;
        private String labelColumn = Columns.LABEL;
        private boolean labelColumnSet;
        private String splitColumn = Columns.SPLIT;
        private boolean splitColumnSet;
        private String idColumn = Columns.ID;
        private boolean idColumnSet;
        private String labelSeparator = Columns.SEPARATOR;
        private boolean skipInvalidRows;
        private boolean streamDuplicateCheck = true;
        private Consumer<DatasetFormatException> onSkippedRow = e -> {
        };

        private Builder(DatasetFormat format) {
            this.format = format;
        }

        /**
         * @param format the file format; default CSV for {@link DatasetReader#builder()}
         * @return this builder
         */
        public Builder format(DatasetFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /**
         * @param name the column holding the text; default {@code text}; always required
         * @return this builder
         * @throws IllegalArgumentException when the name is blank or has surrounding whitespace
         */
        public Builder textColumn(String name) {
            this.textColumn = Columns.requireName("textColumn", name);
            return this;
        }

        /**
         * Names the label column, which the file must then have.
         *
         * @param name the column holding the gold labels; default {@code label}, used when present
         * @return this builder
         * @throws IllegalArgumentException when the name is blank or has surrounding whitespace
         */
        public Builder labelColumn(String name) {
            this.labelColumn = Columns.requireName("labelColumn", name);
            this.labelColumnSet = true;
            return this;
        }

        /**
         * Names the split column, which the file must then have.
         *
         * @param name the column holding train/dev/test; default {@code split}, used when present
         * @return this builder
         * @throws IllegalArgumentException when the name is blank or has surrounding whitespace
         */
        public Builder splitColumn(String name) {
            this.splitColumn = Columns.requireName("splitColumn", name);
            this.splitColumnSet = true;
            return this;
        }

        /**
         * Names the id column, which the file must then have.
         *
         * @param name the column holding unique ids; default {@code id}, used when present
         * @return this builder
         * @throws IllegalArgumentException when the name is blank or has surrounding whitespace
         */
        public Builder idColumn(String name) {
            this.idColumn = Columns.requireName("idColumn", name);
            this.idColumnSet = true;
            return this;
        }

        /**
         * @param separator what separates several labels in one cell; default {@code |}
         * @return this builder
         * @throws IllegalArgumentException when the separator is empty or blank
         */
        public Builder labelSeparator(String separator) {
            this.labelSeparator = Columns.requireSeparator(separator);
            return this;
        }

        /**
         * @param skip true to skip and report invalid rows instead of failing on the first; default
         *     false. Missing columns and malformed CSV fail regardless.
         * @return this builder
         */
        public Builder skipInvalidRows(boolean skip) {
            this.skipInvalidRows = skip;
            return this;
        }

        /**
         * @param listener called, on the reading thread, with each row skipped because of
         *     {@code skipInvalidRows(true)}; default does nothing
         * @return this builder
         */
        public Builder onSkippedRow(Consumer<DatasetFormatException> listener) {
            this.onSkippedRow = Objects.requireNonNull(listener, "onSkippedRow");
            return this;
        }

        /**
         * Whether {@code streamExamples} remembers every id to reject duplicates (default true).
         * Turn it off to stream files of any size in constant memory, e.g. for prediction, where a
         * repeated id is harmless. Reading a whole {@link Dataset} always checks.
         *
         * @param check whether streaming checks ids for duplicates
         * @return this builder
         */
        public Builder streamDuplicateCheck(boolean check) {
            this.streamDuplicateCheck = check;
            return this;
        }

        /**
         * Builds the reader.
         *
         * @return the reader
         * @throws IllegalArgumentException when two of the text, label, split and id columns have the
         *     same name
         */
        public DatasetReader build() {
            Columns.requireDistinct(textColumn, labelColumn, splitColumn, idColumn);
            return new DatasetReader(this);
        }
    }
}
