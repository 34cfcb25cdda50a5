package dev.annotator.student.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annotator.core.NonRetriableAnnotatorException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashingFeaturizerTest {
    private final HashingFeaturizer featurizer = new HashingFeaturizer(FeaturizerConfig.defaults());

    @Test
    void should_give_identical_features_for_identical_text() {
        SparseFeatures a = featurizer.featurize("The movie was great!");
        SparseFeatures b = new HashingFeaturizer(FeaturizerConfig.defaults()).featurize("The movie was great!");

        assertThat(a.size()).isPositive().isEqualTo(b.size());
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.index(i)).isEqualTo(b.index(i));
            assertThat(a.value(i)).isEqualTo(b.value(i));
        }
    }

    @Test
    void should_hash_to_the_same_buckets_on_every_jvm() {
        // given a word-only featurizer, the unigram and bigram buckets are fixed by the hash function
        HashingFeaturizer words = new HashingFeaturizer(FeaturizerConfig.builder().charNgrams(0, 0).build());

        SparseFeatures f = words.featurize("good movie");

        // golden values: changing them breaks every exported model, so this must not change silently
        assertThat(f.size()).isEqualTo(3);
        assertThat(new int[] {f.index(0), f.index(1), f.index(2)}).containsExactlyInAnyOrder(GOLDEN);
    }

    private static final int[] GOLDEN = {144750, 380708, 951835};

    @Test
    void should_produce_unique_indices_with_unit_norm() {
        SparseFeatures f = featurizer.featurize("A long, long text; with repeats repeats repeats and punctuation!!!");

        double norm = 0;
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < f.size(); i++) {
            assertThat(seen.add(f.index(i))).as("index %d repeats", f.index(i)).isTrue();
            assertThat(f.index(i)).isBetween(0, FeaturizerConfig.defaults().buckets() - 1);
            norm += f.value(i) * f.value(i);
        }
        assertThat(norm).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void should_distinguish_word_order_through_bigrams() {
        HashingFeaturizer words = new HashingFeaturizer(FeaturizerConfig.builder().charNgrams(0, 0).build());

        SparseFeatures ab = words.featurize("not good");
        SparseFeatures ba = words.featurize("good not");

        assertThat(ab.size()).isEqualTo(3);
        assertThat(sorted(indices(ab))).isNotEqualTo(sorted(indices(ba)));
    }

    @Test
    void should_ignore_case_when_lowercasing() {
        assertThat(indices(featurizer.featurize("GREAT Film"))).isEqualTo(indices(featurizer.featurize("great film")));
        assertThat(indices(featurizer.featurize("ÉCOLE"))).isEqualTo(indices(featurizer.featurize("école")));
    }

    @Test
    void should_respect_case_when_not_lowercasing() {
        HashingFeaturizer cased = new HashingFeaturizer(FeaturizerConfig.builder().lowercase(false).build());

        assertThat(indices(cased.featurize("GREAT"))).isNotEqualTo(indices(cased.featurize("great")));
    }

    @Test
    void should_stop_reading_after_max_tokens() {
        HashingFeaturizer capped = new HashingFeaturizer(FeaturizerConfig.builder().charNgrams(0, 0).maxTokens(2).build());

        assertThat(indices(capped.featurize("one two three four"))).isEqualTo(indices(capped.featurize("one two")));
    }

    @Test
    void should_give_no_features_for_whitespace_only() {
        assertThat(featurizer.featurize(" \t\n").size()).isZero();
    }

    @Test
    void should_round_trip_config_through_properties() {
        FeaturizerConfig config = FeaturizerConfig.builder().buckets(4096).maxWordNgram(3).charNgrams(3, 6)
                .lowercase(false).maxTokens(77).build();

        assertThat(FeaturizerConfig.fromProperties(config.toProperties())).isEqualTo(config);
    }

    @Test
    void should_reject_unknown_featurizer_type() {
        Map<String, String> props = new HashMap<>(FeaturizerConfig.defaults().toProperties());
        props.put("annotator.featurizer.type", "something-else");

        assertThatThrownBy(() -> FeaturizerConfig.fromProperties(props)).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessageContaining("something-else");
    }

    @Test
    void should_reject_bad_settings_naming_the_value() {
        assertThatThrownBy(() -> FeaturizerConfig.builder().buckets(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("buckets must be >= 16: 3");
        assertThatThrownBy(() -> FeaturizerConfig.builder().charNgrams(5, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[5, 2]");
    }

    @Test
    void should_treat_repeated_words_with_sublinear_counts() {
        HashingFeaturizer words = new HashingFeaturizer(FeaturizerConfig.builder().charNgrams(0, 0).maxWordNgram(1).build());

        SparseFeatures f = words.featurize("spam spam spam spam eggs");

        // two unigrams with values 1 + ln 4 and 1, normalised to unit length
        assertThat(f.size()).isEqualTo(2);
        double a = 1 + Math.log(4);
        double norm = Math.sqrt(a * a + 1);
        assertThat((double) f.value(0)).isCloseTo(a / norm, within(1e-6));
        assertThat((double) f.value(1)).isCloseTo(1 / norm, within(1e-6));
    }

    private static int[] sorted(int[] a) {
        int[] c = a.clone();
        java.util.Arrays.sort(c);
        return c;
    }

    private static int[] indices(SparseFeatures f) {
        int[] out = new int[f.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.index(i);
        }
        return out;
    }
}
