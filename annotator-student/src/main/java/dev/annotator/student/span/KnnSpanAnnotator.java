package dev.annotator.student.span;

import dev.annotator.core.data.Example;
import dev.annotator.core.data.Split;
import dev.annotator.core.span.BioCodec;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.span.SpanPrediction;
import dev.annotator.core.task.Task;
import dev.annotator.student.encoder.OnnxTokenEncoder;
import dev.annotator.student.encoder.TokenEmbeddings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * An offline span annotator that knows only a small gold pool: a k-nearest-neighbour token tagger
 * over contextual token embeddings (the span analogue of
 * {@link dev.annotator.core.annotate.EmbeddingKnnAnnotator}). Every token of the gold texts is
 * embedded once by an {@link OnnxTokenEncoder} and tagged by {@link BioCodec#encode}; a new text's
 * tokens are embedded the same way and each takes the majority BIO tag of its {@code k} most
 * cosine-similar gold tokens (ties: the larger summed similarity, then the lower tag index); the
 * tags are decoded into spans by {@link BioCodec#decode(float[][], dev.annotator.core.span.TokenOffsets)}.
 * The per-token rows of a {@link SpanPrediction} are the vote shares. No rule knows anything of the
 * task or the language: what it knows comes from the gold pool.
 *
 * <p>Texts longer than the encoder's maximum length get no spans past their last encoded token.
 * Deterministic, immutable and thread-safe; the encoder is not owned and must stay open while this is used.
 */
public final class KnnSpanAnnotator {
    private final Task task;
    private final BioCodec codec;
    private final OnnxTokenEncoder encoder;
    private final int k;
    private final int dim;
    private final boolean center;
    private final boolean snapToWords;
    private final float[] mean; // pool mean, subtracted before cosine when centring (zeros otherwise)
    private final float[] pool; // gold tokens x dim, unit length
    private final int[] poolTags;
    private final int poolTexts;

    private KnnSpanAnnotator(Builder b) {
        this.task = b.task;
        this.codec = BioCodec.of(b.task);
        this.encoder = b.encoder;
        this.k = b.k;
        this.center = b.center;
        this.snapToWords = b.snapToWords;
        this.dim = encoder.dimension();
        List<TokenEmbeddings> emb = encoder.embedAll(b.gold.stream().map(SpanExample::text).toList());
        List<float[]> vectors = new ArrayList<>();
        List<Integer> tags = new ArrayList<>();
        for (int i = 0; i < emb.size(); i++) {
            TokenEmbeddings e = emb.get(i);
            int[] t = codec.encode(b.gold.get(i), e.tokens());
            for (int j = 0; j < e.size(); j++) {
                if (!e.tokens().isSpecial(j)) {
                    vectors.add(e.vectors()[j]);
                    tags.add(t[j]);
                }
            }
        }
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("the gold pool of span task '" + task.name() + "' has no tokens");
        }
        this.mean = new float[dim];
        if (center) {
            double[] sum = new double[dim];
            for (float[] v : vectors) {
                for (int j = 0; j < dim; j++) {
                    sum[j] += v[j];
                }
            }
            for (int j = 0; j < dim; j++) {
                mean[j] = (float) (sum[j] / vectors.size());
            }
        }
        this.pool = new float[vectors.size() * dim];
        this.poolTags = new int[vectors.size()];
        for (int r = 0; r < vectors.size(); r++) {
            unit(vectors.get(r), mean, pool, r * dim);
            poolTags[r] = tags.get(r);
        }
        this.poolTexts = b.gold.size();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the span task */
    public Task task() {
        return task;
    }

    /** @return the annotator's name, as an annotation source: {@code knn-span:k<k>:<encoder>[:centred][:words]} */
    public String name() {
        return "knn-span:k" + k + ":" + encoder.name() + (center ? ":centred" : "") + (snapToWords ? ":words" : "");
    }

    /** @return neighbours per token */
    public int k() {
        return k;
    }

    /** @return gold tokens in the pool (special tokens excluded) */
    public int poolTokens() {
        return poolTags.length;
    }

    /** @return gold texts in the pool */
    public int poolTexts() {
        return poolTexts;
    }

    /**
     * Tags texts.
     *
     * @param texts the texts; none may be null
     * @return one prediction per text: spans, tokens and per-token vote shares over {@link BioCodec#tags()}
     */
    public List<SpanPrediction> predictBatch(List<String> texts) {
        List<TokenEmbeddings> emb = encoder.embedAll(texts);
        SpanPrediction[] out = new SpanPrediction[emb.size()];
        IntStream.range(0, emb.size()).parallel().forEach(i -> out[i] = tag(emb.get(i), texts.get(i)));
        return List.of(out);
    }

    /**
     * Annotates examples: each gets the spans this annotator finds in its text.
     *
     * @param examples the texts to annotate
     * @param split the split the annotated examples are put in
     * @return one span example per input, in order, with the same id, text and metadata
     */
    public List<SpanExample> annotate(List<Example> examples, Split split) {
        Objects.requireNonNull(split, "split");
        List<SpanPrediction> p = predictBatch(examples.stream().map(Example::text).toList());
        List<SpanExample> out = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            out.add(new SpanExample(examples.get(i), p.get(i).spans(), split));
        }
        return out;
    }

    private SpanPrediction tag(TokenEmbeddings e, String text) {
        int n = e.size();
        int tagCount = codec.size();
        float[][] rows = new float[n][tagCount];
        float[] q = new float[dim];
        int[] best = new int[k];
        float[] bestSim = new float[k];
        int poolSize = poolTags.length;
        int kk = Math.min(k, poolSize);
        for (int t = 0; t < n; t++) {
            if (e.tokens().isSpecial(t)) {
                rows[t][BioCodec.OUTSIDE] = 1f;
                continue;
            }
            unit(e.vectors()[t], mean, q, 0);
            int found = 0;
            for (int r = 0; r < poolSize; r++) {
                int base = r * dim;
                float s = 0;
                for (int j = 0; j < dim; j++) {
                    s += q[j] * pool[base + j];
                }
                if (found < kk || s > bestSim[found - 1]) {
                    int at = found < kk ? found++ : kk - 1;
                    while (at > 0 && bestSim[at - 1] < s) {
                        bestSim[at] = bestSim[at - 1];
                        best[at] = best[at - 1];
                        at--;
                    }
                    bestSim[at] = s;
                    best[at] = r;
                }
            }
            double[] sim = new double[tagCount];
            for (int m = 0; m < found; m++) {
                rows[t][poolTags[best[m]]] += 1f / found;
                sim[poolTags[best[m]]] += bestSim[m];
            }
            // majority, then summed similarity: nudge the winner so that argmax decoding picks it
            int win = 0;
            for (int j = 1; j < tagCount; j++) {
                if (rows[t][j] > rows[t][win] || (rows[t][j] == rows[t][win] && sim[j] > sim[win])) {
                    win = j;
                }
            }
            for (int j = 0; j < tagCount; j++) {
                if (j != win && rows[t][j] == rows[t][win]) {
                    rows[t][j] = Math.nextDown(rows[t][j]);
                }
            }
        }
        List<Span> spans = codec.decode(rows, e.tokens());
        if (snapToWords) {
            spans = WordSpans.snapToWhitespaceWords(spans, text);
        }
        return new SpanPrediction(spans, e.tokens(), rows);
    }

    /** {@code dst[at..] = (v - mean) / |v - mean|}. */
    private static void unit(float[] v, float[] mean, float[] dst, int at) {
        double sq = 0;
        for (int j = 0; j < v.length; j++) {
            float x = v[j] - mean[j];
            dst[at + j] = x;
            sq += (double) x * x;
        }
        float inv = sq > 0 ? (float) (1.0 / Math.sqrt(sq)) : 0f;
        for (int j = 0; j < v.length; j++) {
            dst[at + j] *= inv;
        }
    }

    @Override
    public String toString() {
        return "KnnSpanAnnotator[" + task.name() + ", k=" + k + ", " + poolTexts + " gold texts, " + poolTags.length + " tokens]";
    }

    /** Builder for {@link KnnSpanAnnotator}; not thread-safe. */
    public static final class Builder {
        private Task task;
        private OnnxTokenEncoder encoder;
        private List<SpanExample> gold;
        private int k = 5;
        private boolean center;
        private boolean snapToWords;

        private Builder() {
        }

        /**
         * Whether to subtract the gold tokens' mean vector from every vector before the cosine
         * (contextual token vectors share a large common component). Measured on the gold dev
         * sentences of Brown proper nouns (two-fold, pool = one half, scored on the other) it did
         * not help (span F1 0.20 vs 0.22 at k = 5, see BENCHMARKS.md), so it is off by default.
         *
         * @param center whether to centre on the gold tokens' mean (default false)
         * @return this builder
         */
        public Builder center(boolean center) {
            this.center = center;
            return this;
        }

        /**
         * @param snapToWords whether to snap the spans found outwards to whole whitespace-delimited
         *     words ({@link WordSpans}); for data whose spans are whole words (default false)
         * @return this builder
         */
        public Builder snapToWords(boolean snapToWords) {
            this.snapToWords = snapToWords;
            return this;
        }

        /**
         * @param task the span task; required
         * @return this builder
         */
        public Builder task(Task task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /**
         * @param encoder the token encoder; required, not owned
         * @return this builder
         */
        public Builder encoder(OnnxTokenEncoder encoder) {
            this.encoder = Objects.requireNonNull(encoder, "encoder");
            return this;
        }

        /**
         * @param gold the gold texts with their spans (e.g. the 100 {@code dev} sentences); required, not empty
         * @return this builder
         */
        public Builder goldPool(List<SpanExample> gold) {
            this.gold = List.copyOf(Objects.requireNonNull(gold, "gold"));
            return this;
        }

        /**
         * @param k neighbours per token, at least 1 (default 5)
         * @return this builder
         */
        public Builder k(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("k must be >= 1: " + k);
            }
            this.k = k;
            return this;
        }

        /**
         * Embeds the gold pool.
         *
         * @return the annotator
         * @throws IllegalStateException when task, encoder or gold pool is missing
         * @throws IllegalArgumentException when the task is not a span task, the pool is empty or a
         *     gold span's type is not an entity type of the task
         */
        public KnnSpanAnnotator build() {
            if (task == null || encoder == null || gold == null) {
                throw new IllegalStateException("KnnSpanAnnotator needs task, encoder and goldPool; missing:"
                        + (task == null ? " task" : "") + (encoder == null ? " encoder" : "") + (gold == null ? " goldPool" : ""));
            }
            BioCodec.of(task);
            if (gold.isEmpty()) {
                throw new IllegalArgumentException("the gold pool of span task '" + task.name() + "' is empty");
            }
            for (SpanExample e : gold) {
                SpanTypes.require(task, e, "gold");
            }
            return new KnnSpanAnnotator(this);
        }
    }
}
