package dev.annotator.core.io;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Pulls raw rows out of a file, one at a time. Never closes the underlying reader. Not API. */
interface RowSource extends Closeable {

    /** @return the header's column names in file order, or an empty list for JSONL */
    List<String> columns();

    /** @return the line of the header row, or 1 when there is none */
    long headerLine();

    /**
     * Reads the next row.
     *
     * @return the row, or null at the end of the input
     * @throws DatasetFormatException when the row is malformed
     * @throws IOException when reading fails
     */
    RawRow next() throws IOException;

    /** @return false once an error left the input in a state no further row can be read from */
    boolean canContinue();
}
