package dev.annotator.core.task;

import java.util.Objects;
import java.util.Optional;

/**
 * One class a text can be given, with the description that tells an annotator what it means. For a
 * {@link TaskKind#SPAN} task a label is an entity type; for a {@link TaskKind#RELATION} task it is a
 * relation type, which may also carry a verbalizer: a sentence template with the placeholders
 * {@value #E1} and {@value #E2}, such as <code>"{e1}'s parent is {e2}"</code>.
 *
 * @param name the label as it appears in data and answers; non-blank, no surrounding whitespace
 * @param description what the label means (shown to annotators); may be empty
 * @param verbalizer for relation labels, a template holding both {@value #E1} and {@value #E2};
 *     empty for none
 */
public record Label(String name, String description, String verbalizer) {
    /** The placeholder for the first entity in a verbalizer. */
    public static final String E1 = "{e1}";
    /** The placeholder for the second entity in a verbalizer. */
    public static final String E2 = "{e2}";

    /**
     * Validates the label.
     *
     * @param name the label as it appears in data and answers; non-blank, no surrounding whitespace
     * @param description what the label means (shown to annotators); may be empty
     * @param verbalizer for relation labels, a template holding both {@value #E1} and {@value #E2};
     *     empty for none
     */
    public Label {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(verbalizer, "verbalizer");
        if (name.isBlank()) {
            throw new IllegalArgumentException("label name must not be blank");
        }
        if (!name.strip().equals(name)) {
            throw new IllegalArgumentException("label name must not start or end with whitespace: '" + name + "'");
        }
        if (!verbalizer.isEmpty() && (!verbalizer.contains(E1) || !verbalizer.contains(E2))) {
            throw new IllegalArgumentException("verbalizer of label '" + name + "' must contain both " + E1 + " and " + E2
                    + ": '" + verbalizer + "'");
        }
    }

    /**
     * A label without a verbalizer.
     *
     * @param name the label as it appears in data and answers
     * @param description what the label means; may be empty
     */
    public Label(String name, String description) {
        this(name, description, "");
    }

    /**
     * A label without a description.
     *
     * @param name the label name
     * @return the label
     */
    public static Label of(String name) {
        return new Label(name, "");
    }

    /**
     * A label with a description.
     *
     * @param name the label name
     * @param description what the label means
     * @return the label
     */
    public static Label of(String name, String description) {
        return new Label(name, description);
    }

    /**
     * A relation label with a verbalizer.
     *
     * @param name the relation name, e.g. {@code per:parents}
     * @param description what the relation means; may be empty
     * @param verbalizer a template holding {@value #E1} and {@value #E2}, e.g.
     *     <code>"{e1}'s parent is {e2}"</code>
     * @return the label
     */
    public static Label relation(String name, String description, String verbalizer) {
        return new Label(name, description, verbalizer);
    }

    /** @return true when the label has a verbalizer */
    public boolean hasVerbalizer() {
        return !verbalizer.isEmpty();
    }

    /**
     * The verbalizer with both placeholders filled in, e.g. "Ann's parent is Bob".
     *
     * @param e1 the first entity's text
     * @param e2 the second entity's text
     * @return the sentence, or empty when the label has no verbalizer
     */
    public Optional<String> verbalize(String e1, String e2) {
        Objects.requireNonNull(e1, "e1");
        Objects.requireNonNull(e2, "e2");
        if (verbalizer.isEmpty()) {
            return Optional.empty();
        }
        // one pass, so an entity text holding a placeholder is not substituted again
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < verbalizer.length()) {
            if (verbalizer.startsWith(E1, i)) {
                sb.append(e1);
                i += E1.length();
            } else if (verbalizer.startsWith(E2, i)) {
                sb.append(e2);
                i += E2.length();
            } else {
                sb.append(verbalizer.charAt(i++));
            }
        }
        return Optional.of(sb.toString());
    }
}
