package dev.annotator.core.programs;

import dev.annotator.core.data.Example;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A labelling program: an ordered list of {@link Rule}s for one {@link Task}. Applied to a text, the
 * first rule whose condition holds gives the program's label; when none holds, the program
 * abstains. Programs are data (JSON, see {@link ProgramJson} and {@code program.schema.json}) that
 * the library interprets: nothing is compiled or executed. Every instance has passed validation.
 * Immutable and thread-safe.
 */
public final class LabelingProgram {
    private final String name;
    private final Task task;
    private final String description;
    private final List<Rule> rules;
    private final ProgramLimits limits;
    private final List<Compiled.Test> compiled;

    LabelingProgram(String name, Task task, String description, List<Rule> rules, ProgramLimits limits) {
        this.name = name;
        this.task = task;
        this.description = description;
        this.rules = List.copyOf(rules);
        this.limits = limits;
        List<Compiled.Test> c = new ArrayList<>(rules.size());
        for (Rule r : rules) {
            c.add(Compiled.compile(r.when(), limits));
        }
        this.compiled = List.copyOf(c);
    }

    /**
     * Builds and validates a program in code, with the default limits.
     *
     * @param name the program name: 1-100 letters, digits, {@code .}, {@code _} or {@code -}
     * @param task the task whose labels the rules give
     * @param description what the program looks for; may be empty
     * @param rules the rules, in order
     * @return the program
     * @throws ProgramValidationException listing every problem, with JSON paths
     */
    public static LabelingProgram of(String name, Task task, String description, List<Rule> rules) {
        return of(name, task, description, rules, ProgramLimits.DEFAULTS);
    }

    /**
     * Builds and validates a program in code.
     *
     * @param name the program name: 1-100 letters, digits, {@code .}, {@code _} or {@code -}
     * @param task the task whose labels the rules give
     * @param description what the program looks for; may be empty
     * @param rules the rules, in order
     * @param limits the limits to validate against and apply with
     * @return the program
     * @throws ProgramValidationException listing every problem, with JSON paths
     */
    public static LabelingProgram of(String name, Task task, String description, List<Rule> rules, ProgramLimits limits) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(description, "description");
        return ProgramJson.fromTree(ProgramJson.toTree(name, task.name(), description, rules), task, limits,
                "program '" + name + "'");
    }

    /** @return the program name, unique within a directory of programs */
    public String name() {
        return name;
    }

    /** @return the task whose labels the program gives */
    public Task task() {
        return task;
    }

    /** @return what the program looks for; may be empty */
    public String description() {
        return description;
    }

    /** @return the rules, in the order they are tried */
    public List<Rule> rules() {
        return rules;
    }

    /** @return the limits the program was validated against and is applied with */
    public ProgramLimits limits() {
        return limits;
    }

    /**
     * Applies the program to one example.
     *
     * @param example the example
     * @return its vote
     */
    public ProgramVote apply(Example example) {
        return apply(example.text());
    }

    /**
     * Applies the program to one text.
     *
     * @param text the text
     * @return its vote
     */
    public ProgramVote apply(String text) {
        return apply(new TextView(Objects.requireNonNull(text, "text")));
    }

    ProgramVote apply(TextView view) {
        try {
            for (int i = 0; i < compiled.size(); i++) {
                if (compiled.get(i).test(view)) {
                    return ProgramVote.label(rules.get(i).label(), i);
                }
            }
            return ProgramVote.noMatch();
        } catch (BoundedCharSequence.BudgetExceeded e) {
            return ProgramVote.outOfBudget();
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LabelingProgram)) {
            return false;
        }
        LabelingProgram p = (LabelingProgram) o;
        return name.equals(p.name) && task.equals(p.task) && description.equals(p.description) && rules.equals(p.rules);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, task, description, rules);
    }

    @Override
    public String toString() {
        return "LabelingProgram[" + name + ", task=" + task.name() + ", rules=" + rules.size() + "]";
    }
}
