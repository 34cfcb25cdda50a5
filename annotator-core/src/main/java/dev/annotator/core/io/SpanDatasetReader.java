package dev.annotator.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.Split;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanDataset;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads span-annotated JSON Lines files into {@link SpanExample}s of a {@link Task span task}.
 * Immutable and thread-safe; build one with {@link #builder()}.
 *
 * <p><b>Format</b> (that of {@code brown_proper_nouns.jsonl}): one JSON object a line,
 * {@code {"id", "text", "spans": [{"start", "end", "type"}], "split"}}; blank lines are skipped.
 * <ul>
 *   <li>{@code text}: required, a non-blank string.
 *   <li>{@code spans}: required, an array (empty when the text has no entity) of objects with
 *       integer {@code start} and {@code end} (end exclusive) and a string {@code type} that is an
 *       entity type of the task. Spans must lie inside the text and must not overlap. Offsets in
 *       the file count Unicode code points (as Python's {@code str} does); in memory they are
 *       converted to Java {@code char} indices, which differ only for texts with characters outside
 *       the Basic Multilingual Plane.
 *   <li>{@code split}: optional, {@code train}, {@code dev} or {@code test} (as
 *       {@link Split#parse(String)}); {@code train} when absent.
 *   <li>{@code id}: optional, unique in the file; {@code row-N} (N the 1-based non-blank line
 *       count) when absent.
 *   <li>Every other field becomes {@link Example#metadata() metadata}: strings as they are, other
 *       values as their JSON text, nulls left out (e.g. {@code genre}).
 * </ul>
 *
 * <p><b>Errors.</b> Any problem raises a {@link DatasetFormatException} naming the file, line and
 * problem (malformed JSON, a missing or ill-typed field, a blank text, offsets outside the text,
 * overlapping spans, an unknown type, a bad split, a duplicate id). With
 * {@code skipInvalidRows(true)} a bad row is skipped and reported to the {@code onSkippedRow}
 * listener instead; an undecodable byte sequence still fails.
 *
 * <p>Files are read as UTF-8 (a leading byte order mark is ignored). To write them, use
 * {@link SpanDatasetWriter}.
 */
public final class SpanDatasetReader {
    private static final ObjectReader JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .reader();
    private static final Set<String> FIELDS = Set.of("id", "text", "spans", "split");

    private final boolean skipInvalidRows;
    private final Consumer<DatasetFormatException> onSkippedRow;

    private SpanDatasetReader(Builder b) {
        this.skipInvalidRows = b.skipInvalidRows;
        this.onSkippedRow = b.onSkippedRow;
    }

    /**
     * Starts a reader.
     *
     * @return a builder with default settings
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Infers the span task of a file, for when the user names no types: its entity types in order of
     * first appearance, each described as {@code "entity type T"}, with the instruction {@code "Mark
     * every T1, T2 span."}. Only the {@code spans} of each record are read; lines that do not parse
     * are passed over (reading the file with the task names them).
     *
     * @param file span JSONL
     * @param taskName the new task's name
     * @return the task
     * @throws IOException when the file cannot be read
     * @throws DatasetFormatException when no record has a span with a type (so there is no type to learn)
     */
    public Task inferTask(Path file, String taskName) throws IOException {
        Objects.requireNonNull(taskName, "taskName");
        Set<String> types = new java.util.LinkedHashSet<>();
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode spans;
                try {
                    spans = JSON.readTree(line.replace("\uFEFF", "")).path("spans");
                } catch (JsonProcessingException e) {
                    continue; // reading the file with the task names the bad line
                }
                for (JsonNode sp : spans) {
                    JsonNode t = sp.path("type");
                    if (t.isTextual() && !t.asText().isBlank()) {
                        types.add(t.asText());
                    }
                }
            }
        }
        if (types.isEmpty()) {
            throw new DatasetFormatException(file.toString(), Math.max(1, lineNo), "no record has a span with a type, so there is"
                    + " no entity type to learn");
        }
        Task.Builder b = Task.builder().name(taskName).kind(TaskKind.SPAN).instruction("Mark every " + String.join(", ", types)
                + " span.");
        for (String t : types) {
            b.label(t, "entity type " + t);
        }
        return b.build();
    }

    /**
     * Reads a whole file.
     *
     * @param file a UTF-8 JSON Lines file
     * @param task the span task whose entity types the file's span types must be
     * @return the dataset, rows in file order
     * @throws DatasetFormatException when the file is not a valid span dataset for the task
     * @throws IllegalArgumentException when the task is not a span task
     * @throws IOException when the file cannot be read
     */
    public SpanDataset read(Path file, Task task) throws IOException {
        try (Stream<SpanExample> rows = stream(file, task)) {
            return SpanDataset.of(task, collect(rows));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Reads a whole dataset from a reader, which is left open.
     *
     * @param in the text
     * @param sourceName how to name the input in errors, e.g. a file name
     * @param task the span task
     * @return the dataset, rows in input order
     * @throws DatasetFormatException when the input is not a valid span dataset for the task
     * @throws IllegalArgumentException when the task is not a span task
     * @throws IOException when reading fails
     */
    public SpanDataset read(Reader in, String sourceName, Task task) throws IOException {
        try (Stream<SpanExample> rows = stream(in, sourceName, task)) {
            return SpanDataset.of(task, collect(rows));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static List<SpanExample> collect(Stream<SpanExample> rows) {
        List<SpanExample> out = new ArrayList<>();
        rows.forEachOrdered(out::add);
        return out;
    }

    /**
     * Streams a file's examples without holding them in memory (ids are remembered to reject
     * duplicates). Close the stream to close the file. Problems are thrown from the terminal
     * operation as {@link DatasetFormatException} (or skipped, see the class comment); read errors
     * as {@link UncheckedIOException}.
     *
     * @param file a UTF-8 JSON Lines file
     * @param task the span task
     * @return the examples in file order; sequential
     * @throws IllegalArgumentException when the task is not a span task
     * @throws IOException when the file cannot be opened
     */
    public Stream<SpanExample> stream(Path file, Task task) throws IOException {
        requireSpanTask(task);
        BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        return stream(in, file.toString(), task).onClose(() -> {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Streams the examples of a reader, which closing the stream leaves open. See
     * {@link #stream(Path, Task)}.
     *
     * @param in the text
     * @param sourceName how to name the input in errors
     * @param task the span task
     * @return the examples in input order; sequential
     * @throws IllegalArgumentException when the task is not a span task
     */
    public Stream<SpanExample> stream(Reader in, String sourceName, Task task) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sourceName, "sourceName");
        requireSpanTask(task);
        Parser p = new Parser(in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in), sourceName, task);
        Spliterator<SpanExample> rows = new Spliterators.AbstractSpliterator<SpanExample>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super SpanExample> action) {
                SpanExample e;
                try {
                    e = p.nextValid();
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
        return StreamSupport.stream(rows, false);
    }

    private static void requireSpanTask(Task task) {
        Objects.requireNonNull(task, "task");
        if (!task.isSpan()) {
            throw new IllegalArgumentException("SpanDatasetReader needs a SPAN task but task '" + task.name() + "' is "
                    + task.kind());
        }
    }

    /** Parses one line at a time; not thread-safe. */
    private final class Parser {
        private final BufferedReader in;
        private final String source;
        private final Task task;
        private final Set<String> ids = new HashSet<>();
        private long line;
        private long row;

        Parser(BufferedReader in, String source, Task task) {
            this.in = in;
            this.source = source;
            this.task = task;
        }

        SpanExample nextValid() throws IOException {
            while (true) {
                String s = nextLine();
                if (s == null) {
                    return null;
                }
                try {
                    return parse(s);
                } catch (DatasetFormatException e) {
                    if (!skipInvalidRows) {
                        throw e;
                    }
                    onSkippedRow.accept(e);
                }
            }
        }

        private String nextLine() throws IOException {
            while (true) {
                String s;
                try {
                    s = in.readLine();
                } catch (CharacterCodingException e) {
                    throw new DatasetFormatException(source, line + 1,
                            "text is not in the expected character encoding (UTF-8 for files): " + e, e);
                }
                if (s == null) {
                    return null;
                }
                line++;
                if (line == 1 && s.startsWith("\uFEFF")) {
                    s = s.substring(1);
                }
                if (!s.isBlank()) {
                    row++;
                    return s;
                }
            }
        }

        private SpanExample parse(String s) {
            JsonNode node;
            try {
                node = JSON.readTree(s);
            } catch (JsonProcessingException e) {
                throw fail("malformed JSON: " + e.getOriginalMessage(), e);
            }
            if (!node.isObject()) {
                throw fail("expected a JSON object, got " + kind(node));
            }
            String text = string(node, "text");
            if (text.isBlank()) {
                throw fail("field 'text' must not be blank");
            }
            JsonNode idNode = node.get("id");
            if (idNode != null && !idNode.isNull() && !idNode.isTextual() && !idNode.isIntegralNumber()) {
                throw fail("field 'id' must be a string or an integer, got " + kind(idNode));
            }
            String id = idNode == null || idNode.isNull() ? "row-" + row : idNode.asText().strip();
            if (id.isEmpty()) {
                throw fail("field 'id' must not be blank");
            }
            Split split = Split.TRAIN;
            if (node.has("split") && !node.get("split").isNull()) {
                String name = string(node, "split");
                split = Split.parse(name).orElseThrow(() -> fail("split '" + name + "' is not train, dev or test"));
            }
            List<Span> spans = spans(node.get("spans"), text);
            Map<String, String> meta = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                JsonNode v = f.getValue();
                if (!FIELDS.contains(f.getKey()) && !v.isNull()) {
                    meta.put(f.getKey(), v.isValueNode() ? v.asText() : v.toString());
                }
            }
            if (!ids.add(id)) {
                throw fail("duplicate id '" + id + "'");
            }
            return new SpanExample(new Example(id, text, meta), spans, split);
        }

        private List<Span> spans(JsonNode arr, String text) {
            if (arr == null || arr.isNull()) {
                throw fail("missing field 'spans' (an array, empty when the text has no entity)");
            }
            if (!arr.isArray()) {
                throw fail("field 'spans' must be an array, got " + kind(arr));
            }
            boolean bmpOnly = text.codePointCount(0, text.length()) == text.length();
            int length = bmpOnly ? text.length() : text.codePointCount(0, text.length());
            List<Span> spans = new ArrayList<>(arr.size());
            for (int i = 0; i < arr.size(); i++) {
                JsonNode o = arr.get(i);
                String at = "span " + (i + 1) + " of " + arr.size();
                if (!o.isObject()) {
                    throw fail(at + " must be an object {start, end, type}, got " + kind(o));
                }
                int start = offset(o, "start", at);
                int end = offset(o, "end", at);
                JsonNode t = o.get("type");
                if (t == null || !t.isTextual()) {
                    throw fail(at + " lacks a string 'type'");
                }
                String type = t.asText();
                String shown = at + " [" + start + ", " + end + ") " + type;
                if (end <= start) {
                    throw fail(shown + ": end must be greater than start");
                }
                if (end > length) {
                    throw fail(shown + ": offsets outside the text (length " + length + ")");
                }
                if (!task.hasLabel(type)) {
                    throw fail(shown + ": type '" + type + "' is not an entity type of task '" + task.name() + "' "
                            + task.labelNames());
                }
                spans.add(bmpOnly ? new Span(start, end, type)
                        : new Span(text.offsetByCodePoints(0, start), text.offsetByCodePoints(0, end), type));
            }
            List<Span> sorted = new ArrayList<>(spans);
            sorted.sort(Span.ORDER);
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i - 1).overlaps(sorted.get(i))) {
                    throw fail("spans " + sorted.get(i - 1) + " '" + sorted.get(i - 1).coveredText(text) + "' and "
                            + sorted.get(i) + " '" + sorted.get(i).coveredText(text) + "' overlap");
                }
            }
            return spans;
        }

        private int offset(JsonNode o, String field, String at) {
            JsonNode v = o.get(field);
            if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
                throw fail(at + " lacks an integer '" + field + "'" + (v == null ? "" : ", got " + v));
            }
            if (v.intValue() < 0) {
                throw fail(at + ": '" + field + "' must be >= 0, got " + v.intValue());
            }
            return v.intValue();
        }

        private String string(JsonNode node, String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw fail("missing field '" + field + "'");
            }
            if (!v.isTextual()) {
                throw fail("field '" + field + "' must be a string, got " + kind(v));
            }
            return v.asText();
        }

        private DatasetFormatException fail(String problem) {
            return new DatasetFormatException(source, line, problem);
        }

        private DatasetFormatException fail(String problem, Throwable cause) {
            return new DatasetFormatException(source, line, problem, cause);
        }
    }

    private static String kind(JsonNode n) {
        return n.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** Builder for {@link SpanDatasetReader}; not thread-safe. */
    public static final class Builder {
        private boolean skipInvalidRows;
        private Consumer<DatasetFormatException> onSkippedRow = e -> {
        };

        private Builder() {
        }

        /**
         * @param skip true to skip and report invalid rows instead of failing on the first; default
         *     false
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

        /** @return the reader */
        public SpanDatasetReader build() {
            return new SpanDatasetReader(this);
        }
    }
}
