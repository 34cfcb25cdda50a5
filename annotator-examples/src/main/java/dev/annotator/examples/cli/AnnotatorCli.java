package dev.annotator.examples.cli;

import dev.annotator.core.AnnotatorException;
import dev.annotator.core.Version;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code annotator} command line: {@code annotate}, {@code incubate}, {@code train}, {@code predict} and {@code demo}. Every
 * command accepts {@code --json} and then prints one JSON object, summarising what it did, as the
 * last line of standard output.
 */
@Command(name = "annotator", mixinStandardHelpOptions = true, versionProvider = AnnotatorCli.VersionProvider.class,
        description = "Label text with an LLM and distil it into a small ONNX student.",
        subcommands = {AnnotateCommand.class, ActiveCommand.class, IncubateCommand.class, TrainCommand.class, PredictCommand.class, DemoCommand.class, ReportCommand.class,
            ProgramsCommand.class,
            DistillCommand.class,
            CommandLine.HelpCommand.class})
public final class AnnotatorCli {

    /** Exit code for bad input (files, options, data). */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit code for I/O failures. */
    public static final int EXIT_IO = 3;

    private AnnotatorCli() {
    }

    /**
     * Runs the command line and exits with its status. First points ONNX Runtime at native libraries
     * cached under {@code ~/.cache/annotator} (or {@code $ANNOTATOR_CACHE_DIR}) instead of letting it
     * copy them out of the jar on every start.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        NativeLibraryCache.useDefault();
        System.exit(run(args));
    }

    /**
     * Runs the command line without exiting, for tests and embedding.
     *
     * @param args command-line arguments
     * @return the exit status: 0 on success
     */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * Runs the command line with chosen output streams.
     *
     * @param out standard output
     * @param err standard error
     * @param args command-line arguments
     * @return the exit status: 0 on success
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    private static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new AnnotatorCli());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable t = ex instanceof UncheckedIOException ? ex.getCause() : ex;
            commandLine.getErr().println("error: " + t.getMessage());
            commandLine.getErr().flush();
            if (t instanceof IOException) {
                return EXIT_IO;
            }
            if (t instanceof AnnotatorException || t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
                return EXIT_BAD_INPUT;
            }
            throw ex;
        });
        return cl;
    }

    /** Reports the library version. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"annotator " + Version.get()};
        }
    }
}
