package dev.annotator.core.annotate;

import dev.annotator.core.data.Example;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Asks several samples of an annotator the same question and turns their agreement into the
 * confidence (Pangakis and Wolken 2024's consistency score): each text is annotated by every sample;
 * the answer is the majority label, its distribution the vote shares, and its confidence the share of
 * <em>all</em> samples that voted for it (an abstaining sample counts against it).
 *
 * <p>The samples must be able to disagree: an LLM annotator at a temperature above zero with its own
 * sample index (so its request keys, and so its stored answers, differ), not the same deterministic
 * annotator n times, which would give confidence 1 everywhere. {@code LlmAnnotator} has the same idea
 * built in ({@code Confidence.selfConsistency}); this wrapper gives it to any {@link Annotator}.
 *
 * <ul>
 *   <li>single-label: the label most samples chose (ties go to the label first in the task's order);
 *       distribution = votes per label / samples that answered; confidence = top votes / samples;</li>
 *   <li>multi-label: each label is chosen when at least half the answering samples chose it; its score
 *       is that share; confidence = the mean over labels of the share of samples agreeing with the
 *       decision, times the share that answered;</li>
 *   <li>every sample abstained: an abstention quoting the first sample's reason.</li>
 * </ul>
 * The cost is the sum of the samples' costs. The name is {@code consistency<n>:<first sample's name>}.
 * Thread-safe when the samples are; {@link #close()} closes every sample.
 */
public final class ConsistencyAnnotator implements Annotator {
    private final List<Annotator> samples;
    private final Task task;
    private final String name;

    private ConsistencyAnnotator(List<Annotator> samples) {
        if (samples.size() < 2) {
            throw new IllegalArgumentException("a consistency score needs at least 2 samples: " + samples.size());
        }
        this.samples = List.copyOf(samples);
        this.task = this.samples.get(0).task();
        for (Annotator a : this.samples) {
            if (!a.task().equals(task)) {
                throw new IllegalArgumentException("every sample must label task '" + task.name() + "'; '" + a.name()
                        + "' labels '" + a.task().name() + "'");
            }
        }
        this.name = "consistency" + this.samples.size() + ":" + this.samples.get(0).name();
    }

    /**
     * Wraps samples built by a factory, e.g. {@code i -> llmAt(temperature 0.7, sampleIndex i)}.
     *
     * @param n how many samples; at least 2
     * @param sample builds sample {@code i} (0-based)
     * @return the annotator
     * @throws IllegalArgumentException when {@code n < 2} or the samples label different tasks
     */
    public static ConsistencyAnnotator of(int n, IntFunction<? extends Annotator> sample) {
        Objects.requireNonNull(sample, "sample");
        if (n < 2) {
            throw new IllegalArgumentException("a consistency score needs at least 2 samples: " + n);
        }
        List<Annotator> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(Objects.requireNonNull(sample.apply(i), "sample " + i));
        }
        return new ConsistencyAnnotator(list);
    }

    /**
     * Wraps given samples.
     *
     * @param samples at least 2 annotators of one task
     * @return the annotator
     * @throws IllegalArgumentException when fewer than 2 or they label different tasks
     */
    public static ConsistencyAnnotator of(List<? extends Annotator> samples) {
        return new ConsistencyAnnotator(new ArrayList<>(samples));
    }

    /** @return how many samples answer each text */
    public int samples() {
        return samples.size();
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Annotation> annotate(List<Example> examples) {
        List<List<Annotation>> answers = new ArrayList<>(samples.size());
        for (Annotator a : samples) {
            List<Annotation> out = a.annotate(examples);
            if (out == null || out.size() != examples.size()) {
                throw new IllegalStateException("sample '" + a.name() + "' returned " + (out == null ? "null" : out.size())
                        + " annotations for " + examples.size() + " examples");
            }
            answers.add(out);
        }
        List<Annotation> result = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            List<Annotation> votes = new ArrayList<>(samples.size());
            for (List<Annotation> a : answers) {
                votes.add(a.get(i));
            }
            result.add(combine(examples.get(i).id(), votes));
        }
        return result;
    }

    private Annotation combine(String id, List<Annotation> votes) {
        Cost cost = Cost.FREE;
        int k = task.labelCount();
        double[] counts = new double[k];
        int answered = 0;
        for (Annotation v : votes) {
            cost = cost.plus(v.cost());
            if (v.isAbstention()) {
                continue;
            }
            answered++;
            for (String l : v.labels()) {
                counts[task.requireIndex(l)]++;
            }
        }
        if (answered == 0) {
            return Annotation.abstained(id, "all " + votes.size() + " samples abstained; first: "
                    + votes.get(0).abstentionReason().orElse("no reason"), name, cost);
        }
        double n = votes.size();
        double[] share = new double[k];
        for (int j = 0; j < k; j++) {
            share[j] = counts[j] / answered;
        }
        if (!task.isMultiLabel()) {
            int top = 0;
            for (int j = 1; j < k; j++) {
                if (counts[j] > counts[top]) {
                    top = j;
                }
            }
            LabelDistribution d = LabelDistribution.of(task, share);
            return Annotation.labelled(id, d, List.of(task.labels().get(top).name()), counts[top] / n, name, cost);
        }
        List<String> chosen = new ArrayList<>();
        double agree = 0;
        for (int j = 0; j < k; j++) {
            if (share[j] >= 0.5) {
                chosen.add(task.labels().get(j).name());
            }
            agree += Math.max(share[j], 1 - share[j]);
        }
        double confidence = Math.min(1.0, agree / k * (answered / n));
        return Annotation.labelled(id, LabelDistribution.of(task, share), chosen, confidence, name, cost);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Annotator a : samples) {
            try {
                a.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "ConsistencyAnnotator[" + name + "]";
    }
}
