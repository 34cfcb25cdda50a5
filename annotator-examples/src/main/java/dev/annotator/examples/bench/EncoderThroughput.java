package dev.annotator.examples.bench;

import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.student.encoder.OnnxSentenceEncoder;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sentence-encoder throughput, ours ({@link OnnxSentenceEncoder}) against langchain4j's
 * {@code embedAll} for the same model files (all-MiniLM-L6-v2 quantized and fp32), on the same texts
 * in the same run: the test splits of the given datasets, texts already in memory, each embedder
 * warmed up on the first 64 texts, then timed over all. Also reports how closely our vectors match
 * langchain4j's (cosine, over the texts langchain4j does not split, i.e. within the 128-token limit).
 * Prints one JSON line per model. A benchmark, not a test.
 *
 * <p>Usage: {@code java -cp <classpath> dev.annotator.examples.bench.EncoderThroughput CSV... }
 * (system properties {@code threads}, default all cores, and {@code batch}, default 32).
 */
public final class EncoderThroughput {
    private EncoderThroughput() {
    }

    /**
     * Runs the measurement.
     *
     * @param args dataset CSV files ({@code text,label,split})
     * @throws Exception when a file cannot be read or a model fails
     */
    public static void main(String[] args) throws Exception {
        List<String> texts = new ArrayList<>();
        for (String a : args) {
            Path p = Path.of(a);
            DatasetReader r = DatasetReader.csv().build();
            for (LabelledExample e : r.read(p, r.inferTask(p, "bench")).split(Split.TEST)) {
                if (!e.text().isBlank()) {
                    texts.add(e.text());
                }
            }
        }
        int threads = Integer.getInteger("threads", Runtime.getRuntime().availableProcessors());
        int batch = Integer.getInteger("batch", 32);
        for (boolean quantized : new boolean[] {true, false}) {
            OnnxSentenceEncoder.Builder b = OnnxSentenceEncoder.builder().threads(threads).batchSize(batch);
            if (!quantized) {
                b.classpathModel(OnnxSentenceEncoder.MINILM_MODEL, OnnxSentenceEncoder.MINILM_TOKENIZER);
            }
            EmbeddingModel theirs = quantized ? new AllMiniLmL6V2QuantizedEmbeddingModel() : new AllMiniLmL6V2EmbeddingModel();
            try (OnnxSentenceEncoder ours = b.build()) {
                List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
                ours.embedAll(texts.subList(0, 64));
                theirs.embedAll(segments.subList(0, 64));
                long t0 = System.nanoTime();
                List<float[]> ourVectors = ours.embedAll(texts);
                double oursSeconds = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                List<float[]> theirVectors = theirs.embedAll(segments).content().stream().map(e -> e.vector()).toList();
                double theirSeconds = (System.nanoTime() - t0) / 1e9;
                double min = 1;
                double sum = 0;
                int compared = 0;
                for (int i = 0; i < texts.size(); i++) {
                    if (ours.tokenCount(texts.get(i)) < ours.maxLength()) {
                        double c = cosine(ourVectors.get(i), theirVectors.get(i));
                        min = Math.min(min, c);
                        sum += c;
                        compared++;
                    }
                }
                System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"texts\":%d,\"threads\":%d,\"batch\":%d,\"oursTextsPerSecond\":%.1f,"
                        + "\"langchain4jTextsPerSecond\":%.1f,\"speedup\":%.2f,\"truncatedByUs\":%d,\"comparedTexts\":%d,"
                        + "\"meanCosine\":%.7f,\"minCosine\":%.7f}%n", ours.modelName(), texts.size(), threads, batch,
                        texts.size() / oursSeconds, texts.size() / theirSeconds, theirSeconds / oursSeconds, ours.truncatedTexts(),
                        compared, sum / compared, min);
            }
        }
    }

    private static double cosine(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
