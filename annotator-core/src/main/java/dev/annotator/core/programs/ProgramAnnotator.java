package dev.annotator.core.programs;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.data.Example;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One labelling program as an {@link Annotator}: a vote becomes a one-hot annotation with confidence
 * 1 and source {@code program:<name>}; an abstention says whether no rule matched or the regex
 * budget ran out. Costs nothing. Thread-safe.
 */
public final class ProgramAnnotator implements Annotator {
    private final LabelingProgram program;

    private ProgramAnnotator(LabelingProgram program) {
        this.program = program;
    }

    /**
     * @param program the program
     * @return an annotator that applies it
     */
    public static ProgramAnnotator of(LabelingProgram program) {
        return new ProgramAnnotator(Objects.requireNonNull(program, "program"));
    }

    @Override
    public Task task() {
        return program.task();
    }

    @Override
    public String name() {
        return "program:" + program.name();
    }

    @Override
    public List<Annotation> annotate(List<Example> examples) {
        List<Annotation> out = new ArrayList<>(examples.size());
        for (Example e : examples) {
            ProgramVote v = program.apply(e);
            if (v.label().isPresent()) {
                out.add(Annotation.labelled(e.id(), LabelDistribution.oneHot(program.task(), v.label().get()), 1.0, name(),
                        Cost.FREE));
            } else {
                out.add(Annotation.abstained(e.id(), v.budgetExceeded() ? "regular expression budget exceeded"
                        : "no rule matched", name(), Cost.FREE));
            }
        }
        return out;
    }
}
