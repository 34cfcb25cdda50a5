package dev.annotator.core.io;

import dev.annotator.core.data.Dataset;
import java.util.List;
import java.util.Objects;

/**
 * What {@link DatasetReader#readWithReport} read: the dataset and the rows it skipped.
 *
 * @param dataset the valid rows
 * @param skipped one exception per skipped row, in file order; empty unless the reader was built
 *     with {@code skipInvalidRows(true)}; copied to an unmodifiable list
 */
public record DatasetReadResult(Dataset dataset, List<DatasetFormatException> skipped) {

    /**
     * Validates and copies.
     *
     * @param dataset the valid rows
     * @param skipped the skipped rows' errors
     */
    public DatasetReadResult {
        Objects.requireNonNull(dataset, "dataset");
        skipped = List.copyOf(skipped);
    }
}
