package dev.annotator.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rows of a JSON Lines file: one object per non-blank line. Not API. */
final class JsonlRowSource implements RowSource {
    private static final ObjectReader READER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .reader();

    private final BufferedReader in;
    private final String source;
    private final String labelField;
    private final Set<String> scalarFields;
    private long line;
    private long rowNumber;

    /**
     * @param labelField the field that may hold a label array
     * @param scalarFields the other configured fields (text, id, split): must be scalars, and a JSON
     *     null reads as ""
     */
    JsonlRowSource(Reader in, String source, String labelField, Set<String> scalarFields) {
        this.in = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
        this.source = source;
        this.labelField = labelField;
        this.scalarFields = scalarFields;
    }

    @Override
    public List<String> columns() {
        return List.of();
    }

    @Override
    public long headerLine() {
        return 1;
    }

    @Override
    public boolean canContinue() {
        return true;
    }

    @Override
    public RawRow next() throws IOException {
        String s;
        while (true) {
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
                break;
            }
        }
        rowNumber++;
        JsonNode node;
        try {
            node = READER.readTree(s);
        } catch (JsonProcessingException e) {
            throw new DatasetFormatException(source, line, "malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (!node.isObject()) {
            throw new DatasetFormatException(source, line, "expected a JSON object, got " + kind(node));
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> labelArray = null;
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals(labelField) && v.isArray()) {
                labelArray = new ArrayList<>(v.size());
                for (JsonNode e : v) {
                    if (!e.isValueNode() || e.isNull()) {
                        throw new DatasetFormatException(source, line, "field '" + name
                                + "' must be a string or an array of strings, got an array holding " + kind(e));
                    }
                    labelArray.add(e.asText());
                }
                values.put(name, "");
            } else if (name.equals(labelField) || scalarFields.contains(name)) {
                if (v.isNull()) {
                    values.put(name, "");
                } else if (v.isValueNode()) {
                    values.put(name, v.asText());
                } else {
                    throw new DatasetFormatException(source, line, "field '" + name + "' must be a string, got " + kind(v));
                }
            } else if (!v.isNull()) {
                values.put(name, v.isValueNode() ? v.asText() : v.toString());
            }
        }
        return new RawRow(line, rowNumber, values, labelArray);
    }

    private static String kind(JsonNode n) {
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void close() {
        // the caller owns the reader
    }
}
