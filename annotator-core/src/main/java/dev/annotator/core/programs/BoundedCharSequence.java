package dev.annotator.core.programs;

/**
 * A text that counts how often a regular expression reads it and stops the match, by throwing
 * {@link BudgetExceeded}, past a number of reads or a deadline. This is how a catastrophically
 * backtracking pattern such as {@code (a+)+$} is stopped: {@link java.util.regex.Matcher} reads its
 * input only through {@link #charAt(int)}. Not thread-safe; one per evaluation.
 */
final class BoundedCharSequence implements CharSequence {
    private static final long CLOCK_MASK = 4095;
    private final String text;
    private final long maxSteps;
    private final long deadlineNanos;
    private long steps;

    BoundedCharSequence(String text, long maxSteps, long deadlineNanos) {
        this.text = text;
        this.maxSteps = maxSteps;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public char charAt(int index) {
        steps++;
        if (steps > maxSteps) {
            throw new BudgetExceeded();
        }
        if ((steps & CLOCK_MASK) == 0 && System.nanoTime() - deadlineNanos > 0) {
            throw new BudgetExceeded();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }

    long steps() {
        return steps;
    }

    /** Thrown when a match exceeds its budget; carries no stack trace, it is control flow. */
    static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super("regular expression budget exceeded", null, false, false);
        }
    }
}
