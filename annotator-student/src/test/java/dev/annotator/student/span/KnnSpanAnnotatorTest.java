package dev.annotator.student.span;

import static dev.annotator.student.span.SpanFixtures.NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.data.Example;
import dev.annotator.core.data.Split;
import dev.annotator.core.eval.SpanMetrics;
import dev.annotator.core.eval.SpanReport;
import dev.annotator.core.span.Span;
import dev.annotator.core.span.SpanExample;
import dev.annotator.core.span.SpanPrediction;
import dev.annotator.core.task.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnnSpanAnnotatorTest {

    @Test
    void should_tag_held_out_texts_from_a_small_gold_pool() {
        // given a pool of 20 gold texts
        List<SpanExample> gold = SpanFixtures.train().subList(0, 20);
        KnnSpanAnnotator knn = KnnSpanAnnotator.builder().task(NAME).encoder(SpanFixtures.encoder()).goldPool(gold).k(3).build();

        // when it tags held-out texts with unseen names
        List<SpanExample> test = SpanFixtures.heldOut();
        List<SpanPrediction> p = knn.predictBatch(SpanFixtures.texts(test));

        // then it finds most names, and each token's row is its neighbours' vote shares
        SpanReport r = SpanMetrics.evaluate(NAME, SpanMetrics.goldSpans(test), p.stream().map(SpanPrediction::spans).toList());
        assertThat(r.f1()).as("%s", r).isGreaterThan(0.6);
        for (float[] row : p.get(0).tokenProbabilities()) {
            assertThat(row[0] + row[1] + row[2]).isCloseTo(1f, within(1e-3f));
        }
        assertThat(knn.poolTexts()).isEqualTo(20);
        assertThat(knn.poolTokens()).isGreaterThan(100);
        assertThat(knn.name()).startsWith("knn-span:k3:all-minilm-l6-v2-q");

        // and annotate keeps id, text and metadata, in the given split
        List<SpanExample> annotated = knn.annotate(List.of(Example.of("a", test.get(0).text())), Split.TRAIN);
        assertThat(annotated.get(0).id()).isEqualTo("a");
        assertThat(annotated.get(0).split()).isEqualTo(Split.TRAIN);
        assertThat(annotated.get(0).spans()).isEqualTo(p.get(0).spans());
    }

    @Test
    void should_copy_the_gold_tag_of_an_identical_token_with_k_1() {
        List<SpanExample> gold = SpanFixtures.train().subList(0, 10);
        KnnSpanAnnotator knn = KnnSpanAnnotator.builder().task(NAME).encoder(SpanFixtures.encoder()).goldPool(gold).k(1).build();
        for (SpanExample g : gold) {
            assertThat(knn.predictBatch(List.of(g.text())).get(0).spans()).as(g.text()).isEqualTo(g.spans());
        }
    }

    @Test
    void should_snap_its_spans_to_whole_words_when_asked() {
        List<SpanExample> gold = SpanFixtures.train().subList(0, 20);
        KnnSpanAnnotator knn = KnnSpanAnnotator.builder().task(NAME).encoder(SpanFixtures.encoder()).goldPool(gold).k(3)
                .snapToWords(true).build();
        String text = "They said Mr. Turner's farm was sold.";
        List<Span> spans = knn.predictBatch(List.of(text)).get(0).spans();
        assertThat(spans).isNotEmpty();
        for (Span s : spans) {
            assertThat(s.start() == 0 || text.charAt(s.start() - 1) == ' ').as("%s", s).isTrue();
            assertThat(s.end() == text.length() || text.charAt(s.end()) == ' ').as("%s", s).isTrue();
        }
        assertThat(knn.name()).endsWith(":words");
    }

    @Test
    void should_reject_bad_settings() {
        var encoder = SpanFixtures.encoder();
        assertThatThrownBy(() -> KnnSpanAnnotator.builder().k(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("k must be >= 1: 0");
        assertThatThrownBy(() -> KnnSpanAnnotator.builder().task(NAME).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing: encoder goldPool");
        assertThatThrownBy(() -> KnnSpanAnnotator.builder().task(NAME).encoder(encoder).goldPool(List.of()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gold pool of span task 'names' is empty");
        List<SpanExample> wrong = List.of(SpanExample.of("g", "Mr. Smith", List.of(Span.of(4, 9, "ORG")), Split.DEV));
        assertThatThrownBy(() -> KnnSpanAnnotator.builder().task(NAME).encoder(encoder).goldPool(wrong).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gold text 'g' has span [4, 9) ORG");
        assertThatThrownBy(() -> KnnSpanAnnotator.builder().task(Task.singleLabel("t", "a", "b")).encoder(encoder)
                .goldPool(SpanFixtures.train()).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a SPAN task");
    }
}
