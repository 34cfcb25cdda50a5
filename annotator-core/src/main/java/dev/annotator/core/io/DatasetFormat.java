package dev.annotator.core.io;

import java.util.Locale;
import java.util.Optional;

/** The file formats {@link DatasetReader} and {@link DatasetWriter} understand. */
public enum DatasetFormat {
    /** Comma-separated values (RFC 4180) with a header row, UTF-8. */
    CSV,
    /** JSON Lines: one JSON object per line, UTF-8. */
    JSONL;

    /**
     * Guesses the format from a file name's extension: {@code .csv} is CSV; {@code .jsonl} and
     * {@code .ndjson} are JSONL (case insensitive).
     *
     * @param fileName a file name or path
     * @return the format, or empty when the extension is none of these
     */
    public static Optional<DatasetFormat> fromFileName(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
            return Optional.of(JSONL);
        }
        return Optional.empty();
    }
}
