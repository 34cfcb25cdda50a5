package dev.annotator.student.fast;

import dev.annotator.core.NonRetriableAnnotatorException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the {@link HashingFeaturizer}: how many hash buckets, which word and character
 * n-grams, and whether to lowercase. Stored in exported model files so that a loaded model
 * featurizes exactly as the trained one did. Immutable.
 */
public final class FeaturizerConfig {
    private static final String PREFIX = "annotator.featurizer.";

    private final int buckets;
    private final int maxWordNgram;
    private final int minCharNgram;
    private final int maxCharNgram;
    private final boolean lowercase;
    private final int maxTokens;

    private FeaturizerConfig(Builder b) {
        this.buckets = b.buckets;
        this.maxWordNgram = b.maxWordNgram;
        this.minCharNgram = b.minCharNgram;
        this.maxCharNgram = b.maxCharNgram;
        this.lowercase = b.lowercase;
        this.maxTokens = b.maxTokens;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The defaults: 2^20 buckets, word uni- and bigrams, character 2- to 5-grams of words,
     * lowercased, at most 10,000 tokens per text.
     *
     * @return the default configuration
     */
    public static FeaturizerConfig defaults() {
        return builder().build();
    }

    /** @return the number of hash buckets (the feature space size) */
    public int buckets() {
        return buckets;
    }

    /** @return the longest word n-gram (1 = unigrams only) */
    public int maxWordNgram() {
        return maxWordNgram;
    }

    /** @return the shortest character n-gram, or 0 when character n-grams are off */
    public int minCharNgram() {
        return minCharNgram;
    }

    /** @return the longest character n-gram, or 0 when character n-grams are off */
    public int maxCharNgram() {
        return maxCharNgram;
    }

    /** @return true when character n-grams are on */
    public boolean charNgrams() {
        return maxCharNgram > 0;
    }

    /** @return whether text is lowercased before featurization */
    public boolean lowercase() {
        return lowercase;
    }

    /** @return the number of tokens read from a text; the rest is ignored */
    public int maxTokens() {
        return maxTokens;
    }

    /**
     * Flattens to string properties.
     *
     * @return properties under {@code annotator.featurizer.}
     */
    public Map<String, String> toProperties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PREFIX + "type", "hashing-ngrams-v1");
        m.put(PREFIX + "buckets", Integer.toString(buckets));
        m.put(PREFIX + "maxWordNgram", Integer.toString(maxWordNgram));
        m.put(PREFIX + "minCharNgram", Integer.toString(minCharNgram));
        m.put(PREFIX + "maxCharNgram", Integer.toString(maxCharNgram));
        m.put(PREFIX + "lowercase", Boolean.toString(lowercase));
        m.put(PREFIX + "maxTokens", Integer.toString(maxTokens));
        return m;
    }

    /**
     * Reads back what {@link #toProperties()} wrote.
     *
     * @param props the properties
     * @return the configuration
     * @throws NonRetriableAnnotatorException when a key is missing or malformed, or the featurizer
     *     type is not one this version knows
     */
    public static FeaturizerConfig fromProperties(Map<String, String> props) {
        String type = props.get(PREFIX + "type");
        if (!"hashing-ngrams-v1".equals(type)) {
            throw new NonRetriableAnnotatorException("unsupported featurizer type in model metadata: " + type);
        }
        try {
            return builder().buckets(intProp(props, "buckets")).maxWordNgram(intProp(props, "maxWordNgram"))
                    .charNgrams(intProp(props, "minCharNgram"), intProp(props, "maxCharNgram"))
                    .lowercase(Boolean.parseBoolean(require(props, "lowercase"))).maxTokens(intProp(props, "maxTokens"))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new NonRetriableAnnotatorException("invalid featurizer settings in model metadata: " + e.getMessage(), e);
        }
    }

    private static int intProp(Map<String, String> props, String key) {
        return Integer.parseInt(require(props, key));
    }

    private static String require(Map<String, String> props, String key) {
        String v = props.get(PREFIX + key);
        if (v == null) {
            throw new NonRetriableAnnotatorException("model metadata lacks featurizer key '" + PREFIX + key + "'");
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeaturizerConfig && ((FeaturizerConfig) o).toProperties().equals(toProperties());
    }

    @Override
    public int hashCode() {
        return Objects.hash(buckets, maxWordNgram, minCharNgram, maxCharNgram, lowercase, maxTokens);
    }

    @Override
    public String toString() {
        return "FeaturizerConfig" + toProperties();
    }

    /** Builder for {@link FeaturizerConfig}; not thread-safe. */
    public static final class Builder {
        private int buckets = 1 << 20;
        private int maxWordNgram = 2;
        private int minCharNgram = 2;
        private int maxCharNgram = 5;
        private boolean lowercase = true;
        private int maxTokens = 10_000;

        private Builder() {
        }

        /**
         * @param buckets number of hash buckets, at least 16
         * @return this builder
         */
        public Builder buckets(int buckets) {
            if (buckets < 16) {
                throw new IllegalArgumentException("buckets must be >= 16: " + buckets);
            }
            this.buckets = buckets;
            return this;
        }

        /**
         * @param maxWordNgram longest word n-gram, 1 to 5
         * @return this builder
         */
        public Builder maxWordNgram(int maxWordNgram) {
            if (maxWordNgram < 1 || maxWordNgram > 5) {
                throw new IllegalArgumentException("maxWordNgram must be in [1, 5]: " + maxWordNgram);
            }
            this.maxWordNgram = maxWordNgram;
            return this;
        }

        /**
         * Character n-grams of each word (with boundary marks) from {@code min} to {@code max}
         * characters; {@code (0, 0)} turns them off.
         *
         * @param min shortest, 1 to max
         * @param max longest, at most 8
         * @return this builder
         */
        public Builder charNgrams(int min, int max) {
            if (min == 0 && max == 0) {
                this.minCharNgram = 0;
                this.maxCharNgram = 0;
                return this;
            }
            if (min < 1 || max < min || max > 8) {
                throw new IllegalArgumentException("character n-gram range must satisfy 1 <= min <= max <= 8: [" + min + ", " + max + "]");
            }
            this.minCharNgram = min;
            this.maxCharNgram = max;
            return this;
        }

        /**
         * @param lowercase whether to lowercase text first
         * @return this builder
         */
        public Builder lowercase(boolean lowercase) {
            this.lowercase = lowercase;
            return this;
        }

        /**
         * @param maxTokens tokens read per text, at least 1
         * @return this builder
         */
        public Builder maxTokens(int maxTokens) {
            if (maxTokens < 1) {
                throw new IllegalArgumentException("maxTokens must be >= 1: " + maxTokens);
            }
            this.maxTokens = maxTokens;
            return this;
        }

        /** @return the configuration */
        public FeaturizerConfig build() {
            return new FeaturizerConfig(this);
        }
    }
}
