package dev.annotator.core.eval;

import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.task.Task;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Span micro-F1, the standard NER score (as conlleval and seqeval compute it): a predicted span is
 * right only when start, end and type all equal those of a gold span of the same text; a span with
 * the right type but other boundaries is both a false positive and a false negative. Spans are
 * compared as sets per text, so a repeated span counts once. Precision, recall and F1 follow the
 * zero-division convention of {@link ClassMetrics}. Stateless and thread-safe.
 */
public final class SpanMetrics {

    private SpanMetrics() {
    }

    /**
     * Scores predicted spans against gold spans, text by text.
     *
     * @param task the span task; every span type must be one of its entity types
     * @param gold the gold spans of each text
     * @param predicted the predicted spans of each text, in the same order
     * @return the report
     * @throws IllegalArgumentException when the task is not a span task, the lists differ in size or
     *     are empty, or a span's type is not an entity type of the task
     */
    public static SpanReport evaluate(Task task, List<List<Span>> gold, List<List<Span>> predicted) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(gold, "gold");
        Objects.requireNonNull(predicted, "predicted");
        if (!task.isSpan()) {
            throw new IllegalArgumentException("span metrics need a SPAN task but task '" + task.name() + "' is " + task.kind());
        }
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException("gold has " + gold.size() + " texts but predicted has " + predicted.size());
        }
        if (gold.isEmpty()) {
            throw new IllegalArgumentException("nothing to evaluate: no texts");
        }
        int types = task.labelCount();
        long[] tp = new long[types];
        long[] fp = new long[types];
        long[] fn = new long[types];
        for (int i = 0; i < gold.size(); i++) {
            Set<Span> g = checked(task, gold.get(i), "gold", i);
            Set<Span> p = checked(task, predicted.get(i), "predicted", i);
            for (Span s : p) {
                int t = task.requireIndex(s.type());
                if (g.contains(s)) {
                    tp[t]++;
                } else {
                    fp[t]++;
                }
            }
            for (Span s : g) {
                if (!p.contains(s)) {
                    fn[task.requireIndex(s.type())]++;
                }
            }
        }
        Map<String, ClassMetrics> perType = new LinkedHashMap<>();
        long tpSum = 0;
        long fpSum = 0;
        long fnSum = 0;
        for (int t = 0; t < types; t++) {
            perType.put(task.labelNames().get(t), ClassMetrics.fromCounts(tp[t], fp[t], fn[t]));
            tpSum += tp[t];
            fpSum += fp[t];
            fnSum += fn[t];
        }
        return new SpanReport(ClassMetrics.fromCounts(tpSum, fpSum, fnSum), tpSum, fpSum, fnSum, perType);
    }

    /**
     * The gold spans of examples, in order, for {@link #evaluate(Task, List, List)}.
     *
     * @param examples span-annotated examples
     * @return their spans
     */
    public static List<List<Span>> goldSpans(List<SpanExample> examples) {
        return examples.stream().map(SpanExample::spans).toList();
    }

    private static Set<Span> checked(Task task, List<Span> spans, String side, int text) {
        Objects.requireNonNull(spans, () -> side + " spans of text " + text);
        Set<Span> out = new HashSet<>(spans);
        for (Span s : out) {
            if (!task.hasLabel(Objects.requireNonNull(s, "span").type())) {
                throw new IllegalArgumentException(side + " span " + s + " of text " + text + " has a type that is not an entity"
                        + " type of task '" + task.name() + "' " + task.labelNames());
            }
        }
        return out;
    }
}
