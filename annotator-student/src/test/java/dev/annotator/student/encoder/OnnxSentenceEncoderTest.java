package dev.annotator.student.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxSentenceEncoderTest {
    static final List<String> TEXTS = List.of("great film, loved it", "The service was slow and the food arrived cold.",
            "ok", "", "Absolutely terrible. I want my money back!!! Never again, not in a million years.",
            "Le film était magnifique et très émouvant.", "lol :) 10/10 would buy again",
            "This phone's battery lasts two days, the camera is decent, but the screen scratches far too easily "
                    + "and the charger that came in the box stopped working after a week.",
            "Spam: WIN a FREE iPhone now, click http://example.com/win?id=123 before midnight",
            "Thanks for the quick reply. I'll check the attached report and get back to you tomorrow morning.",
            "dull", "A wonderful, moving film with excellent music and a great cast; the story drags a little in the middle.");

    static OnnxSentenceEncoder encoder;

    @BeforeAll
    static void load() throws IOException {
        encoder = OnnxSentenceEncoder.builder().batchSize(4).threads(2).build();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    static double cosine(float[] a, float[] b) {
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

    @Test
    void should_match_langchain4j_on_texts_within_the_limit() {
        // given langchain4j's embedding model for the same ONNX file, one text at a time
        AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();

        // when our encoder embeds them (one text per call, two calls at once: the model quantizes per tensor)
        List<float[]> ours = encoder.embedAll(TEXTS);

        // then every vector points the same way (cosine >= 0.9999) and is unit length
        for (int i = 0; i < TEXTS.size(); i++) {
            if (TEXTS.get(i).isBlank()) {
                continue; // langchain4j refuses blank text
            }
            float[] theirs = reference.embed(TEXTS.get(i)).content().vector();
            assertThat(cosine(ours.get(i), theirs)).as("text %d: %s", i, TEXTS.get(i)).isGreaterThanOrEqualTo(0.9999);
            assertThat(cosine(ours.get(i), ours.get(i))).isCloseTo(1.0, within(1e-6));
            double norm = 0;
            for (float x : ours.get(i)) {
                norm += x * x;
            }
            assertThat(norm).isCloseTo(1.0, within(1e-4));
        }
        assertThat(encoder.dimension()).isEqualTo(384);
        assertThat(encoder.name()).isEqualTo("all-minilm-l6-v2-q:mean:norm:max128");
        assertThat(encoder.inputs()).containsExactly("input_ids", "attention_mask", "token_type_ids");
    }

    @Test
    void should_give_the_same_vector_whatever_the_batch() {
        float[] alone = encoder.embed(TEXTS.get(1));
        float[] batched = encoder.embedAll(TEXTS).get(1);
        assertThat(cosine(alone, batched)).isGreaterThanOrEqualTo(0.9999);
        assertThat(encoder.oneTextPerCall()).isTrue(); // MiniLM-q quantizes per tensor
        assertThat(encoder.batchSize()).isEqualTo(1);
    }

    @Test
    void should_batch_a_quantized_model_exactly_with_per_text_quantization() throws IOException {
        // given the quantized model rewritten to quantize each text on its own, in padded batches of 4
        try (OnnxSentenceEncoder batched = OnnxSentenceEncoder.builder().perTextQuantization(true).batchSize(4).threads(2).build()) {
            assertThat(batched.oneTextPerCall()).isFalse();
            assertThat(batched.batchSize()).isEqualTo(4);

            // when it embeds texts of mixed lengths, then each vector equals the one-text-per-call vector
            List<float[]> got = batched.embedAll(TEXTS);
            List<float[]> expected = encoder.embedAll(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                assertThat(cosine(got.get(i), expected.get(i))).as("text %d", i).isGreaterThanOrEqualTo(0.9999);
            }
        }
    }

    @Test
    void should_truncate_and_count_cache_and_refuse_work_after_close() throws IOException {
        // given an encoder with a 16-token limit and a cache
        EmbeddingCache cache = EmbeddingCache.unbounded();
        OnnxSentenceEncoder small = OnnxSentenceEncoder.builder().maxLength(16).cache(cache).threads(1).build();
        long probe = small.encodedTexts();
        String longText = "word ".repeat(40);

        // when it embeds two long texts and some short ones, with repeats
        List<float[]> first = small.embedAll(List.of(longText, "short text", longText + "more", "short text"));
        List<float[]> second = small.embedAll(List.of("short text", "c"));

        // then the long ones were truncated and counted, and no text was embedded twice
        assertThat(small.truncatedTexts()).isEqualTo(2);
        assertThat(small.encodedTexts() - probe).isEqualTo(4); // long, short, long+more, c
        assertThat(small.tokenCount(longText)).isEqualTo(16);
        assertThat(small.name()).endsWith(":max16");
        assertThat(cache.size()).isEqualTo(4);
        assertThat(first.get(3)).containsExactly(first.get(1));
        assertThat(second.get(0)).containsExactly(first.get(1));
        assertThat(cosine(second.get(1), encoder.embed("c"))).isGreaterThanOrEqualTo(0.9999);

        small.close();
        small.close();
        assertThatThrownBy(() -> small.embed("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void should_keep_only_the_most_recent_entries_when_bounded() {
        EmbeddingCache cache = EmbeddingCache.bounded(2);
        cache.put("e", "a", new float[] {1});
        cache.put("e", "b", new float[] {2});
        cache.get("e", "a");
        cache.put("e", "c", new float[] {3});

        assertThat(cache.get("e", "b")).isEmpty();
        assertThat(cache.get("e", "a")).hasValueSatisfying(v -> assertThat(v).containsExactly(1f));
        assertThat(cache.get("other-embedder", "a")).isEmpty();
        assertThat(cache.size()).isEqualTo(2);
        assertThatThrownBy(() -> EmbeddingCache.bounded(0)).hasMessage("maxEntries must be >= 1: 0");
    }

    @Test
    void should_be_safe_to_call_from_many_threads() throws Exception {
        List<float[]> expected = encoder.embedAll(TEXTS);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<float[]>>> runs = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                runs.add(pool.submit(() -> encoder.embedAll(TEXTS)));
            }
            for (Future<List<float[]>> f : runs) {
                List<float[]> got = f.get();
                for (int i = 0; i < TEXTS.size(); i++) {
                    assertThat(got.get(i)).containsExactly(expected.get(i));
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void should_reject_bad_settings_and_files_with_clear_errors(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> OnnxSentenceEncoder.builder().maxLength(1)).hasMessage("maxLength must be >= 2: 1");
        assertThatThrownBy(() -> OnnxSentenceEncoder.builder().batchSize(0)).hasMessage("batchSize must be >= 1: 0");
        assertThatThrownBy(() -> OnnxSentenceEncoder.builder().classpathModel("nope.onnx", "nope.json").build())
                .isInstanceOf(NonRetriableAnnotatorException.class).hasMessageContaining("'nope.onnx' not found");
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
        Path tok = Files.writeString(dir.resolve("tokenizer.json"), "{}");
        assertThatThrownBy(() -> OnnxSentenceEncoder.builder().model(junk, tok).build()).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> OnnxSentenceEncoder.builder().model(dir.resolve("missing.onnx"), tok).build())
                .isInstanceOf(IOException.class);
    }
}
