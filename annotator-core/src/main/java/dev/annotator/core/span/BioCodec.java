package dev.annotator.core.span;

import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Moves between character {@link Span}s and per-token BIO tags, given only the tokens' character
 * offsets ({@link TokenOffsets}), so a token tagger can use it whatever its tokenizer. Immutable and
 * thread-safe.
 *
 * <p><b>Tag set.</b> For a span task with entity types {@code T1..Tk} (in label order) the tags are
 * indexed {@code 0 = O}, {@code 1 = B-T1}, {@code 2 = I-T1}, {@code 3 = B-T2}, ... : {@code 2k + 1}
 * tags. A tagger's output layer uses this order ({@link #tags()}).
 *
 * <p><b>Encoding rule.</b> A token belongs to a span when it shares at least one character with it
 * (overlap, not containment), so a subword token that sticks out of a span, or a span that ends
 * inside a token, still tags that token. The first token of a span gets {@code B-type}, the
 * following ones {@code I-type}; every other token gets {@code O}. A token that overlaps two spans
 * belongs to the first; the second starts at its next free token, and a span with no free token is
 * lost. Special (zero-length) tokens are always {@code O}. Decoding the encoding gives each span
 * snapped outwards to whole tokens: exact for spans on token boundaries.
 *
 * <p><b>Decoding rule</b> (the conlleval convention). Special tokens are skipped. {@code B-X} starts
 * a span; {@code I-X} continues a span of type X; an {@code I-X} that follows {@code O}, the start
 * or a span of another type is repaired into {@code B-X}; {@code O} ends a span. A decoded span runs
 * from the start of its first token to the end of its last.
 */
public final class BioCodec {
    /** The index of the outside tag {@code O}. */
    public static final int OUTSIDE = 0;

    private final Task task;
    private final List<String> types;
    private final List<String> tags;
    private final Map<String, Integer> typeIndex;
    private final Map<String, Integer> tagIndex;

    private BioCodec(Task task) {
        this.task = task;
        this.types = task.labelNames();
        List<String> t = new ArrayList<>(1 + 2 * types.size());
        t.add("O");
        Map<String, Integer> ti = new HashMap<>();
        for (int i = 0; i < types.size(); i++) {
            t.add("B-" + types.get(i));
            t.add("I-" + types.get(i));
            ti.put(types.get(i), i);
        }
        this.tags = Collections.unmodifiableList(t);
        this.typeIndex = Map.copyOf(ti);
        Map<String, Integer> gi = new HashMap<>();
        for (int i = 0; i < t.size(); i++) {
            gi.put(t.get(i), i);
        }
        this.tagIndex = Map.copyOf(gi);
    }

    /**
     * The codec of a span task.
     *
     * @param task a span task; its labels are the entity types
     * @return the codec
     * @throws IllegalArgumentException when the task is not a span task
     */
    public static BioCodec of(Task task) {
        return new BioCodec(SpanDataset.requireSpanTask(task, "BioCodec"));
    }

    /** @return the span task */
    public Task task() {
        return task;
    }

    /** @return the tag names in index order: {@code O, B-T1, I-T1, B-T2, I-T2, ...} */
    public List<String> tags() {
        return tags;
    }

    /** @return the number of tags, {@code 2 * types + 1} */
    public int size() {
        return tags.size();
    }

    /**
     * @param tag a tag name such as {@code B-PER}
     * @return its index, or empty when it is not a tag of this codec
     */
    public Optional<Integer> indexOf(String tag) {
        return Optional.ofNullable(tagIndex.get(tag));
    }

    /**
     * @param type an entity type
     * @return the index of {@code B-type}
     * @throws IllegalArgumentException when the type is not an entity type of the task
     */
    public int begin(String type) {
        return 1 + 2 * requireType(type);
    }

    /**
     * @param type an entity type
     * @return the index of {@code I-type}
     * @throws IllegalArgumentException when the type is not an entity type of the task
     */
    public int inside(String type) {
        return 2 + 2 * requireType(type);
    }

    /**
     * @param tag a tag index
     * @return the entity type of a B or I tag, or empty for O
     */
    public Optional<String> typeOf(int tag) {
        requireTag(tag, -1);
        return tag == OUTSIDE ? Optional.empty() : Optional.of(types.get((tag - 1) / 2));
    }

    /**
     * @param tag a tag index
     * @return true for a {@code B-} tag
     */
    public boolean isBegin(int tag) {
        requireTag(tag, -1);
        return tag != OUTSIDE && tag % 2 == 1;
    }

    /**
     * @param tag a tag index
     * @return true for an {@code I-} tag
     */
    public boolean isInside(int tag) {
        requireTag(tag, -1);
        return tag != OUTSIDE && tag % 2 == 0;
    }

    /**
     * Tags the tokens of a text from its spans (see the encoding rule in the class comment).
     *
     * @param spans the spans, in any order; types must be entity types of the task
     * @param tokens the tokens' offsets into the same text
     * @return one tag index per token
     * @throws IllegalArgumentException when a span's type is not an entity type of the task
     */
    public int[] encode(List<Span> spans, TokenOffsets tokens) {
        Objects.requireNonNull(spans, "spans");
        Objects.requireNonNull(tokens, "tokens");
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Span.ORDER);
        int[] out = new int[tokens.size()];
        boolean[] taken = new boolean[tokens.size()];
        int from = 0;
        for (Span s : sorted) {
            int b = begin(s.type());
            boolean first = true;
            // tokens are in text order, so skip those that end before this span starts
            while (from < tokens.size() && (tokens.isSpecial(from) || tokens.end(from) <= s.start())) {
                from++;
            }
            for (int i = from; i < tokens.size(); i++) {
                if (tokens.isSpecial(i)) {
                    continue;
                }
                if (tokens.start(i) >= s.end()) {
                    break;
                }
                if (taken[i]) {
                    continue;
                }
                out[i] = first ? b : b + 1;
                taken[i] = true;
                first = false;
            }
        }
        return out;
    }

    /**
     * Tags the tokens of a span example; see {@link #encode(List, TokenOffsets)}.
     *
     * @param example the example
     * @param tokens the offsets of its tokens
     * @return one tag index per token
     */
    public int[] encode(SpanExample example, TokenOffsets tokens) {
        return encode(example.spans(), tokens);
    }

    /**
     * @param tags tag indices
     * @return their names
     * @throws IllegalArgumentException when an index is not a tag
     */
    public List<String> names(int[] tags) {
        List<String> out = new ArrayList<>(tags.length);
        for (int i = 0; i < tags.length; i++) {
            requireTag(tags[i], i);
            out.add(this.tags.get(tags[i]));
        }
        return out;
    }

    /**
     * Decodes tags given by name (see the decoding rule in the class comment).
     *
     * @param tags one tag name per token, e.g. {@code B-PER}
     * @param tokens the tokens' offsets
     * @return the spans, sorted and non-overlapping
     * @throws IllegalArgumentException when the lengths differ or a name is not a tag of this codec
     */
    public List<Span> decodeNames(List<String> tags, TokenOffsets tokens) {
        int[] idx = new int[tags.size()];
        for (int i = 0; i < idx.length; i++) {
            Integer t = tagIndex.get(tags.get(i));
            if (t == null) {
                throw new IllegalArgumentException("tag " + i + " '" + tags.get(i) + "' is not a tag of task '" + task.name()
                        + "' " + this.tags);
            }
            idx[i] = t;
        }
        return decode(idx, tokens);
    }

    /**
     * Decodes tag indices into spans (see the decoding rule in the class comment).
     *
     * @param tags one tag index per token
     * @param tokens the tokens' offsets
     * @return the spans, sorted and non-overlapping
     * @throws IllegalArgumentException when the lengths differ or an index is not a tag
     */
    public List<Span> decode(int[] tags, TokenOffsets tokens) {
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(tokens, "tokens");
        if (tags.length != tokens.size()) {
            throw new IllegalArgumentException("got " + tags.length + " tags for " + tokens.size() + " tokens");
        }
        List<Span> out = new ArrayList<>();
        int type = -1;
        int first = -1;
        int last = -1;
        for (int i = 0; i < tags.length; i++) {
            requireTag(tags[i], i);
            if (tokens.isSpecial(i)) {
                continue;
            }
            int t = tags[i];
            int tType = t == OUTSIDE ? -1 : (t - 1) / 2;
            boolean continues = t != OUTSIDE && t % 2 == 0 && tType == type;
            if (continues) {
                last = i;
                continue;
            }
            if (type >= 0) {
                out.add(new Span(tokens.start(first), tokens.end(last), types.get(type)));
            }
            type = tType;
            first = i;
            last = i;
        }
        if (type >= 0) {
            out.add(new Span(tokens.start(first), tokens.end(last), types.get(type)));
        }
        return out;
    }

    /**
     * Decodes per-token tag probabilities: the most probable tag of each token (lowest index on
     * ties), then {@link #decode(int[], TokenOffsets)}.
     *
     * @param probabilities one row of {@link #size()} scores per token (probabilities or logits)
     * @param tokens the tokens' offsets
     * @return the spans, sorted and non-overlapping
     * @throws IllegalArgumentException when the shapes do not match
     */
    public List<Span> decode(double[][] probabilities, TokenOffsets tokens) {
        return decode(argmax(probabilities), tokens);
    }

    /**
     * Decodes per-token tag probabilities as ONNX Runtime returns them; see
     * {@link #decode(double[][], TokenOffsets)}.
     *
     * @param probabilities one row of {@link #size()} scores per token
     * @param tokens the tokens' offsets
     * @return the spans, sorted and non-overlapping
     * @throws IllegalArgumentException when the shapes do not match
     */
    public List<Span> decode(float[][] probabilities, TokenOffsets tokens) {
        Objects.requireNonNull(probabilities, "probabilities");
        int[] tags = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            float[] row = probabilities[i];
            requireRow(row == null ? -1 : row.length, i);
            int best = 0;
            for (int j = 1; j < row.length; j++) {
                if (row[j] > row[best]) {
                    best = j;
                }
            }
            tags[i] = best;
        }
        return decode(tags, tokens);
    }

    /**
     * The most probable tag of each token.
     *
     * @param probabilities one row of {@link #size()} scores per token
     * @return one tag index per token, lowest index on ties
     * @throws IllegalArgumentException when a row has the wrong length
     */
    public int[] argmax(double[][] probabilities) {
        Objects.requireNonNull(probabilities, "probabilities");
        int[] tags = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            double[] row = probabilities[i];
            requireRow(row == null ? -1 : row.length, i);
            int best = 0;
            for (int j = 1; j < row.length; j++) {
                if (row[j] > row[best]) {
                    best = j;
                }
            }
            tags[i] = best;
        }
        return tags;
    }

    private void requireRow(int length, int token) {
        if (length != tags.size()) {
            throw new IllegalArgumentException("token " + token + " has " + (length < 0 ? "no" : String.valueOf(length))
                    + " tag scores but task '" + task.name() + "' has " + tags.size() + " tags " + tags);
        }
    }

    private int requireType(String type) {
        Integer i = typeIndex.get(type);
        if (i == null) {
            throw new IllegalArgumentException("'" + type + "' is not an entity type of task '" + task.name() + "' " + types);
        }
        return i;
    }

    private void requireTag(int tag, int token) {
        if (tag < 0 || tag >= tags.size()) {
            throw new IllegalArgumentException((token >= 0 ? "token " + token + ": " : "") + "tag index " + tag
                    + " is outside [0, " + tags.size() + ")");
        }
    }
}
