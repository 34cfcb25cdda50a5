package dev.annotator.core.pipeline;

/**
 * How many texts an {@link ActiveAnnotationLoop} selects in each round: an initial batch (round 0,
 * usually chosen without a student: the cold start), then {@code rounds} further rounds of
 * {@code perRound} texts each. LLMAAA uses 50 + 9 × 50 ({@link #llmaaa()}).
 *
 * @param initialBatch texts selected in round 0; positive
 * @param rounds further rounds after round 0; zero or more
 * @param perRound texts selected in each further round; positive
 */
public record LoopSchedule(int initialBatch, int rounds, int perRound) {

    /**
     * Validates.
     *
     * @param initialBatch texts selected in round 0; positive
     * @param rounds further rounds after round 0; zero or more
     * @param perRound texts selected in each further round; positive
     */
    public LoopSchedule {
        if (initialBatch <= 0) {
            throw new IllegalArgumentException("initialBatch must be positive: " + initialBatch);
        }
        if (rounds < 0) {
            throw new IllegalArgumentException("rounds must be >= 0: " + rounds);
        }
        if (perRound <= 0) {
            throw new IllegalArgumentException("perRound must be positive: " + perRound);
        }
    }

    /**
     * A schedule.
     *
     * @param initialBatch texts selected in round 0; positive
     * @param rounds further rounds after round 0; zero or more
     * @param perRound texts selected in each further round; positive
     * @return the schedule
     */
    public static LoopSchedule of(int initialBatch, int rounds, int perRound) {
        return new LoopSchedule(initialBatch, rounds, perRound);
    }

    /** @return LLMAAA's schedule: 50 initial texts, then 9 rounds of 50 (500 in all) */
    public static LoopSchedule llmaaa() {
        return new LoopSchedule(50, 9, 50);
    }

    /** @return rounds in all, round 0 included */
    public int totalRounds() {
        return rounds + 1;
    }

    /** @return texts selected over the whole schedule */
    public long totalTexts() {
        return initialBatch + (long) rounds * perRound;
    }

    /**
     * @param round a round, from 0
     * @return how many texts it selects
     * @throws IllegalArgumentException when the round is outside the schedule
     */
    public int batchSize(int round) {
        if (round < 0 || round > rounds) {
            throw new IllegalArgumentException("round must be in [0, " + rounds + "]: " + round);
        }
        return round == 0 ? initialBatch : perRound;
    }

    @Override
    public String toString() {
        return initialBatch + " + " + rounds + " x " + perRound;
    }
}
