package dev.annotator.core.span;

import dev.annotator.core.data.Example;
import dev.annotator.core.data.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A text with its gold (or annotated) spans and its split. The spans are flat: they lie inside the
 * text and do not overlap one another. They are kept sorted by {@link Span#ORDER}; an empty list
 * means the text has no entity.
 *
 * @param example the text, its id and metadata
 * @param spans the spans; copied and sorted
 * @param split the split the example belongs to
 */
public record SpanExample(Example example, List<Span> spans, Split split) {

    /**
     * Validates, copies and sorts.
     *
     * @param example the text, its id and metadata
     * @param spans the spans; copied and sorted
     * @param split the split the example belongs to
     * @throws IllegalArgumentException when a span lies outside the text or two spans overlap; the
     *     message names the example
     */
    public SpanExample {
        Objects.requireNonNull(example, "example");
        Objects.requireNonNull(split, "split");
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Span.ORDER);
        String text = example.text();
        for (int i = 0; i < sorted.size(); i++) {
            Span s = Objects.requireNonNull(sorted.get(i), "span");
            try {
                s.requireWithin(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("example '" + example.id() + "': " + e.getMessage(), e);
            }
            if (i > 0 && sorted.get(i - 1).overlaps(s)) {
                throw new IllegalArgumentException("example '" + example.id() + "': spans " + sorted.get(i - 1) + " and " + s
                        + " overlap");
            }
        }
        spans = List.copyOf(sorted);
    }

    /**
     * An example without metadata.
     *
     * @param id the id
     * @param text the text
     * @param spans the spans
     * @param split the split
     * @return the example
     */
    public static SpanExample of(String id, String text, List<Span> spans, Split split) {
        return new SpanExample(new Example(id, text, Map.of()), spans, split);
    }

    /** @return the example id */
    public String id() {
        return example.id();
    }

    /** @return the text */
    public String text() {
        return example.text();
    }

    /**
     * The covered text of each span, in span order.
     *
     * @return the surface strings
     */
    public List<String> spanTexts() {
        return spans.stream().map(s -> s.coveredText(example.text())).toList();
    }
}
