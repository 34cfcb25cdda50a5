package dev.annotator.student.span;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.span.BioCodec;
import dev.annotator.core.span.SpanPrediction;
import dev.annotator.core.span.SpanStudentModel;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskJson;
import dev.annotator.student.internal.EncoderSession;
import dev.annotator.student.internal.StudentFiles;
import dev.annotator.student.internal.FastStudentOnnxWriter;
import dev.annotator.student.internal.SpanTaggerOnnxWriter;
import dev.annotator.student.internal.TokenSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a span tagger exported by {@link SpanTaggerModel#exportOnnx(Path)} through ONNX Runtime:
 * tokenizes each text with the tokenizer stored next to the file (character offsets included),
 * runs the file (encoder and per-token head, output {@code probabilities} {@code [batch, tokens,
 * tags]}) and decodes the most probable tags into spans with {@link BioCodec} (then snaps them to
 * whole words when the file says so, {@link WordSpans}). Needs only ONNX
 * Runtime and the tokenizer: no training code, no encoder object.
 *
 * <p>Texts longer than the maximum length stored in the file are truncated: characters after the
 * last token get no span (the prediction's {@link SpanPrediction#tokens()} end there), and
 * {@link #truncatedTexts()} counts such texts.
 *
 * <p>Thread-safe: {@link #predictBatch(List)} may be called from many threads at once. Holds a
 * native session and tokenizers: {@link #close()} it when done.
 */
public final class OnnxSpanTagger implements SpanStudentModel {
    /** The file name a model directory holds by default. */
    public static final String DEFAULT_FILE_NAME = StudentFiles.DEFAULT_FILE_NAME;
    private static final int CALL = 32;

    private final Path file;
    private final Task task;
    private final BioCodec codec;
    private final Provenance provenance;
    private final Map<String, String> metadata;
    private final int maxLength;
    private final boolean snapToWords;
    private final TokenSession session;
    private volatile boolean closed;

    private OnnxSpanTagger(Path file, Task task, Map<String, String> metadata, int maxLength, TokenSession session) {
        this.file = file;
        this.task = task;
        this.codec = BioCodec.of(task);
        this.metadata = Map.copyOf(metadata);
        this.provenance = Provenance.fromProperties(metadata);
        this.maxLength = maxLength;
        this.snapToWords = "true".equals(metadata.get(SpanTaggerOnnxWriter.SNAP_TO_WORDS_KEY));
        this.session = session;
    }

    /**
     * Loads a span tagger with one ONNX Runtime call at a time.
     *
     * @param path the {@code .onnx} file, or a directory holding {@value #DEFAULT_FILE_NAME} (or exactly one {@code .onnx} file)
     * @return the tagger; close it when done
     * @throws IOException when the file or its tokenizer cannot be read
     * @throws NonRetriableAnnotatorException when the file is not an annotator span tagger
     */
    public static OnnxSpanTagger load(Path path) throws IOException {
        return load(path, 1);
    }

    /**
     * Loads a span tagger.
     *
     * @param path the {@code .onnx} file, or a directory holding one
     * @param threads ONNX Runtime calls run at once by one {@link #predictBatch(List)}, at least 1
     * @return the tagger; close it when done
     * @throws IOException when the file or its tokenizer cannot be read
     * @throws NonRetriableAnnotatorException when the file is not an annotator span tagger (another
     *     student type, missing or inconsistent metadata, a tokenizer that is not the one it was
     *     trained with)
     */
    public static OnnxSpanTagger load(Path path, int threads) throws IOException {
        Objects.requireNonNull(path, "path");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        Path file = StudentFiles.resolve(path, "span tagger");
        byte[] bytes = Files.readAllBytes(file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try {
            session = EncoderSession.session(env, bytes, 1);
        } catch (OrtException e) {
            throw new NonRetriableAnnotatorException("loading ONNX span tagger " + file + ": " + e.getMessage(), e);
        }
        try {
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            String type = StudentFiles.studentType(file, meta);
            if (!SpanTaggerOnnxWriter.STUDENT_TYPE.equals(type)) {
                throw new NonRetriableAnnotatorException(file + " holds student type '" + type + "', not a span tagger ('"
                        + SpanTaggerOnnxWriter.STUDENT_TYPE + "'); load it with OnnxStudentModel");
            }
            Task task = TaskJson.read(StudentFiles.required(file, meta, FastStudentOnnxWriter.TASK_KEY));
            if (!task.isSpan()) {
                throw new NonRetriableAnnotatorException(file + " holds task '" + task.name() + "' of kind " + task.kind()
                        + ", not a SPAN task");
            }
            List<String> tags = SpanTaggerOnnxWriter.parseTags(StudentFiles.required(file, meta, SpanTaggerOnnxWriter.TAGS_KEY), file);
            List<String> expected = BioCodec.of(task).tags();
            if (!tags.equals(expected)) {
                throw new NonRetriableAnnotatorException(file + " has tags " + tags + " but its task's BIO tags are " + expected);
            }
            StudentFiles.EncoderSettings encoder = StudentFiles.encoderSettings(file, meta, "span tagger");
            int maxLength = encoder.maxLength();
            int call = encoder.oneTextPerCall() ? 1 : CALL;
            TokenSession run = new TokenSession(env, session, encoder.tokenizerJson(), maxLength, FastStudentOnnxWriter.PROBABILITIES, tags.size(),
                    call, threads, "span tagger '" + task.name() + "' (" + file.getFileName() + ")");
            return new OnnxSpanTagger(file, task, meta, maxLength, run);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new NonRetriableAnnotatorException("loading ONNX span tagger " + file + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // already failing
        }
    }

    /**
     * Whether a file (or a directory's model file) is an annotator span tagger, judged by its
     * metadata alone.
     *
     * @param path the {@code .onnx} file, or a directory holding one
     * @return true for a span tagger
     * @throws IOException when the file cannot be read
     */
    public static boolean isSpanTagger(Path path) throws IOException {
        Path file = StudentFiles.resolve(path, "span tagger");
        return SpanTaggerOnnxWriter.STUDENT_TYPE.equals(StudentFiles.metadata(file).get(FastStudentOnnxWriter.STUDENT_TYPE_KEY));
    }

    /** @return the file the tagger was loaded from */
    public Path file() {
        return file;
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    /** @return the tag names, in the order of the probability rows */
    public List<String> tags() {
        return codec.tags();
    }

    /** @return every metadata entry stored in the file */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** @return whether predicted spans are snapped to whole whitespace-delimited words ({@link WordSpans}) */
    public boolean snapToWords() {
        return snapToWords;
    }

    /** @return the most tokens per text, special tokens included; longer texts are truncated */
    public int maxLength() {
        return maxLength;
    }

    /** @return texts tagged so far */
    public long taggedTexts() {
        return session.texts();
    }

    /** @return of {@link #taggedTexts()}, how many were longer than {@link #maxLength()} and truncated */
    public long truncatedTexts() {
        return session.truncated();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when the tagger is closed
     * @throws IllegalArgumentException when a text is null
     */
    @Override
    public List<SpanPrediction> predictBatch(List<String> texts) {
        if (closed) {
            throw new IllegalStateException("span tagger " + file + " is closed");
        }
        List<TokenSession.Rows> rows = session.run(texts);
        List<SpanPrediction> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            TokenSession.Rows r = rows.get(i);
            List<dev.annotator.core.span.Span> spans = codec.decode(r.rows(), r.tokens());
            if (snapToWords) {
                spans = WordSpans.snapToWhitespaceWords(spans, texts.get(i));
            }
            out.add(new SpanPrediction(spans, r.tokens(), r.rows()));
        }
        return out;
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
        return "OnnxSpanTagger[" + task.name() + ", " + file + ", tags " + codec.tags() + "]";
    }
}
