package dev.annotator.examples.cli;

import dev.annotator.core.io.DatasetFormat;
import dev.annotator.core.io.DatasetReader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Column options shared by commands that read datasets. */
final class DataOptions {
    @Option(names = "--text-col", defaultValue = "text", description = "Text column (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--label-col", defaultValue = "label", description = "Label column (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--split-col", defaultValue = "split", description = "Split column (default: ${DEFAULT-VALUE}).")
    String splitColumn;

    @Option(names = "--label-sep", defaultValue = "|", description = "Separator of several labels in one cell (default: ${DEFAULT-VALUE}).")
    String labelSeparator;

    DatasetReader reader(Path file) {
        return builder(file).build();
    }

    DatasetReader.Builder builder(Path file) {
        DatasetReader.Builder b = textReader(file, textColumn).labelSeparator(labelSeparator);
        if (!labelColumn.equals("label")) {
            b.labelColumn(labelColumn);
        }
        if (!splitColumn.equals("split")) {
            b.splitColumn(splitColumn);
        }
        return b;
    }

    /**
     * A reader of {@code file} in the format its name says (CSV otherwise), naming the text column
     * only when it is not the default, since a named column becomes required.
     */
    static DatasetReader.Builder textReader(Path file, String textColumn) {
        DatasetReader.Builder b = DatasetReader.builder()
                .format(DatasetFormat.fromFileName(file.getFileName().toString()).orElse(DatasetFormat.CSV));
        if (!textColumn.equals("text")) {
            b.textColumn(textColumn);
        }
        return b;
    }
}
