package dev.annotator.student.span;

import dev.annotator.core.span.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Snaps spans outwards to whole whitespace-delimited words. A wordpiece tagger marks pieces of
 * words; when the data's spans are whole words (as in pre-tokenized corpora such as Brown, where
 * "Georgia's" is one word and one span), a prediction that stops inside a word ("Georgia") is
 * both a false positive and a false negative under exact matching. Snapping fixes such boundaries.
 * Meant for languages that separate words with spaces: in text without spaces a span would grow to
 * the whole run of characters. Stateless and thread-safe.
 */
public final class WordSpans {
    private WordSpans() {
    }

    /**
     * Extends every span to the whitespace (or text edge) before its start and after its end, then
     * merges spans that now overlap: spans of the same type become one; of two overlapping spans of
     * different types the earlier is kept.
     *
     * @param spans spans of {@code text}, in any order
     * @param text the text they belong to
     * @return the snapped spans, sorted by {@link Span#ORDER} and non-overlapping
     * @throws IllegalArgumentException when a span ends after the text
     */
    public static List<Span> snapToWhitespaceWords(List<Span> spans, String text) {
        Objects.requireNonNull(spans, "spans");
        Objects.requireNonNull(text, "text");
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Span.ORDER);
        List<Span> out = new ArrayList<>(sorted.size());
        for (Span s : sorted) {
            if (s.end() > text.length()) {
                throw new IllegalArgumentException("span " + s + " ends after the text (length " + text.length() + ")");
            }
            int start = s.start();
            int end = s.end();
            while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
                start--;
            }
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            Span snapped = new Span(start, end, s.type());
            if (!out.isEmpty() && out.get(out.size() - 1).overlaps(snapped)) {
                Span last = out.get(out.size() - 1);
                if (last.type().equals(snapped.type())) {
                    out.set(out.size() - 1, new Span(last.start(), Math.max(last.end(), snapped.end()), last.type()));
                }
                continue;
            }
            out.add(snapped);
        }
        return out;
    }
}
