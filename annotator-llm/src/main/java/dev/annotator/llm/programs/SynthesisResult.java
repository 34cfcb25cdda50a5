package dev.annotator.llm.programs;

import dev.annotator.core.programs.LabelingProgram;
import dev.annotator.core.task.Task;
import dev.annotator.llm.cost.Spend;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ProgramSynthesizer#synthesize(int)} run produced.
 *
 * @param task the task the programs are for
 * @param model the model that wrote them
 * @param requested how many programs were asked for
 * @param accepted the programs that passed validation, by index
 * @param rejected the programs that did not, by index, with the reasons
 * @param notAsked indices of programs never asked for because the run stopped (budget)
 * @param spent what this run paid (calls, tokens, money); answers from the store cost nothing
 * @param cachedAnswers how many answers came from the store instead of a call
 * @param stoppedBy why the run stopped before asking for every program (e.g. the budget); empty when
 *     it did not
 */
public record SynthesisResult(Task task, String model, int requested, List<SynthesizedProgram> accepted,
        List<RejectedProgram> rejected, List<Integer> notAsked, Spend spent, long cachedAnswers, Optional<String> stoppedBy) {
    /**
     * Validates and copies.
     *
     * @param task the task
     * @param model the model
     * @param requested programs asked for
     * @param accepted valid programs
     * @param rejected invalid programs
     * @param notAsked indices never asked for
     * @param spent what this run paid
     * @param cachedAnswers answers from the store
     * @param stoppedBy why the run stopped early, if it did
     */
    public SynthesisResult {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(model, "model");
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
        notAsked = List.copyOf(notAsked);
        Objects.requireNonNull(spent, "spent");
        Objects.requireNonNull(stoppedBy, "stoppedBy");
    }

    /** @return the valid programs, in index order */
    public List<LabelingProgram> programs() {
        return accepted.stream().map(SynthesizedProgram::program).toList();
    }

    /**
     * @return the answers the programs used (first answers and repairs, accepted and rejected), whether
     *     paid for in this run or taken from the store: what this route costs in LLM calls, also on a rerun
     *     that made none
     */
    public long answers() {
        return accepted.stream().mapToLong(p -> p.cost().answers()).sum()
                + rejected.stream().mapToLong(p -> p.cost().answers()).sum();
    }

    /** @return model calls this run made (retries and failed calls included) */
    public long calls() {
        return spent.calls();
    }
}
