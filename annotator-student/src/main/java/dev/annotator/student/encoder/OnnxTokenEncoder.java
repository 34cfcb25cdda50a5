package dev.annotator.student.encoder;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.student.internal.EncoderGraphs;
import dev.annotator.student.internal.EncoderSession;
import dev.annotator.student.internal.TokenSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Contextual token embeddings: the last hidden state of an {@link OnnxSentenceEncoder}'s model for
 * each wordpiece token of a text, with the tokens' character offsets. What token taggers (the span
 * student, the k-NN span annotator) read. Same model, tokenizer, maximum length, threads and
 * quantization handling as the sentence encoder it is made from ({@link #of(OnnxSentenceEncoder)});
 * texts longer than {@link #maxLength()} tokens are truncated, flagged in
 * {@link TokenEmbeddings#truncated()} and counted in {@link #truncatedTexts()}.
 *
 * <p>Thread-safe. Holds its own native session and tokenizers: {@link #close()} it when done.
 */
public final class OnnxTokenEncoder implements AutoCloseable {
    private final String modelName;
    private final String name;
    private final int maxLength;
    private final int dimension;
    private final boolean oneTextPerCall;
    private final List<String> inputs;
    private final OnnxMl.ModelProto tokenModel;
    private final byte[] tokenizerJson;
    private final TokenSession session;
    private volatile boolean closed;

    private OnnxTokenEncoder(OnnxSentenceEncoder sentence) throws IOException {
        this.modelName = sentence.modelName();
        this.maxLength = sentence.maxLength();
        this.inputs = sentence.inputs();
        this.tokenizerJson = sentence.tokenizerJson();
        this.tokenModel = EncoderGraphs.tokenStates(sentence.encoderModel(), sentence.hiddenOutput(),
                sentence.perTextQuantization()).build();
        this.oneTextPerCall = sentence.oneTextPerCall();
        this.name = modelName + ":tokens:max" + maxLength;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession s;
        try {
            s = EncoderSession.session(env, tokenModel.toByteArray(), 1);
        } catch (OrtException e) {
            throw new NonRetriableAnnotatorException("loading token encoder '" + modelName + "': " + e.getMessage(), e);
        }
        this.dimension = sentence.dimension();
        try {
            this.session = new TokenSession(env, s, tokenizerJson, maxLength, EncoderGraphs.TOKEN_STATES, dimension,
                    sentence.batchSize(), sentence.threads(), "token encoder '" + modelName + "'");
        } catch (IOException | RuntimeException e) {
            try {
                s.close();
            } catch (OrtException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * A token encoder with the model and settings of a sentence encoder. The sentence encoder is
     * not kept: it may be closed afterwards.
     *
     * @param sentenceEncoder an open sentence encoder (mean pooling reads the same hidden states)
     * @return the token encoder; close it when done
     * @throws IOException when the tokenizer cannot be read
     */
    public static OnnxTokenEncoder of(OnnxSentenceEncoder sentenceEncoder) throws IOException {
        return new OnnxTokenEncoder(Objects.requireNonNull(sentenceEncoder, "sentenceEncoder"));
    }

    /**
     * The default model, all-MiniLM-L6-v2 (quantized) from the classpath, with default settings.
     *
     * @return the token encoder; close it when done
     * @throws IOException when the model cannot be read
     */
    public static OnnxTokenEncoder miniLm() throws IOException {
        try (OnnxSentenceEncoder s = OnnxSentenceEncoder.miniLm()) {
            return of(s);
        }
    }

    /** @return the model's name, e.g. {@code all-minilm-l6-v2-q} */
    public String modelName() {
        return modelName;
    }

    /** @return model name and maximum length, e.g. {@code all-minilm-l6-v2-q:tokens:max128} */
    public String name() {
        return name;
    }

    /** @return floats per token vector */
    public int dimension() {
        return dimension;
    }

    /** @return the most tokens per text, special tokens included; longer texts are truncated */
    public int maxLength() {
        return maxLength;
    }

    /** @return the encoder's inputs, e.g. {@code [input_ids, attention_mask, token_type_ids]} */
    public List<String> inputs() {
        return inputs;
    }

    /** @return whether the model runs one text per ONNX Runtime call (dynamically quantized, not rewritten) */
    public boolean oneTextPerCall() {
        return oneTextPerCall;
    }

    /** @return texts encoded so far */
    public long encodedTexts() {
        return session.texts();
    }

    /** @return of {@link #encodedTexts()}, how many were longer than {@link #maxLength()} and truncated */
    public long truncatedTexts() {
        return session.truncated();
    }

    /**
     * Encodes texts.
     *
     * @param texts the texts; none may be null
     * @return one {@link TokenEmbeddings} per text, in order
     * @throws IllegalStateException when the encoder is closed
     */
    public List<TokenEmbeddings> embedAll(List<String> texts) {
        if (closed) {
            throw new IllegalStateException("token encoder '" + modelName + "' is closed");
        }
        List<TokenSession.Rows> rows = session.run(texts);
        List<TokenEmbeddings> out = new ArrayList<>(rows.size());
        for (TokenSession.Rows r : rows) {
            out.add(new TokenEmbeddings(r.tokens(), r.rows(), r.truncated()));
        }
        return out;
    }

    /**
     * The ONNX model this encoder runs: the encoder graph whose only output is
     * {@code token_states}, float {@code [batch, tokens, dim]}. Exporters append a token-level head
     * to it so that one file holds encoder and head.
     *
     * @return the serialised model
     */
    public byte[] tokenModel() {
        return tokenModel.toByteArray();
    }

    /** @return the tokenizer file's bytes ({@code tokenizer.json}) */
    public byte[] tokenizerJson() {
        return tokenizerJson.clone();
    }

    /** Releases the ONNX Runtime session and the tokenizers; idempotent. */
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
        return "OnnxTokenEncoder[" + name + ", dim " + dimension + "]";
    }
}
