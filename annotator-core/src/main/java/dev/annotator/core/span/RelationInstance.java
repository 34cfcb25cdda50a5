package dev.annotator.core.span;

import dev.annotator.core.data.Example;
import java.util.Objects;

/**
 * What a relation annotator or classifier is asked about: a text with two marked entities, the
 * first ({@code e1}, the subject) and the second ({@code e2}, the object). The relation is
 * directed: "e1's parent is e2" differs from "e2's parent is e1".
 *
 * <p>{@link #markedText()} inserts the markers {@value #E1_OPEN}…{@value #E1_CLOSE} and
 * {@value #E2_OPEN}…{@value #E2_CLOSE} around the entities, the usual input of an entity-marker
 * relation classifier; {@link #toExample()} wraps it as a classification {@link Example}, so a
 * relation task can reuse the whole-text machinery (label distributions, training sets,
 * annotations). Markers already present in the text are not escaped.
 *
 * @param example the text, its id and metadata
 * @param e1 the first entity; its type is the entity type, not checked against any task
 * @param e2 the second entity; must not overlap the first
 */
public record RelationInstance(Example example, Span e1, Span e2) {
    /** Marker opening the first entity in {@link #markedText()}. */
    public static final String E1_OPEN = "<e1>";
    /** Marker closing the first entity. */
    public static final String E1_CLOSE = "</e1>";
    /** Marker opening the second entity. */
    public static final String E2_OPEN = "<e2>";
    /** Marker closing the second entity. */
    public static final String E2_CLOSE = "</e2>";
    /** The entity type {@link #fromMarkedText(Example)} gives both entities. */
    public static final String MARKED_TYPE = "entity";

    /**
     * Validates the entities against the text.
     *
     * @param example the text, its id and metadata
     * @param e1 the first entity
     * @param e2 the second entity; must not overlap the first
     * @throws IllegalArgumentException when an entity lies outside the text or the two overlap; the
     *     message names the example
     */
    public RelationInstance {
        Objects.requireNonNull(example, "example");
        Objects.requireNonNull(e1, "e1");
        Objects.requireNonNull(e2, "e2");
        try {
            e1.requireWithin(example.text());
            e2.requireWithin(example.text());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("relation instance '" + example.id() + "': " + e.getMessage(), e);
        }
        if (e1.overlaps(e2)) {
            throw new IllegalArgumentException("relation instance '" + example.id() + "': entities " + e1 + " and " + e2
                    + " overlap");
        }
    }

    /**
     * An instance without metadata.
     *
     * @param id the id
     * @param text the text
     * @param e1 the first entity
     * @param e2 the second entity
     * @return the instance
     */
    public static RelationInstance of(String id, String text, Span e1, Span e2) {
        return new RelationInstance(Example.of(id, text), e1, e2);
    }

    /**
     * The instance a marked text describes: the inverse of {@link #markedText()} and {@link #toExample()},
     * for relation texts that travel as classification {@link Example}s (an annotator's answers, a
     * training set). Both entities get the type {@value #MARKED_TYPE}: marked text does not say more.
     *
     * @param marked an example whose text holds each of {@value #E1_OPEN}, {@value #E1_CLOSE},
     *     {@value #E2_OPEN} and {@value #E2_CLOSE} exactly once, each entity non-empty, the two not nested
     * @return the instance with the markers removed; same id and metadata
     * @throws IllegalArgumentException when the markers are missing, repeated, empty, out of order or
     *     nested; the message names the example
     */
    public static RelationInstance fromMarkedText(Example marked) {
        Objects.requireNonNull(marked, "marked");
        String t = marked.text();
        String[] markers = {E1_OPEN, E1_CLOSE, E2_OPEN, E2_CLOSE};
        int[] at = new int[4];
        for (int k = 0; k < 4; k++) {
            at[k] = t.indexOf(markers[k]);
            if (at[k] < 0 || t.indexOf(markers[k], at[k] + 1) >= 0) {
                throw new IllegalArgumentException("marked text of '" + marked.id() + "' must hold " + markers[k]
                        + " exactly once: " + abbreviate(t));
            }
        }
        boolean ordered = at[0] + E1_OPEN.length() < at[1] && at[2] + E2_OPEN.length() < at[3];
        boolean apart = at[1] < at[2] || at[3] < at[0];
        if (!ordered || !apart) {
            throw new IllegalArgumentException("marked text of '" + marked.id() + "' must mark two non-empty, non-nested"
                    + " entities, each opened before it is closed: " + abbreviate(t));
        }
        Integer[] order = {0, 1, 2, 3};
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(k -> at[k]));
        int[] plain = new int[4];
        StringBuilder text = new StringBuilder(t.length());
        int from = 0;
        for (int k : order) {
            text.append(t, from, at[k]);
            plain[k] = text.length();
            from = at[k] + markers[k].length();
        }
        text.append(t.substring(from));
        return new RelationInstance(new Example(marked.id(), text.toString(), marked.metadata()),
                Span.of(plain[0], plain[1], MARKED_TYPE), Span.of(plain[2], plain[3], MARKED_TYPE));
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? "'" + s + "'" : "'" + s.substring(0, 117) + "...'";
    }

    /** @return the id */
    public String id() {
        return example.id();
    }

    /** @return the text, without markers */
    public String text() {
        return example.text();
    }

    /** @return the first entity's text */
    public String e1Text() {
        return e1.coveredText(example.text());
    }

    /** @return the second entity's text */
    public String e2Text() {
        return e2.coveredText(example.text());
    }

    /**
     * The text with both entities marked, e.g. {@code "<e1>Ann</e1> is the daughter of <e2>Bob</e2>."}.
     *
     * @return the marked text
     */
    public String markedText() {
        String t = example.text();
        boolean e1First = e1.start() < e2.start();
        Span a = e1First ? e1 : e2;
        Span b = e1First ? e2 : e1;
        String aOpen = e1First ? E1_OPEN : E2_OPEN;
        String aClose = e1First ? E1_CLOSE : E2_CLOSE;
        String bOpen = e1First ? E2_OPEN : E1_OPEN;
        String bClose = e1First ? E2_CLOSE : E1_CLOSE;
        return t.substring(0, a.start()) + aOpen + t.substring(a.start(), a.end()) + aClose + t.substring(a.end(), b.start())
                + bOpen + t.substring(b.start(), b.end()) + bClose + t.substring(b.end());
    }

    /**
     * The instance as a classification example: same id and metadata, {@link #markedText()} as text.
     *
     * @return the example
     */
    public Example toExample() {
        return new Example(example.id(), markedText(), example.metadata());
    }
}
