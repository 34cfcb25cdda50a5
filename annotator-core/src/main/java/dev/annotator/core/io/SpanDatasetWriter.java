package dev.annotator.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanDataset;
import dev.annotator.core.span.SpanExample;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes span-annotated examples as JSON Lines in the format {@link SpanDatasetReader} reads:
 * {@code {"id", "text", "spans": [{"start", "end", "type"}], "split", ...metadata}}, UTF-8, one
 * object per {@code \n}-terminated line, offsets in Unicode code points, metadata fields as strings
 * in sorted key order (a metadata key that clashes with one of the four fields is left out).
 * Stateless and thread-safe.
 */
public final class SpanDatasetWriter {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private SpanDatasetWriter() {
    }

    /**
     * Writes a dataset to a file, replacing it.
     *
     * @param dataset the dataset
     * @param file the file
     * @throws IOException when writing fails
     */
    public static void write(SpanDataset dataset, Path file) throws IOException {
        Objects.requireNonNull(dataset, "dataset");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(dataset.rows(), out);
        }
    }

    /**
     * Writes examples to a writer, which is flushed and left open. Any {@code Iterable} works, so a
     * stream can be written without holding it: {@code write(stream::iterator, out)}.
     *
     * @param rows the examples, in output order
     * @param out where to write
     * @throws IOException when writing fails
     */
    public static void write(Iterable<SpanExample> rows, Writer out) throws IOException {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(out, "out");
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(null);
            for (SpanExample r : rows) {
                writeRow(g, r);
                g.flush();
                out.write('\n');
            }
        }
        out.flush();
    }

    private static void writeRow(JsonGenerator g, SpanExample r) throws IOException {
        String text = r.text();
        boolean bmpOnly = text.codePointCount(0, text.length()) == text.length();
        g.writeStartObject();
        g.writeStringField("id", r.id());
        g.writeStringField("text", text);
        g.writeArrayFieldStart("spans");
        for (Span s : r.spans()) {
            g.writeStartObject();
            g.writeNumberField("start", bmpOnly ? s.start() : text.codePointCount(0, s.start()));
            g.writeNumberField("end", bmpOnly ? s.end() : text.codePointCount(0, s.end()));
            g.writeStringField("type", s.type());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("split", r.split().fileName());
        for (Map.Entry<String, String> m : new TreeMap<>(r.example().metadata()).entrySet()) {
            String k = m.getKey();
            if (!k.equals("id") && !k.equals("text") && !k.equals("spans") && !k.equals("split")) {
                g.writeStringField(k, m.getValue());
            }
        }
        g.writeEndObject();
    }
}
