package dev.annotator.llm.embed;

import dev.annotator.core.AnnotatorException;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.RetriableAnnotatorException;
import dev.annotator.core.embed.TextEmbedder;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link TextEmbedder} over any langchain4j {@link EmbeddingModel}: the in-process
 * all-MiniLM-L6-v2 models (offline, no key) or a hosted one.
 *
 * <p>Texts are sent in batches of {@link Builder#batchSize(int)}; each answer is checked (one vector
 * per text, each of the model's dimension). Failures of the model are mapped to the library's
 * hierarchy: langchain4j's {@code RetriableException} (rate limits, timeouts, 5xx) to
 * {@link RetriableAnnotatorException}, anything else to {@link NonRetriableAnnotatorException}, each
 * naming the model and the batch.
 *
 * <p>Thread-safe when the model is (langchain4j's in-process and HTTP models are). The adapter does
 * not own the model: {@link #close()} does nothing.
 */
public final class LangChain4jTextEmbedder implements TextEmbedder {
    private final EmbeddingModel model;
    private final int batchSize;
    private final String name;
    private volatile int dimension;

    private LangChain4jTextEmbedder(Builder b) {
        this.model = b.model;
        this.batchSize = b.batchSize;
        this.name = b.name != null ? b.name : defaultName(b.model);
        this.dimension = b.dimension;
    }

    /**
     * An adapter with default settings: batches of 64, named after the model.
     *
     * @param model the langchain4j model
     * @return the embedder
     */
    public static LangChain4jTextEmbedder of(EmbeddingModel model) {
        return builder().model(model).build();
    }

    /**
     * Starts configuring an adapter.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private static String defaultName(EmbeddingModel model) {
        String n;
        try {
            n = model.modelName();
        } catch (RuntimeException e) {
            n = null;
        }
        return n == null || n.isBlank() || n.equals("unknown") ? model.getClass().getSimpleName() : n;
    }

    /**
     * The model's dimension: as configured, else as the model reports it (a remote model may embed a
     * probe text to find out, once).
     *
     * @return the vector length
     */
    @Override
    public int dimension() {
        int d = dimension;
        if (d == 0) {
            try {
                d = model.dimension();
            } catch (RetriableException e) {
                throw new RetriableAnnotatorException("asking embedding model '" + name + "' for its dimension failed: "
                        + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new NonRetriableAnnotatorException("asking embedding model '" + name + "' for its dimension failed: "
                        + e.getMessage(), e);
            }
            if (d <= 0) {
                throw new NonRetriableAnnotatorException("embedding model '" + name + "' reports dimension " + d);
            }
            dimension = d;
        }
        return d;
    }

    /** @return the configured name, else the model's name, else its class's simple name */
    @Override
    public String name() {
        return name;
    }

    /** @return how many texts go to the model in one call */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Embeds texts, {@link #batchSize()} at a time.
     *
     * @param texts the texts; none may be null or blank (langchain4j embeds only non-blank text)
     * @return one vector per text, in order
     * @throws IllegalArgumentException when a text is null or blank
     * @throws AnnotatorException when the model fails or answers with the wrong number or length of
     *     vectors
     */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException("text " + i + " of " + texts.size() + " is " + (t == null ? "null" : "blank")
                        + "; embedding models take non-blank text");
            }
            segments.add(TextSegment.from(t));
        }
        int dim = dimension();
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < segments.size(); from += batchSize) {
            List<TextSegment> batch = segments.subList(from, Math.min(segments.size(), from + batchSize));
            String what = "embedding texts " + from + ".." + (from + batch.size() - 1) + " with model '" + name + "'";
            Response<List<Embedding>> response;
            try {
                response = model.embedAll(batch);
            } catch (AnnotatorException e) {
                throw e;
            } catch (RetriableException e) {
                throw new RetriableAnnotatorException(what + " failed: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new NonRetriableAnnotatorException(what + " failed: " + e, e);
            }
            List<Embedding> vectors = response == null ? null : response.content();
            if (vectors == null || vectors.size() != batch.size()) {
                throw new NonRetriableAnnotatorException(what + ": the model returned " + (vectors == null ? "no" : vectors.size())
                        + " vectors for " + batch.size() + " texts");
            }
            for (Embedding e : vectors) {
                float[] v = e.vector();
                if (v.length != dim) {
                    throw new NonRetriableAnnotatorException(what + ": the model returned a vector of length " + v.length
                            + ", not its dimension " + dim);
                }
                out.add(v.clone());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "LangChain4jTextEmbedder[" + name + "]";
    }

    /** Builder for {@link LangChain4jTextEmbedder}; not thread-safe. */
    public static final class Builder {
        private EmbeddingModel model;
        private int batchSize = 64;
        private String name;
        private int dimension;

        private Builder() {
        }

        /**
         * @param model the langchain4j model; required
         * @return this builder
         */
        public Builder model(EmbeddingModel model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * @param batchSize texts per call to the model; at least 1; default 64
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param name a stable identifier of the model and its settings (keeps caches from mixing
         *     vectors of different models); default: the model's name, else its class's simple name
         * @return this builder
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * @param dimension the vector length, when known, so the model is never asked; default: asked
         *     once, when first needed
         * @return this builder
         */
        public Builder dimension(int dimension) {
            if (dimension < 1) {
                throw new IllegalArgumentException("dimension must be at least 1: " + dimension);
            }
            this.dimension = dimension;
            return this;
        }

        /**
         * @return the adapter
         * @throws IllegalStateException when no model was set
         */
        public LangChain4jTextEmbedder build() {
            if (model == null) {
                throw new IllegalStateException("model must be set");
            }
            return new LangChain4jTextEmbedder(this);
        }
    }
}
