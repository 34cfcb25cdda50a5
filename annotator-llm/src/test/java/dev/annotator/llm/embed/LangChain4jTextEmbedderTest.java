package dev.annotator.llm.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.RetriableAnnotatorException;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LangChain4jTextEmbedderTest {
    static EmbeddingModel miniLm;

    @BeforeAll
    static void loadModel() {
        miniLm = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    /** A scripted model: records batch sizes and answers with what {@code answer} makes of each batch. */
    static final class ScriptedModel implements EmbeddingModel {
        final List<Integer> batches = new ArrayList<>();
        final Function<List<TextSegment>, List<Embedding>> answer;

        ScriptedModel(Function<List<TextSegment>, List<Embedding>> answer) {
            this.answer = answer;
        }

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            batches.add(segments.size());
            return Response.from(answer.apply(segments));
        }

        @Override
        public int dimension() {
            return 2;
        }
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void should_embed_with_the_in_process_minilm_so_that_similar_texts_lie_close() {
        LangChain4jTextEmbedder e = LangChain4jTextEmbedder.builder().model(miniLm).name("all-minilm-l6-v2-q").build();

        List<float[]> v = e.embedAll(List.of("The battery dies after an hour.", "Battery life is terrible, it runs out fast.",
                "The pasta at this restaurant was delicious."));

        assertThat(e.dimension()).isEqualTo(384);
        assertThat(e.name()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(v).hasSize(3).allSatisfy(x -> assertThat(x).hasSize(384));
        assertThat(cosine(v.get(0), v.get(1))).isGreaterThan(cosine(v.get(0), v.get(2)) + 0.2);
    }

    @Test
    void should_give_the_same_vectors_whatever_the_batch_size() {
        List<String> texts = List.of("one", "two words", "three little words", "four words in all", "five");
        List<float[]> whole = LangChain4jTextEmbedder.builder().model(miniLm).batchSize(64).build().embedAll(texts);
        List<float[]> small = LangChain4jTextEmbedder.builder().model(miniLm).batchSize(2).build().embedAll(texts);

        for (int i = 0; i < texts.size(); i++) {
            assertThat(cosine(whole.get(i), small.get(i))).isGreaterThan(0.9999);
        }
    }

    @Test
    void should_send_texts_in_batches_of_the_configured_size_and_keep_their_order() {
        ScriptedModel model = new ScriptedModel(segs -> segs.stream()
                .map(s -> Embedding.from(new float[] {s.text().length(), 1})).toList());
        LangChain4jTextEmbedder e = LangChain4jTextEmbedder.builder().model(model).batchSize(3).build();

        List<float[]> v = e.embedAll(List.of("a", "bb", "ccc", "dddd", "eeeee", "ffffff", "g"));

        assertThat(model.batches).containsExactly(3, 3, 1);
        assertThat(v).extracting(x -> (int) x[0]).containsExactly(1, 2, 3, 4, 5, 6, 1);
        assertThat(e.name()).isEqualTo("ScriptedModel");
    }

    @Test
    void should_fail_clearly_when_the_model_answers_with_too_few_or_wrong_length_vectors() {
        LangChain4jTextEmbedder few = LangChain4jTextEmbedder.of(new ScriptedModel(segs -> List.of(Embedding.from(new float[2]))));
        LangChain4jTextEmbedder wrong = LangChain4jTextEmbedder.of(new ScriptedModel(segs -> segs.stream()
                .map(s -> Embedding.from(new float[5])).toList()));

        assertThatThrownBy(() -> few.embedAll(List.of("a", "b"))).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessageContaining("returned 1 vectors for 2 texts").hasMessageContaining("ScriptedModel");
        assertThatThrownBy(() -> wrong.embedAll(List.of("a"))).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessageContaining("length 5, not its dimension 2");
    }

    @Test
    void should_map_model_failures_to_retriable_or_not() {
        LangChain4jTextEmbedder limited = LangChain4jTextEmbedder.of(new ScriptedModel(segs -> {
            throw new RateLimitException("429 slow down");
        }));
        LangChain4jTextEmbedder broken = LangChain4jTextEmbedder.of(new ScriptedModel(segs -> {
            throw new IllegalStateException("bad key");
        }));

        assertThatThrownBy(() -> limited.embedAll(List.of("a"))).isInstanceOf(RetriableAnnotatorException.class)
                .hasMessageContaining("429 slow down").hasMessageContaining("texts 0..0");
        assertThatThrownBy(() -> broken.embedAll(List.of("a"))).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessageContaining("bad key");
    }

    @Test
    void should_reject_blank_texts_and_bad_settings() {
        LangChain4jTextEmbedder e = LangChain4jTextEmbedder.of(miniLm);

        assertThatThrownBy(() -> e.embedAll(List.of("fine", "  "))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text 1 of 2 is blank");
        assertThatThrownBy(() -> LangChain4jTextEmbedder.builder().batchSize(0)).hasMessageContaining("batchSize must be at least 1: 0");
        assertThatThrownBy(() -> LangChain4jTextEmbedder.builder().build()).isInstanceOf(IllegalStateException.class);
    }
}
