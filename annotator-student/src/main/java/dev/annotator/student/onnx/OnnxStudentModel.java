package dev.annotator.student.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.annotator.core.AnnotatorException;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.student.Provenance;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskJson;
import dev.annotator.student.fast.FeaturizerConfig;
import dev.annotator.student.fast.HashingFeaturizer;
import dev.annotator.student.fast.SparseFeatures;
import dev.annotator.student.internal.FastStudentOnnxWriter;
import dev.annotator.student.internal.EncoderSession;
import dev.annotator.student.internal.EncoderStudentOnnxWriter;
import dev.annotator.student.internal.OnnxGraphs;
import dev.annotator.student.internal.StudentFiles;
import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A student exported to ONNX, run by ONNX Runtime: a fast student (the file carries the task, the
 * featurizer settings and the provenance, so loading needs nothing else) or an encoder student (the
 * file holds encoder, pooling and head; the tokenizer sits next to it as {@code <name>-tokenizer.json}).
 * {@link #load(Path)} reads {@code annotator.studentType} from the file and runs either.
 *
 * <p>Thread-safe: {@link #predictBatch(List)} may be called from many threads at once (ONNX Runtime
 * sessions are). Holds a native session: {@link #close()} it when done.
 */
public final class OnnxStudentModel implements StudentModel {
    /** File name used when a student is exported into a directory. */
    public static final String DEFAULT_FILE_NAME = StudentFiles.DEFAULT_FILE_NAME;

    private static final int MIN_GROUP = 16;
    /** Most texts per ONNX Runtime call of an encoder student: bigger batches only cost memory. */
    private static final int ENCODER_CALL = 32;
    private static final java.util.Set<String> OUTPUTS = java.util.Set.of(FastStudentOnnxWriter.PROBABILITIES);

    private final Path file;
    private final Task task;
    private final Provenance provenance;
    private final Map<String, String> metadata;
    private final Predictor predictor;
    private volatile boolean closed;

    /** Texts to distributions, by student type. */
    private interface Predictor {
        List<LabelDistribution> predict(List<String> texts);

        void close() throws OrtException;
    }

    private OnnxStudentModel(Path file, Map<String, String> metadata, Task task, Predictor predictor) {
        this.file = file;
        this.metadata = Map.copyOf(metadata);
        this.task = task;
        this.predictor = predictor;
        this.provenance = Provenance.fromProperties(metadata);
    }

    private static Task checkedTask(Path file, Map<String, String> metadata) {
        StudentFiles.studentType(file, metadata);
        return TaskJson.read(StudentFiles.required(file, metadata, FastStudentOnnxWriter.TASK_KEY));
    }

    /**
     * Loads a student file, or the single student in a directory ({@value #DEFAULT_FILE_NAME}, else
     * the only {@code .onnx} file there), with batches of 256 texts. An encoder student also needs
     * the tokenizer file named in its metadata next to it ({@code student-tokenizer.json}).
     *
     * @param path a {@code .onnx} file or a directory holding one
     * @return the model; close it when done
     * @throws IOException when the file (or an encoder student's tokenizer) cannot be read
     * @throws NonRetriableAnnotatorException when the file is not an annotator student
     */
    public static OnnxStudentModel load(Path path) throws IOException {
        return load(path, 256);
    }

    /**
     * Loads a student file with a chosen batch size.
     *
     * @param path a {@code .onnx} file or a directory holding one
     * @param batchSize texts per ONNX Runtime call, at least 1
     * @return the model; close it when done
     * @throws IOException when the file cannot be read
     * @throws NonRetriableAnnotatorException when the file is not an annotator student
     */
    public static OnnxStudentModel load(Path path, int batchSize) throws IOException {
        return load(path, batchSize, 1);
    }

    /**
     * Loads a student file with a chosen batch size and ONNX Runtime thread count.
     *
     * @param path a {@code .onnx} file or a directory holding one
     * @param batchSize texts per ONNX Runtime call, at least 1 (an encoder student sorts each
     *     {@code predictBatch} call by token count and runs at most 32 texts per call, one per call
     *     when its metadata says {@code annotator.encoder.oneTextPerCall=true})
     * @param threads for an encoder student, ONNX Runtime calls one {@code predictBatch} runs at once
     *     (each on one thread), at least 1; callers that predict from several threads at once usually
     *     want 1. The fast student always runs on the caller's thread
     * @return the model; close it when done
     * @throws IOException when the file (or an encoder student's tokenizer file) cannot be read
     * @throws NonRetriableAnnotatorException when the file is not an annotator student
     */
    public static OnnxStudentModel load(Path path, int batchSize, int threads) throws IOException {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        Path file = StudentFiles.resolve(path, "student model");
        byte[] bytes = Files.readAllBytes(file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try {
            session = EncoderSession.session(env, bytes, 1);
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            Task task = checkedTask(file, meta);
            String type = meta.get(FastStudentOnnxWriter.STUDENT_TYPE_KEY);
            Predictor predictor;
            if ("fast".equals(type)) {
                int[] bucketIds = bucketIds(file, env, session, bytes);
                predictor = new FastPredictor(file, env, session, task, meta, batchSize, bucketIds);
            } else if (EncoderStudentOnnxWriter.STUDENT_TYPE.equals(type)) {
                predictor = encoderPredictor(file, env, session, task, meta, batchSize, threads);
            } else {
                throw new NonRetriableAnnotatorException(file + " holds student type '" + type + "', which this version cannot run");
            }
            return new OnnxStudentModel(file, meta, task, predictor);
        } catch (OrtException | com.google.protobuf.InvalidProtocolBufferException e) {
            closeQuietly(session);
            throw new NonRetriableAnnotatorException("loading ONNX student " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException | IOException e) {
            closeQuietly(session);
            throw e;
        }
    }

    /**
     * The bucket behind each weight row: a graph output in current files (one run of the session, no
     * second parse of the file), only an initializer in files from earlier snapshots.
     */
    private static int[] bucketIds(Path file, OrtEnvironment env, OrtSession session, byte[] bytes)
            throws OrtException, com.google.protobuf.InvalidProtocolBufferException {
        if (session.getOutputNames().contains(FastStudentOnnxWriter.BUCKET_IDS)) {
            long[] shape = {1, 1};
            try (OnnxTensor ti = OnnxTensor.createTensor(env, IntBuffer.wrap(new int[1]), shape);
                    OnnxTensor tv = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[1]), shape);
                    OrtSession.Result r = session.run(Map.of(FastStudentOnnxWriter.INDICES, ti, FastStudentOnnxWriter.VALUES, tv),
                            java.util.Set.of(FastStudentOnnxWriter.BUCKET_IDS))) {
                return (int[]) r.get(0).getValue();
            }
        }
        return OnnxGraphs.readIntInitializer(OnnxMl.ModelProto.parseFrom(bytes), FastStudentOnnxWriter.BUCKET_IDS)
                .orElseThrow(() -> new NonRetriableAnnotatorException(file + " lacks initializer '"
                        + FastStudentOnnxWriter.BUCKET_IDS + "'; is it an annotator fast student?"));
    }

    private static Predictor encoderPredictor(Path file, OrtEnvironment env, OrtSession session, Task task, Map<String, String> meta,
            int batchSize, int threads) throws IOException {
        StudentFiles.EncoderSettings encoder = StudentFiles.encoderSettings(file, meta, "encoder student");
        // a predictBatch call is sorted by length as a whole, then run in calls of at most ENCODER_CALL texts
        // a dynamically quantized encoder left as it is must see one text per call to be exact
        int call = encoder.oneTextPerCall() ? 1 : Math.min(batchSize, ENCODER_CALL);
        EncoderSession run = new EncoderSession(env, session, EncoderSession.tokenizer(encoder.tokenizerJson(), encoder.maxLength()), FastStudentOnnxWriter.PROBABILITIES,
                call, threads, "student '" + task.name() + "'");
        return new Predictor() {
            @Override
            public List<LabelDistribution> predict(List<String> texts) {
                return StudentFiles.distributions(task, run.run(texts));
            }

            @Override
            public void close() {
                run.close();
            }
        };
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // already failing
            }
        }
    }

    /** @return the file the model was loaded from */
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

    /** @return every metadata entry stored in the file */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public List<LabelDistribution> predictBatch(List<String> texts) {
        if (closed) {
            throw new IllegalStateException("student '" + task.name() + "' from " + file + " is closed");
        }
        return predictor.predict(texts);
    }

    /** The fast student: featurizes, maps buckets to weight rows, runs the linear graph. */
    private static final class FastPredictor implements Predictor {
        private final OrtEnvironment env;
        private final OrtSession session;
        private final Task task;
        private final HashingFeaturizer featurizer;
        private final long[] usedBuckets;
        private final int[] rankBefore;
        private final int batchSize;

        FastPredictor(Path file, OrtEnvironment env, OrtSession session, Task task, Map<String, String> metadata, int batchSize,
                int[] bucketIds) {
            this.env = env;
            this.session = session;
            this.task = task;
            this.batchSize = batchSize;
            this.featurizer = new HashingFeaturizer(FeaturizerConfig.fromProperties(metadata));
            int buckets = featurizer.config().buckets();
            // row of bucket b = 1 + number of listed buckets below b: a bitset with per-word ranks,
            // small enough to stay in cache (a plain int[buckets] lookup would not)
            this.usedBuckets = new long[(buckets + 63) >>> 6];
            this.rankBefore = new int[usedBuckets.length];
            int previous = -1;
            for (int r = 0; r < bucketIds.length; r++) {
                int bucket = bucketIds[r];
                if (bucket <= previous || bucket >= buckets) {
                    throw new NonRetriableAnnotatorException(file + ": initializer '" + FastStudentOnnxWriter.BUCKET_IDS
                            + "' must list increasing buckets below " + buckets + ", found " + bucket + " at " + r);
                }
                usedBuckets[bucket >>> 6] |= 1L << bucket;
                previous = bucket;
            }
            int rank = 0;
            for (int w = 0; w < usedBuckets.length; w++) {
                rankBefore[w] = rank;
                rank += Long.bitCount(usedBuckets[w]);
            }
        }

        @Override
        public void close() throws OrtException {
            session.close();
        }

        @Override
        public List<LabelDistribution> predict(List<String> texts) {
            LabelDistribution[] out = new LabelDistribution[texts.size()];
            for (int from = 0; from < texts.size(); from += batchSize) {
                int n = Math.min(texts.size(), from + batchSize) - from;
                RowFeatures[] f = new RowFeatures[n];
                // (features << 32 | text): sorting these groups texts of similar length, so that little
                // padding goes through ONNX Runtime
                long[] bySize = new long[n];
                for (int i = 0; i < n; i++) {
                    f[i] = toRows(featurizer.featurize(texts.get(from + i)));
                    bySize[i] = (long) f[i].size << 32 | i;
                }
                Arrays.sort(bySize);
                int[] order = new int[n];
                for (int i = 0; i < n; i++) {
                    order[i] = (int) bySize[i];
                }
                int start = 0;
                while (start < n) {
                    int end = start + 1;
                    int minWidth = Math.max(1, f[order[start]].size);
                    while (end < n && (end - start < MIN_GROUP || f[order[end]].size <= minWidth * 3 / 2 + 8)) {
                        end++;
                    }
                    float[][] probs = run(f, order, start, end);
                    for (int k = start; k < end; k++) {
                        float[] row = probs[k - start];
                        double[] p = new double[row.length];
                        for (int j = 0; j < row.length; j++) {
                            p[j] = row[j];
                        }
                        out[from + order[k]] = LabelDistribution.of(task, p);
                    }
                    start = end;
                }
            }
            return Arrays.asList(out);
        }

        /** Maps buckets to weight-table rows, dropping buckets the model has no weights for. */
        private RowFeatures toRows(SparseFeatures x) {
            int[] idx = new int[x.size()];
            float[] val = new float[x.size()];
            int m = 0;
            for (int k = 0; k < x.size(); k++) {
                int bucket = x.index(k);
                long word = usedBuckets[bucket >>> 6];
                long bit = 1L << bucket;
                if ((word & bit) != 0) {
                    idx[m] = 1 + rankBefore[bucket >>> 6] + Long.bitCount(word & (bit - 1));
                    val[m++] = x.value(k);
                }
            }
            return new RowFeatures(idx, val, m);
        }

        /** Row ids and values of one text; only the first {@code size} entries are used. */
        private static final class RowFeatures {
            final int[] rows;
            final float[] values;
            final int size;

            RowFeatures(int[] rows, float[] values, int size) {
                this.rows = rows;
                this.values = values;
                this.size = size;
            }
        }


        private float[][] run(RowFeatures[] f, int[] order, int start, int end) {
            int n = end - start;
            int width = 1;
            for (int k = start; k < end; k++) {
                width = Math.max(width, f[order[k]].size);
            }
            int[] idx = new int[n * width];
            float[] val = new float[n * width];
            for (int k = start; k < end; k++) {
                RowFeatures x = f[order[k]];
                int base = (k - start) * width;
                System.arraycopy(x.rows, 0, idx, base, x.size);
                System.arraycopy(x.values, 0, val, base, x.size);
            }
            long[] shape = {n, width};
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try (OnnxTensor ti = OnnxTensor.createTensor(env, IntBuffer.wrap(idx), shape);
                    OnnxTensor tv = OnnxTensor.createTensor(env, FloatBuffer.wrap(val), shape)) {
                inputs.put(FastStudentOnnxWriter.INDICES, ti);
                inputs.put(FastStudentOnnxWriter.VALUES, tv);
                try (OrtSession.Result r = session.run(inputs, OUTPUTS)) {
                    return (float[][]) r.get(0).getValue();
                }
            } catch (OrtException e) {
                throw new AnnotatorException("running student '" + task.name() + "' on a batch of " + n + ": " + e.getMessage(), e);
            }
        }
    }

    /** Releases the ONNX Runtime session; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            predictor.close();
        } catch (OrtException e) {
            throw new AnnotatorException("closing student session for " + file, e);
        }
    }

    @Override
    public String toString() {
        return "OnnxStudentModel[" + task.name() + ", " + Objects.toString(file) + "]";
    }
}
