package dev.annotator.llm.programs;

import dev.annotator.core.programs.LabelingProgram;
import java.util.Objects;

/**
 * A program the model wrote that passed validation.
 *
 * @param index its position among the programs asked for, from 1
 * @param program the validated program
 * @param repaired whether its first answer was invalid and the repair round fixed it
 * @param cost what it cost
 */
public record SynthesizedProgram(int index, LabelingProgram program, boolean repaired, ProgramCost cost) {
    /**
     * Validates.
     *
     * @param index position from 1
     * @param program the program
     * @param repaired whether it needed the repair round
     * @param cost what it cost
     */
    public SynthesizedProgram {
        if (index < 1) {
            throw new IllegalArgumentException("index must be >= 1: " + index);
        }
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(cost, "cost");
    }

    /** @return the program's name */
    public String name() {
        return program.name();
    }
}
