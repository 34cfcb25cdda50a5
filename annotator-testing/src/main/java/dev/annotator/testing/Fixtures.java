package dev.annotator.testing;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Small fixtures for tests: a tiny sentiment task with a dozen labelled texts, and a builder of
 * datasets row by row.
 *
 * <pre>{@code
 * Dataset data = Fixtures.dataset(Fixtures.sentimentTask())
 *         .train("great film", "positive").train("awful film", "negative")
 *         .test("loved it", "positive").unlabelled("a film").build();
 * }</pre>
 */
public final class Fixtures {
    private static final Task SENTIMENT = Task.builder().name("tiny-sentiment")
            .label("negative", "the writer disliked it").label("positive", "the writer liked it").build();

    private static final String[][] SENTIMENT_ROWS = {
        {"great film, loved it", "positive"}, {"terrible film, hated it", "negative"},
        {"wonderful acting and a great story", "positive"}, {"awful acting and a boring story", "negative"},
        {"i loved every minute", "positive"}, {"i hated every minute", "negative"},
        {"excellent, would watch again", "positive"}, {"dreadful, would never watch again", "negative"},
        {"a wonderful, moving film", "positive"}, {"a boring, awful film", "negative"},
        {"brilliant and great", "positive"}, {"dull and terrible", "negative"}};

    private Fixtures() {
    }

    /** @return a single-label task {@code tiny-sentiment} with labels {@code negative} and {@code positive}, described */
    public static Task sentimentTask() {
        return SENTIMENT;
    }

    /**
     * Twelve short movie-review texts of {@link #sentimentTask()}, alternating positive and negative,
     * separable by their words ("great", "loved", "awful", "hated", ...): ids {@code s0..s11}, the first
     * eight in {@link Split#TRAIN}, the last four in {@link Split#TEST}.
     *
     * @return the dataset
     */
    public static Dataset sentimentData() {
        DatasetBuilder b = dataset(SENTIMENT);
        for (int i = 0; i < SENTIMENT_ROWS.length; i++) {
            b.row("s" + i, SENTIMENT_ROWS[i][0], i < 8 ? Split.TRAIN : Split.TEST, SENTIMENT_ROWS[i][1]);
        }
        return b.build();
    }

    /**
     * @param task the task of the dataset
     * @return a builder of a dataset of that task
     */
    public static DatasetBuilder dataset(Task task) {
        return new DatasetBuilder(task);
    }

    /**
     * @param texts texts
     * @return examples of those texts with ids {@code e0, e1, ...}
     */
    public static List<Example> examples(String... texts) {
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            out.add(Example.of("e" + i, texts[i]));
        }
        return List.copyOf(out);
    }

    /**
     * Builds a {@link Dataset} row by row. Rows without an explicit id get {@code r<n>}, n counting
     * from 0 in the order added. Not thread-safe.
     */
    public static final class DatasetBuilder {
        private final Task task;
        private final List<LabelledExample> rows = new ArrayList<>();

        private DatasetBuilder(Task task) {
            this.task = Objects.requireNonNull(task, "task");
        }

        /**
         * Adds a row.
         *
         * @param id the example id
         * @param text the text
         * @param split its split
         * @param labels its gold labels; none for an unlabelled row
         * @return this builder
         */
        public DatasetBuilder row(String id, String text, Split split, String... labels) {
            rows.add(new LabelledExample(Example.of(id, text), List.of(labels), split));
            return this;
        }

        /**
         * @param text the text
         * @param labels its gold labels
         * @return this builder, with a training row added
         */
        public DatasetBuilder train(String text, String... labels) {
            return row(nextId(), text, Split.TRAIN, labels);
        }

        /**
         * @param text the text
         * @param labels its gold labels
         * @return this builder, with a dev row added
         */
        public DatasetBuilder dev(String text, String... labels) {
            return row(nextId(), text, Split.DEV, labels);
        }

        /**
         * @param text the text
         * @param labels its gold labels
         * @return this builder, with a test row added
         */
        public DatasetBuilder test(String text, String... labels) {
            return row(nextId(), text, Split.TEST, labels);
        }

        /**
         * @param text the text
         * @return this builder, with an unlabelled training row added
         */
        public DatasetBuilder unlabelled(String text) {
            return row(nextId(), text, Split.TRAIN);
        }

        private String nextId() {
            return "r" + rows.size();
        }

        /**
         * @return the dataset
         * @throws IllegalArgumentException as {@link Dataset#of} does: duplicate ids, labels outside the task
         */
        public Dataset build() {
            return Dataset.of(task, rows);
        }
    }
}
