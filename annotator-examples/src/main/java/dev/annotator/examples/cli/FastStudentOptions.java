package dev.annotator.examples.cli;

import dev.annotator.student.fast.FastStudentTrainer;
import dev.annotator.student.fast.FeaturizerConfig;
import picocli.CommandLine.Option;

/** Settings of the fast student, shared by commands that train one. */
final class FastStudentOptions {
    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", description = "Most training epochs (default: the trainer's).")
    Integer epochs;

    @Option(names = "--buckets", description = "Hash buckets (default: the featurizer's).")
    Integer buckets;

    @Option(names = "--word-ngrams", description = "Longest word n-gram (default: the featurizer's).")
    Integer wordNgrams;

    @Option(names = "--char-ngrams", description = "Character n-gram range MIN,MAX, or 0 for none (default: the featurizer's).")
    String charNgrams;

    FastStudentTrainer trainer() {
        FastStudentTrainer.Builder b = FastStudentTrainer.builder().featurizer(featurizer()).seed(seed);
        if (epochs != null) {
            b.epochs(epochs);
        }
        return b.build();
    }

    /** @return the featurizer these options ask for */
    FeaturizerConfig featurizer() {
        FeaturizerConfig.Builder f = FeaturizerConfig.builder();
        if (buckets != null) {
            f.buckets(buckets);
        }
        if (wordNgrams != null) {
            f.maxWordNgram(wordNgrams);
        }
        if (charNgrams != null) {
            String[] parts = charNgrams.split(",");
            try {
                if (parts.length == 1 && Integer.parseInt(parts[0].strip()) == 0) {
                    f.charNgrams(0, 0);
                } else if (parts.length == 2) {
                    f.charNgrams(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
                } else {
                    throw new IllegalArgumentException("--char-ngrams must be MIN,MAX or 0: " + charNgrams);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--char-ngrams must be MIN,MAX or 0: " + charNgrams, e);
            }
        }
        return f.build();
    }
}
