package dev.annotator.testing;

import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.data.Example;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * An {@link Annotator} for logic tests without any model: it answers from a map of texts to labels
 * or from a function of the example, optionally flips a fraction of its answers at random (seeded),
 * and may stop at a budget of answers.
 *
 * <pre>{@code
 * Annotator teacher = ScriptedAnnotator.builder(task)
 *         .answer("refund please", "billing")
 *         .answerBy(e -> e.text().contains("crash") ? List.of("bug") : List.of())
 *         .noise(0.1, 7)
 *         .build();
 * }</pre>
 *
 * <p>For each example, the map (by exact text) is consulted first, then the function; an example
 * neither answers is abstained on with the reason {@code "no scripted answer for example '<id>'"}, and
 * so is an answer naming a label outside the task (reason {@code "scripted label ... is not a label of
 * task ..."}): the annotator never coerces. With noise, each answer is flipped with probability
 * {@code rate} (single-label: to another label chosen uniformly; multi-label: each label's membership
 * independently), by a coin seeded with the seed and the example id only, so the same id always gets
 * the same answer. Answers are one-hot with confidence {@code 1 - rate} and cost
 * {@link Builder#costPerAnswer}.
 *
 * <p>With {@link Builder#maxAnswers}, a batch that would take the answers given past the budget is
 * refused before any of it is answered, with a {@link NonRetriableAnnotatorException}.
 *
 * <p>Thread-safe.
 */
public final class ScriptedAnnotator implements Annotator {
    /** The reason prefix of the abstention for an example the script does not answer. */
    public static final String NO_ANSWER = "no scripted answer for example";

    private final Task task;
    private final Map<String, List<String>> byText;
    private final Function<Example, List<String>> function;
    private final double noise;
    private final long seed;
    private final long maxAnswers;
    private final Cost costPerAnswer;
    private final String name;
    private final AtomicLong answered = new AtomicLong();

    private ScriptedAnnotator(Builder b) {
        this.task = b.task;
        this.byText = Map.copyOf(b.byText);
        this.function = b.function;
        this.noise = b.noise;
        this.seed = b.seed;
        this.maxAnswers = b.maxAnswers;
        this.costPerAnswer = b.costPerAnswer;
        this.name = b.name != null ? b.name
                : noise > 0 ? String.format(Locale.ROOT, "scripted:noise=%s,seed=%d", noise, seed) : "scripted";
    }

    /**
     * @param task the task whose labels the annotator gives
     * @return a builder
     */
    public static Builder builder(Task task) {
        return new Builder(task);
    }

    @Override
    public Task task() {
        return task;
    }

    /** @return {@code scripted}, with the noise and seed when noisy, or the name given to the builder */
    @Override
    public String name() {
        return name;
    }

    /** @return how many examples were answered (abstentions included) so far */
    public long answersGiven() {
        return answered.get();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when an id repeats in the batch
     * @throws NonRetriableAnnotatorException when the batch would exceed the answer budget
     */
    @Override
    public List<Annotation> annotate(List<Example> examples) {
        Set<String> ids = new HashSet<>();
        for (Example e : examples) {
            Objects.requireNonNull(e, "example");
            if (!ids.add(e.id())) {
                throw new IllegalArgumentException("example id '" + e.id() + "' repeats in the batch given to " + name);
            }
        }
        long had;
        do {
            had = answered.get();
            if (had + examples.size() > maxAnswers) {
                throw budgetExceeded(examples.size());
            }
        } while (!answered.compareAndSet(had, had + examples.size()));
        List<Annotation> out = new ArrayList<>(examples.size());
        for (Example e : examples) {
            out.add(answer(e));
        }
        return List.copyOf(out);
    }

    private NonRetriableAnnotatorException budgetExceeded(int batch) {
        return new NonRetriableAnnotatorException("annotator " + name + " has a budget of " + maxAnswers + " answers; "
                + answered.get() + " given, a batch of " + batch + " would exceed it");
    }

    private Annotation answer(Example e) {
        List<String> labels = byText.get(e.text());
        if (labels == null) {
            labels = function.apply(e);
        }
        if (labels == null || labels.isEmpty() && !task.isMultiLabel()) {
            return Annotation.abstained(e.id(), NO_ANSWER + " '" + e.id() + "'", name, costPerAnswer);
        }
        for (String l : labels) {
            if (!task.hasLabel(l)) {
                return Annotation.abstained(e.id(), "scripted label '" + l + "' is not a label of task '" + task.name() + "'",
                        name, costPerAnswer);
            }
        }
        if (!task.isMultiLabel() && labels.size() != 1) {
            return Annotation.abstained(e.id(), "scripted answer " + labels + " has more than one label for single-label task '"
                    + task.name() + "'", name, costPerAnswer);
        }
        Set<String> answer = new LinkedHashSet<>();
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + e.id().hashCode());
        if (task.isMultiLabel()) {
            for (String l : task.labelNames()) {
                boolean in = labels.contains(l);
                if (noise > 0 && rnd.nextDouble() < noise) {
                    in = !in;
                }
                if (in) {
                    answer.add(l);
                }
            }
        } else {
            String label = labels.get(0);
            if (noise > 0 && rnd.nextDouble() < noise) {
                List<String> others = new ArrayList<>(task.labelNames());
                others.remove(label);
                label = others.get(rnd.nextInt(others.size()));
            }
            answer.add(label);
        }
        LabelDistribution d = LabelDistribution.ofLabels(task, answer);
        return Annotation.labelled(e.id(), d, List.copyOf(answer), 1 - noise, name, costPerAnswer);
    }

    @Override
    public String toString() {
        return "ScriptedAnnotator[" + name + ", " + byText.size() + " scripted texts]";
    }

    /** Builder for {@link ScriptedAnnotator}; not thread-safe. */
    public static final class Builder {
        private final Task task;
        private final Map<String, List<String>> byText = new HashMap<>();
        private Function<Example, List<String>> function = e -> List.of();
        private double noise;
        private long seed;
        private long maxAnswers = Long.MAX_VALUE;
        private Cost costPerAnswer = Cost.FREE;
        private String name;

        private Builder(Task task) {
            this.task = Objects.requireNonNull(task, "task");
        }

        /**
         * Scripts the answer for one text.
         *
         * @param text the exact text
         * @param labels its labels (one for a single-label task)
         * @return this builder
         */
        public Builder answer(String text, String... labels) {
            byText.put(Objects.requireNonNull(text, "text"), List.of(labels));
            return this;
        }

        /**
         * Scripts the answers for many texts.
         *
         * @param labelByText the label of each text (single-label answers)
         * @return this builder
         */
        public Builder answers(Map<String, String> labelByText) {
            labelByText.forEach((t, l) -> answer(t, l));
            return this;
        }

        /**
         * Answers the examples the map does not cover with a function; an empty list (or null) abstains.
         *
         * @param labelsOf the labels of an example; must be thread-safe
         * @return this builder
         */
        public Builder answerBy(Function<Example, List<String>> labelsOf) {
            this.function = Objects.requireNonNull(labelsOf, "labelsOf");
            return this;
        }

        /**
         * @param rate the fraction of answers flipped at random, in [0, 1); default 0
         * @param seed the seed of the flips
         * @return this builder
         * @throws IllegalArgumentException when the rate is out of range
         */
        public Builder noise(double rate, long seed) {
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("noise rate must be in [0, 1): " + rate);
            }
            this.noise = rate;
            this.seed = seed;
            return this;
        }

        /**
         * @param max most examples answered (abstentions included) over the annotator's life; positive
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder maxAnswers(long max) {
            if (max <= 0) {
                throw new IllegalArgumentException("maxAnswers must be positive: " + max);
            }
            this.maxAnswers = max;
            return this;
        }

        /**
         * @param cost what each answer costs; default {@link Cost#FREE}
         * @return this builder
         */
        public Builder costPerAnswer(Cost cost) {
            this.costPerAnswer = Objects.requireNonNull(cost, "cost");
            return this;
        }

        /**
         * @param name the annotator's name, used as the source of its annotations
         * @return this builder
         * @throws IllegalArgumentException when blank
         */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank: '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /**
         * @return the annotator
         * @throws IllegalStateException when noise is asked for on a single-label task with one label
         */
        public ScriptedAnnotator build() {
            if (!task.isMultiLabel() && noise > 0 && task.labelCount() < 2) {
                throw new IllegalStateException("task '" + task.name() + "' has one label; there is nothing to flip to");
            }
            return new ScriptedAnnotator(this);
        }
    }
}
