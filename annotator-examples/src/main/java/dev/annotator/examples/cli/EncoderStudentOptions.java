package dev.annotator.examples.cli;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.student.encoder.EncoderStudentTrainer;
import dev.annotator.student.encoder.OnnxSentenceEncoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Settings of the encoder student ({@code train --student encoder}); seed and epochs come from the shared options. */
final class EncoderStudentOptions {
    @Option(names = "--encoder-model", description = "Encoder .onnx file (default: all-MiniLM-L6-v2 quantized, bundled).")
    Path encoderModel;

    @Option(names = "--encoder-tokenizer", description = "The encoder's tokenizer.json (required with --encoder-model).")
    Path encoderTokenizer;

    @Option(names = "--max-length", description = "Most tokens per text; longer texts are truncated and counted "
            + "(default: the tokenizer's, 128 for MiniLM).")
    Integer maxLength;

    @Option(names = "--hidden", defaultValue = "0", description = "Hidden units of the encoder student's head, 0 for linear "
            + "(default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--encoder-threads", description = "ONNX Runtime threads for embedding (default: available processors).")
    Integer threads;

    OnnxSentenceEncoder.Builder encoderBuilder() {
        OnnxSentenceEncoder.Builder b = OnnxSentenceEncoder.builder();
        if (encoderModel != null || encoderTokenizer != null) {
            if (encoderModel == null || encoderTokenizer == null) {
                throw new IllegalArgumentException("--encoder-model and --encoder-tokenizer go together");
            }
            b.model(encoderModel, encoderTokenizer);
        }
        if (maxLength != null) {
            b.maxLength(maxLength);
        }
        if (threads != null) {
            b.threads(threads);
        }
        return b;
    }

    /**
     * Trains, exports and evaluates an encoder student, reporting truncated texts.
     *
     * @param train what to train on (stored annotations), or null for the gold 'train' rows of {@code data}
     */
    StudentJob.Result run(TrainingSet train, Dataset data, Dataset eval, FastStudentOptions shared, Path out, PrintWriter w)
            throws IOException {
        try (OnnxSentenceEncoder enc = encoderBuilder().build()) {
            EncoderStudentTrainer.Builder t = EncoderStudentTrainer.builder(enc).hiddenUnits(hidden).seed(shared.seed);
            if (shared.epochs != null) {
                t.epochs(shared.epochs);
            }
            StudentJob.Result r = train == null ? StudentJob.run(data, eval, t.build(), out)
                    : StudentJob.run(train, data, eval, t.build(), out);
            w.printf(Locale.ROOT, "encoder %s: %d of %d texts were longer than %d tokens and were truncated%n", enc.name(),
                    enc.truncatedTexts(), enc.encodedTexts(), enc.maxLength());
            return r;
        }
    }
}
