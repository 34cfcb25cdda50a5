package dev.annotator.core.data;

import java.util.Locale;
import java.util.Optional;

/** Which part of a dataset an example belongs to. */
public enum Split {
    /** Training data (gold or to be annotated). */
    TRAIN,
    /** A small gold set for validation, early stopping, reweighting or demonstrations. */
    DEV,
    /** Held-out evaluation data: never train or tune on it. */
    TEST;

    /**
     * Parses a split name as written in files ({@code train}, {@code dev}, {@code test}; case
     * insensitive; {@code validation} and {@code val} mean dev).
     *
     * @param name the name
     * @return the split, or empty when the name is not a split
     */
    public static Optional<Split> parse(String name) {
        switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "train":
                return Optional.of(TRAIN);
            case "dev":
            case "val":
            case "validation":
                return Optional.of(DEV);
            case "test":
                return Optional.of(TEST);
            default:
                return Optional.empty();
        }
    }

    /** @return the name as written in files */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
