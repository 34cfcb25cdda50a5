package dev.annotator.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annotator.core.data.Split;
import dev.annotator.core.eval.SpanMetrics;
import dev.annotator.core.eval.SpanReport;
import dev.annotator.core.io.DatasetFormatException;
import dev.annotator.core.io.SpanDatasetReader;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanDataset;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.span.SpanPrediction;
import dev.annotator.core.task.Task;
import dev.annotator.student.encoder.OnnxSentenceEncoder;
import dev.annotator.student.encoder.OnnxTokenEncoder;
import dev.annotator.student.span.OnnxSpanTagger;
import dev.annotator.student.span.SpanTaggerModel;
import dev.annotator.student.span.SpanTaggerTrainer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Span data in the command line: recognise it, train and evaluate the span tagger, tag texts with one. */
final class SpanJob {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PREDICT_BATCH = 64;

    /** What a training run produced. */
    record Result(Path model, int trainExamples, int devExamples, double trainSeconds, int epochsRun, long truncated,
            int testExamples, Optional<SpanReport> test) {

        Map<String, Object> summary() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("studentType", "span-tagger");
            m.put("model", model.toString());
            m.put("trainExamples", trainExamples);
            m.put("devExamples", devExamples);
            m.put("trainSeconds", trainSeconds);
            m.put("epochs", epochsRun);
            m.put("truncatedTexts", truncated);
            m.put("testExamples", testExamples);
            test.ifPresent(r -> {
                m.put("spanF1", r.f1());
                m.put("precision", r.precision());
                m.put("recall", r.recall());
            });
            return m;
        }
    }

    private SpanJob() {
    }

    /**
     * Whether a file holds span data: a JSON Lines file whose first record has a {@code spans} field.
     *
     * @param file a data file
     * @return true for span JSONL
     * @throws IOException when the file cannot be read
     */
    static boolean isSpanData(Path file) throws IOException {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) || !Files.isRegularFile(file)) {
            return false;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    try {
                        return JSON.readTree(line.strip().replace("\uFEFF", "")).has("spans");
                    } catch (IOException e) {
                        return false; // not JSON: the classification reader reports it
                    }
                }
            }
        }
        return false;
    }

    /**
     * Trains the span tagger on 'train', early-stops on 'dev', exports DIR/student.onnx and scores the
     * exported file on the 'test' split of {@code eval}.
     */
    static Result train(SpanDataset data, SpanDataset eval, EncoderStudentOptions enc, FastStudentOptions shared, boolean snapToWords,
            Path outDir, PrintWriter w) throws IOException {
        if (enc.hidden != 0) {
            throw new IllegalArgumentException("--hidden " + enc.hidden + ": the span tagger's head is linear (use --hidden 0)");
        }
        List<SpanExample> train = data.split(Split.TRAIN);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no rows in split 'train' of the span data");
        }
        List<SpanExample> dev = data.split(Split.DEV);
        Path file = outDir.resolve(OnnxSpanTagger.DEFAULT_FILE_NAME);
        double seconds;
        int epochs;
        long truncated;
        try (OnnxSentenceEncoder s = enc.encoderBuilder().build(); OnnxTokenEncoder tokens = OnnxTokenEncoder.of(s)) {
            SpanTaggerTrainer.Builder t = SpanTaggerTrainer.builder(tokens).seed(shared.seed).snapToWords(snapToWords);
            if (shared.epochs != null) {
                t.epochs(shared.epochs);
            }
            long t0 = System.nanoTime();
            SpanTaggerModel model = t.build().train(data.task(), train, dev);
            seconds = (System.nanoTime() - t0) / 1e9;
            model.exportOnnx(file);
            epochs = Integer.parseInt(model.provenance().trainingConfig().getOrDefault("epochsRun", "0"));
            truncated = tokens.truncatedTexts();
            w.printf(Locale.ROOT, "encoder %s: %d of %d texts were longer than %d tokens and were truncated (no spans past the"
                    + " limit)%n", tokens.name(), truncated, tokens.encodedTexts(), tokens.maxLength());
        }
        List<SpanExample> test = eval.split(Split.TEST);
        Optional<SpanReport> report = Optional.empty();
        if (!test.isEmpty()) {
            try (OnnxSpanTagger onnx = OnnxSpanTagger.load(file, enc.threads == null ? Runtime.getRuntime().availableProcessors()
                    : enc.threads)) {
                List<List<Span>> predicted = new ArrayList<>(test.size());
                for (SpanPrediction p : onnx.predictBatch(test.stream().map(SpanExample::text).toList())) {
                    predicted.add(p.spans());
                }
                report = Optional.of(SpanMetrics.evaluate(data.task(), SpanMetrics.goldSpans(test), predicted));
            }
        }
        return new Result(file, train.size(), dev.size(), seconds, epochs, truncated, test.size(), report);
    }

    /** Reads span data with its inferred task. */
    static SpanDataset read(Path file, Task task) throws IOException {
        return SpanDatasetReader.builder().build().read(file, task);
    }

    /**
     * Tags every text of a JSONL file ({@code {"id"?, "text"}} a line) and writes one JSONL line per
     * text: {@code {"id", "text", "spans": [{"start", "end", "type", "text"}]}}, offsets in code points
     * as the span data files count them.
     *
     * @return {texts, truncated texts}
     */
    static long[] predict(Path model, Path data, Path out, String textColumn, int threads) throws IOException {
        String n = data.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(n.endsWith(".jsonl") || n.endsWith(".ndjson"))) {
            throw new IllegalArgumentException("--data " + data + ": a span tagger reads JSON Lines (one {\"text\": ...} object a"
                    + " line, .jsonl)");
        }
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
            throw new IllegalArgumentException("--out " + out + ": a span tagger writes JSON Lines; name the file .jsonl");
        }
        long count = 0;
        try (OnnxSpanTagger tagger = OnnxSpanTagger.load(model, threads);
                BufferedReader in = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
            Path abs = out.toAbsolutePath();
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                List<String> ids = new ArrayList<>();
                List<String> texts = new ArrayList<>();
                int lineNo = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode row;
                    try {
                        row = JSON.readTree(line.replace("\uFEFF", ""));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new DatasetFormatException(data.toString(), lineNo, "not JSON: " + e.getOriginalMessage(), e);
                    }
                    JsonNode text = row.path(textColumn);
                    if (!text.isTextual()) {
                        throw new DatasetFormatException(data.toString(), lineNo, "field '" + textColumn
                                + "' is missing or not a string");
                    }
                    ids.add(row.path("id").isValueNode() && !row.path("id").isNull() ? row.path("id").asText() : "row-" + lineNo);
                    texts.add(text.asText());
                    if (texts.size() == PREDICT_BATCH) {
                        count += write(tagger, ids, texts, writer);
                    }
                }
                count += write(tagger, ids, texts, writer);
            }
            return new long[] {count, tagger.truncatedTexts()};
        }
    }

    private static int write(OnnxSpanTagger tagger, List<String> ids, List<String> texts, BufferedWriter writer) throws IOException {
        if (texts.isEmpty()) {
            return 0;
        }
        List<SpanPrediction> p = tagger.predictBatch(texts);
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            ObjectNode o = JSON.createObjectNode();
            o.put("id", ids.get(i));
            o.put("text", text);
            ArrayNode spans = o.putArray("spans");
            // offsets in code points, as SpanDatasetWriter writes them; they are the chars themselves in the BMP
            boolean bmpOnly = text.codePointCount(0, text.length()) == text.length();
            for (Span s : p.get(i).spans()) {
                spans.addObject().put("start", bmpOnly ? s.start() : text.codePointCount(0, s.start()))
                        .put("end", bmpOnly ? s.end() : text.codePointCount(0, s.end()))
                        .put("type", s.type()).put("text", s.coveredText(text));
            }
            writer.write(JSON.writeValueAsString(o));
            writer.newLine();
        }
        int n = texts.size();
        ids.clear();
        texts.clear();
        return n;
    }
}
