package dev.annotator.core.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rows of a CSV file with a header, parsed by Jackson. Not API. */
final class CsvRowSource implements RowSource {
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .build();

    private final JsonParser parser;
    private final String source;
    private final List<String> columns;
    private final long headerLine;
    private long rowNumber;
    private boolean broken;

    CsvRowSource(Reader in, String source) throws IOException {
        this.source = source;
        this.parser = MAPPER.getFactory().createParser(in);
        List<String> header;
        long line;
        try {
            Cells first = readCells(1);
            if (first == null) {
                throw new DatasetFormatException(source, 1, "no header row: the file is empty");
            }
            header = first.values;
            line = first.line;
        } catch (IOException | RuntimeException e) {
            parser.close();
            throw e;
        }
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
            header.set(0, header.get(0).substring(1));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            header.set(i, name);
            if (!seen.add(name)) {
                parser.close();
                throw new DatasetFormatException(source, line, "column '" + name + "' appears more than once in the header "
                        + header);
            }
        }
        this.columns = Collections.unmodifiableList(header);
        this.headerLine = line;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public long headerLine() {
        return headerLine;
    }

    @Override
    public boolean canContinue() {
        return !broken;
    }

    @Override
    public RawRow next() throws IOException {
        if (broken) {
            throw new IllegalStateException("CSV source " + source + " cannot continue after a parse error");
        }
        Cells cells = readCells(parser.currentLocation().getLineNr());
        if (cells == null) {
            return null;
        }
        rowNumber++;
        if (cells.values.size() != columns.size()) {
            throw new DatasetFormatException(source, cells.line, "row has " + cells.values.size() + " cells but the header has "
                    + columns.size() + " columns " + columns);
        }
        Map<String, String> values = new LinkedHashMap<>(columns.size() * 2);
        for (int i = 0; i < columns.size(); i++) {
            values.put(columns.get(i), cells.values.get(i));
        }
        return new RawRow(cells.line, rowNumber, values, null);
    }

    /** Reads one record; null at end of input. {@code expectedLine} is used until a cell is seen. */
    private Cells readCells(long expectedLine) throws IOException {
        long line = Math.max(1, expectedLine);
        try {
            JsonToken t = parser.nextToken();
            if (t == null) {
                return null;
            }
            if (t != JsonToken.START_ARRAY) {
                throw new IllegalStateException("unexpected CSV token " + t);
            }
            List<String> values = new ArrayList<>();
            while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    break;
                }
                if (values.isEmpty()) {
                    line = parser.currentTokenLocation().getLineNr();
                }
                values.add(parser.getText());
            }
            return new Cells(line, values);
        } catch (JsonProcessingException e) {
            broken = true;
            JsonLocation loc = e.getLocation();
            long at = loc != null && loc.getLineNr() >= 1 ? loc.getLineNr() : line;
            String where = at != line ? " (the row starts on line " + line + ")" : "";
            throw new DatasetFormatException(source, at, "malformed CSV: " + e.getOriginalMessage() + where, e);
        } catch (CharacterCodingException e) {
            broken = true;
            throw new DatasetFormatException(source, Math.max(line, parser.currentLocation().getLineNr()),
                    "text is not in the expected character encoding (UTF-8 for files): " + e, e);
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /** One record's cells and the line it starts on. */
    private static final class Cells {
        final long line;
        final List<String> values;

        Cells(long line, List<String> values) {
            this.line = line;
            this.values = values;
        }
    }
}
