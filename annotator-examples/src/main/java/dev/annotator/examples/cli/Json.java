package dev.annotator.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.Map;

/** Prints the one-line JSON summary that every command ends with. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static void printLine(PrintWriter out, Map<String, ?> summary) {
        try {
            out.println(MAPPER.writeValueAsString(summary));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising command summary", e);
        }
        out.flush();
    }
}
