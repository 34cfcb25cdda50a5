package dev.annotator.testing;

import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.annotate.EmbeddingKnnAnnotator;
import dev.annotator.core.annotate.NoisyOracleAnnotator;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Nested;

/** Core's annotators and the scripted annotator pass {@link AnnotatorContract}. */
class BuiltInAnnotatorsContractTest {

    @Nested
    class NoisyOracle extends AnnotatorContract {
        @Override
        protected Annotator annotator() {
            // gold for the training rows and the test rows; the two unrelated probe texts are abstained on
            return NoisyOracleAnnotator.builder(task()).gold(Fixtures.sentimentData().rows()).flipRate(0.25).seed(3).build();
        }
    }

    @Nested
    class EmbeddingKnn extends AnnotatorContract {
        @Override
        protected Annotator annotator() {
            return EmbeddingKnnAnnotator.builder().task(task()).embedder(new HashingTextEmbedder()).goldPool(gold()).k(3).build();
        }
    }

    @Nested
    class Scripted extends AnnotatorContract {
        private static ScriptedAnnotator.Builder scripted() {
            return ScriptedAnnotator.builder(task()).answerBy(Scripted::byWords);
        }

        private static List<String> byWords(Example e) {
            String t = e.text().toLowerCase(Locale.ROOT);
            if (t.matches(".*(great|loved|wonderful|brilliant|excellent).*")) {
                return List.of("positive");
            }
            return t.matches(".*(awful|hated|boring|dull|terrible|dreadful).*") ? List.of("negative") : List.of();
        }

        @Override
        protected Annotator annotator() {
            return scripted().noise(0.2, 5).build();
        }

        @Override
        protected Optional<Budgeted> budgeted(int maxCalls) {
            ScriptedAnnotator a = scripted().maxAnswers(maxCalls).build();
            return Optional.of(new Budgeted(a, a::answersGiven));
        }
    }

    @Nested
    class ScriptedFromAMap extends AnnotatorContract {
        @Override
        protected Annotator annotator() {
            ScriptedAnnotator.Builder b = ScriptedAnnotator.builder(task());
            for (LabelledExample r : Fixtures.sentimentData().split(Split.TEST)) {
                b.answer(r.text(), r.labels().get(0));
            }
            return b.build();
        }
    }
}
