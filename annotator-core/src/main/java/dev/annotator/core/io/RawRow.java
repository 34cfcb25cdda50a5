package dev.annotator.core.io;

import java.util.List;
import java.util.Map;

/**
 * One row as read from a file, before validation. Not API.
 *
 * @param line 1-based physical line where the row starts
 * @param rowNumber 1-based index of the row among the file's data rows (header and blank lines not
 *     counted)
 * @param values field name to value, in file order; JSON null of a configured field is ""
 * @param labelArray the label field when JSONL gave it as an array, else null
 */
record RawRow(long line, long rowNumber, Map<String, String> values, List<String> labelArray) {
}
