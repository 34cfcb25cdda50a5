package dev.annotator.llm.programs;

import java.util.List;
import java.util.Objects;

/**
 * A program that was asked for but is not usable: every answer (the first and the repairs) failed
 * validation, or the call failed.
 *
 * @param index its position among the programs asked for, from 1
 * @param name the name it would have had
 * @param reasons why, one entry per answer (the validation errors, with JSON paths) or failed call
 * @param cost what it cost
 */
public record RejectedProgram(int index, String name, List<String> reasons, ProgramCost cost) {
    /**
     * Validates and copies.
     *
     * @param index position from 1
     * @param name the name it would have had
     * @param reasons why it was rejected; not empty
     * @param cost what it cost
     */
    public RejectedProgram {
        if (index < 1) {
            throw new IllegalArgumentException("index must be >= 1: " + index);
        }
        Objects.requireNonNull(name, "name");
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a rejected program needs a reason");
        }
        Objects.requireNonNull(cost, "cost");
    }
}
