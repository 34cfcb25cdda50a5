package dev.annotator.core.programs;

import dev.annotator.core.data.Example;
import dev.annotator.core.labelmodel.VoteMatrix;
import dev.annotator.core.task.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Working with sets of programs: a directory of {@code *.json} files that people read, edit, version
 * and reload, and applying programs to examples to get a {@link VoteMatrix}. Stateless and
 * thread-safe.
 */
public final class LabelingPrograms {
    private LabelingPrograms() {
    }

    /**
     * Reads every {@code *.json} file of a directory (not recursively), in file-name order, with the
     * default limits.
     *
     * @param dir the directory
     * @param task the task every program must be for
     * @return the programs, in file-name order
     * @throws IOException when the directory or a file cannot be read
     * @throws ProgramValidationException when any program is invalid or two share a name; lists the
     *     errors of every file, each path prefixed with the file name
     */
    public static List<LabelingProgram> readDirectory(Path dir, Task task) throws IOException {
        return readDirectory(dir, task, ProgramLimits.DEFAULTS);
    }

    /**
     * Reads every {@code *.json} file of a directory (not recursively), in file-name order.
     *
     * @param dir the directory
     * @param task the task every program must be for
     * @param limits the limits to validate against and apply with
     * @return the programs, in file-name order
     * @throws IOException when the directory or a file cannot be read
     * @throws ProgramValidationException when any program is invalid or two share a name
     */
    public static List<LabelingProgram> readDirectory(Path dir, Task task, ProgramLimits limits) throws IOException {
        Objects.requireNonNull(task, "task");
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        List<LabelingProgram> out = new ArrayList<>();
        List<ValidationError> errors = new ArrayList<>();
        Map<String, Path> names = new HashMap<>();
        for (Path f : files) {
            String fileName = f.getFileName().toString();
            try {
                LabelingProgram p = ProgramJson.read(Files.readString(f, StandardCharsets.UTF_8), task, limits, fileName);
                Path previous = names.putIfAbsent(p.name(), f);
                if (previous != null) {
                    errors.add(new ValidationError(fileName + ":$.name", "program name '" + p.name() + "' is also used by "
                            + previous.getFileName()));
                } else {
                    out.add(p);
                }
            } catch (ProgramValidationException e) {
                for (ValidationError v : e.errors()) {
                    errors.add(new ValidationError(fileName + ":" + v.path(), v.reason()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ProgramValidationException("directory " + dir, errors);
        }
        return List.copyOf(out);
    }

    /**
     * Writes each program to {@code <name>.json} in a directory, creating it if needed and replacing
     * files of the same names.
     *
     * @param dir the directory
     * @param programs the programs; names must be distinct
     * @throws IOException when a file cannot be written
     * @throws IllegalArgumentException when two programs share a name
     */
    public static void writeDirectory(Path dir, Collection<LabelingProgram> programs) throws IOException {
        requireDistinctNames(programs);
        Files.createDirectories(dir);
        for (LabelingProgram p : programs) {
            Files.writeString(dir.resolve(p.name() + ".json"), ProgramJson.write(p), StandardCharsets.UTF_8);
        }
    }

    /**
     * Applies every program to every example; texts are tokenised and featurised once for all
     * programs.
     *
     * @param programs the programs, all for the same task, with distinct names; they become the
     *     columns
     * @param examples the examples; they become the rows
     * @return the vote matrix and the budget-exceeded counts
     * @throws IllegalArgumentException when there are no programs, programs are for different tasks,
     *     or two share a name
     */
    public static ProgramVotes apply(List<LabelingProgram> programs, List<Example> examples) {
        if (programs.isEmpty()) {
            throw new IllegalArgumentException("no programs to apply");
        }
        requireDistinctNames(programs);
        Task task = programs.get(0).task();
        List<String> names = new ArrayList<>();
        for (LabelingProgram p : programs) {
            if (!p.task().equals(task)) {
                throw new IllegalArgumentException("program '" + p.name() + "' is for task '" + p.task().name() + "', not '"
                        + task.name() + "'");
            }
            names.add(p.name());
        }
        int[][] votes = new int[examples.size()][programs.size()];
        int[] exceeded = new int[programs.size()];
        List<String> ids = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            ids.add(e.id());
            TextView view = new TextView(e.text());
            for (int j = 0; j < programs.size(); j++) {
                ProgramVote v = programs.get(j).apply(view);
                votes[i][j] = v.label().map(task::requireIndex).orElse(VoteMatrix.ABSTAIN);
                if (v.budgetExceeded()) {
                    exceeded[j]++;
                }
            }
        }
        Map<String, Integer> budget = new LinkedHashMap<>();
        for (int j = 0; j < programs.size(); j++) {
            budget.put(names.get(j), exceeded[j]);
        }
        return new ProgramVotes(VoteMatrix.of(task, names, ids, votes), budget);
    }

    private static void requireDistinctNames(Collection<LabelingProgram> programs) {
        Map<String, Boolean> seen = new HashMap<>();
        for (LabelingProgram p : programs) {
            if (seen.put(p.name(), Boolean.TRUE) != null) {
                throw new IllegalArgumentException("two programs are named '" + p.name() + "'");
            }
        }
    }
}
