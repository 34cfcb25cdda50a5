package dev.annotator.core.programs;

import java.time.Duration;
import java.util.Objects;

/**
 * Size limits a labelling program must respect to be accepted, and the budget a regular expression
 * gets per text. A regular expression may spend {@code regexBaseSteps + regexStepsPerChar * length}
 * character reads and {@link #regexTimeout()} of wall-clock time on one text; past either, the
 * program abstains on that text and the event is counted. Immutable and thread-safe.
 */
public final class ProgramLimits {
    /** The defaults: generous for hand-written programs, tight enough for machine-written ones. */
    public static final ProgramLimits DEFAULTS = builder().build();

    private final int maxRules;
    private final int maxDepth;
    private final int maxConditions;
    private final int maxTerms;
    private final int maxTermLength;
    private final int maxPatternLength;
    private final int maxProgramChars;
    private final long regexBaseSteps;
    private final long regexStepsPerChar;
    private final Duration regexTimeout;

    private ProgramLimits(Builder b) {
        this.maxRules = b.maxRules;
        this.maxDepth = b.maxDepth;
        this.maxConditions = b.maxConditions;
        this.maxTerms = b.maxTerms;
        this.maxTermLength = b.maxTermLength;
        this.maxPatternLength = b.maxPatternLength;
        this.maxProgramChars = b.maxProgramChars;
        this.regexBaseSteps = b.regexBaseSteps;
        this.regexStepsPerChar = b.regexStepsPerChar;
        this.regexTimeout = b.regexTimeout;
    }

    /**
     * Starts from the defaults: 100 rules, depth 8, 500 conditions, 5000 terms, terms of 100
     * characters, patterns of 500 characters, programs of 1,000,000 characters of JSON, regex budget
     * 100,000 + 200 per character and one second.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the most rules in a program */
    public int maxRules() {
        return maxRules;
    }

    /** @return the deepest nesting of conditions (a rule's {@code when} is depth 1) */
    public int maxDepth() {
        return maxDepth;
    }

    /** @return the most conditions in a program, counting nested ones */
    public int maxConditions() {
        return maxConditions;
    }

    /** @return the most terms in a program, over all term lists */
    public int maxTerms() {
        return maxTerms;
    }

    /** @return the longest term, in characters */
    public int maxTermLength() {
        return maxTermLength;
    }

    /** @return the longest regular expression, in characters */
    public int maxPatternLength() {
        return maxPatternLength;
    }

    /** @return the longest program JSON text, in characters */
    public int maxProgramChars() {
        return maxProgramChars;
    }

    /** @return character reads a regular expression may always spend on one text */
    public long regexBaseSteps() {
        return regexBaseSteps;
    }

    /** @return further character reads a regular expression may spend per character of the text */
    public long regexStepsPerChar() {
        return regexStepsPerChar;
    }

    /** @return the wall-clock time a regular expression may spend on one text */
    public Duration regexTimeout() {
        return regexTimeout;
    }

    /** Builder for {@link ProgramLimits}; not thread-safe. */
    public static final class Builder {
        private int maxRules = 100;
        private int maxDepth = 8;
        private int maxConditions = 500;
        private int maxTerms = 5000;
        private int maxTermLength = 100;
        private int maxPatternLength = 500;
        private int maxProgramChars = 1_000_000;
        private long regexBaseSteps = 100_000;
        private long regexStepsPerChar = 200;
        private Duration regexTimeout = Duration.ofSeconds(1);

        private Builder() {
        }

        private static int positive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        /**
         * @param maxRules the most rules in a program; positive
         * @return this builder
         */
        public Builder maxRules(int maxRules) {
            this.maxRules = positive("maxRules", maxRules);
            return this;
        }

        /**
         * @param maxDepth the deepest nesting of conditions; positive
         * @return this builder
         */
        public Builder maxDepth(int maxDepth) {
            this.maxDepth = positive("maxDepth", maxDepth);
            return this;
        }

        /**
         * @param maxConditions the most conditions in a program; positive
         * @return this builder
         */
        public Builder maxConditions(int maxConditions) {
            this.maxConditions = positive("maxConditions", maxConditions);
            return this;
        }

        /**
         * @param maxTerms the most terms in a program; positive
         * @return this builder
         */
        public Builder maxTerms(int maxTerms) {
            this.maxTerms = positive("maxTerms", maxTerms);
            return this;
        }

        /**
         * @param maxTermLength the longest term; positive
         * @return this builder
         */
        public Builder maxTermLength(int maxTermLength) {
            this.maxTermLength = positive("maxTermLength", maxTermLength);
            return this;
        }

        /**
         * @param maxPatternLength the longest regular expression; positive
         * @return this builder
         */
        public Builder maxPatternLength(int maxPatternLength) {
            this.maxPatternLength = positive("maxPatternLength", maxPatternLength);
            return this;
        }

        /**
         * @param maxProgramChars the longest program JSON text; positive
         * @return this builder
         */
        public Builder maxProgramChars(int maxProgramChars) {
            this.maxProgramChars = positive("maxProgramChars", maxProgramChars);
            return this;
        }

        /**
         * @param baseSteps character reads a regular expression may always spend per text; positive
         * @param stepsPerChar further reads per character of the text; zero or more
         * @return this builder
         */
        public Builder regexSteps(long baseSteps, long stepsPerChar) {
            if (baseSteps <= 0) {
                throw new IllegalArgumentException("regex baseSteps must be positive: " + baseSteps);
            }
            if (stepsPerChar < 0) {
                throw new IllegalArgumentException("regex stepsPerChar must be >= 0: " + stepsPerChar);
            }
            this.regexBaseSteps = baseSteps;
            this.regexStepsPerChar = stepsPerChar;
            return this;
        }

        /**
         * @param regexTimeout wall-clock time a regular expression may spend on one text; positive
         * @return this builder
         */
        public Builder regexTimeout(Duration regexTimeout) {
            Objects.requireNonNull(regexTimeout, "regexTimeout");
            if (regexTimeout.isNegative() || regexTimeout.isZero()) {
                throw new IllegalArgumentException("regexTimeout must be positive: " + regexTimeout);
            }
            this.regexTimeout = regexTimeout;
            return this;
        }

        /** @return the limits */
        public ProgramLimits build() {
            return new ProgramLimits(this);
        }
    }
}
