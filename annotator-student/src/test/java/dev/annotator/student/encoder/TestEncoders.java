package dev.annotator.student.encoder;

import java.io.IOException;
import java.io.UncheckedIOException;

/** One quantized MiniLM encoder shared by the tests of this JVM (loading one takes seconds). */
final class TestEncoders {
    private static OnnxSentenceEncoder shared;

    private TestEncoders() {
    }

    static synchronized OnnxSentenceEncoder shared() {
        if (shared == null) {
            try {
                shared = OnnxSentenceEncoder.builder().threads(2).batchSize(16).cache(EmbeddingCache.unbounded()).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }
}
