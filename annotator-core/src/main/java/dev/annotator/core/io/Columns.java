package dev.annotator.core.io;

import java.util.Objects;

/** Column-name checks shared by the reader and writer builders. Not API. */
final class Columns {
    static final String TEXT = "text";
    static final String LABEL = "label";
    static final String SPLIT = "split";
    static final String ID = "id";
    static final String SEPARATOR = "|";

    private Columns() {
    }

    static String requireName(String parameter, String value) {
        Objects.requireNonNull(value, parameter);
        if (value.isBlank() || !value.strip().equals(value)) {
            throw new IllegalArgumentException(parameter + " must be non-blank without surrounding whitespace: '" + value + "'");
        }
        return value;
    }

    static String requireSeparator(String value) {
        Objects.requireNonNull(value, "labelSeparator");
        if (value.isBlank()) {
            throw new IllegalArgumentException("labelSeparator must not be empty or blank: '" + value + "'");
        }
        return value;
    }

    static void requireDistinct(String text, String label, String split, String id) {
        String[] params = {"textColumn", "labelColumn", "splitColumn", "idColumn"};
        String[] names = {text, label, split, id};
        for (int i = 0; i < names.length; i++) {
            for (int j = i + 1; j < names.length; j++) {
                if (names[i].equals(names[j])) {
                    throw new IllegalArgumentException(params[i] + " and " + params[j] + " must differ but both are '" + names[i]
                            + "'");
                }
            }
        }
    }
}
