package dev.annotator.llm.incubate;

import dev.annotator.core.task.Label;
import dev.annotator.core.task.Task;
import dev.annotator.llm.cost.Spend;
import java.io.PrintStream;
import java.util.Objects;

/**
 * Labels a model proposed for an instruction, to be shown and confirmed (or edited) before any data
 * is generated for them: a plan step, nothing is generated.
 *
 * @param task the proposed task: the instruction and the proposed labels with their descriptions
 * @param model the model that proposed them
 * @param cached whether the answer came from the store (nothing was paid)
 * @param spent what proposing cost (zero when cached)
 */
public record TaskProposal(Task task, String model, boolean cached, Spend spent) {

    /**
     * Validates.
     *
     * @param task the proposed task
     * @param model the model
     * @param cached from the store
     * @param spent what it cost
     */
    public TaskProposal {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(spent, "spent");
    }

    /** @return the proposed labels and descriptions, one per line, as readable text */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("=== proposed labels for task '").append(task.name()).append("' (model ").append(model)
                .append(cached ? ", from the store" : "").append(") ===\n");
        sb.append("instruction: ").append(task.instruction()).append('\n');
        for (Label l : task.labels()) {
            sb.append("- ").append(l.name());
            if (!l.description().isBlank()) {
                sb.append(": ").append(l.description());
            }
            sb.append('\n');
        }
        sb.append("labels: ").append(String.join(",", task.labelNames())).append('\n');
        sb.append("spent: ").append(spent).append('\n');
        return sb.toString();
    }

    /**
     * Prints {@link #render()}.
     *
     * @param out where to print
     */
    public void print(PrintStream out) {
        out.print(render());
        out.flush();
    }
}
