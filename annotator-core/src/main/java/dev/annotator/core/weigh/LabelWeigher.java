package dev.annotator.core.weigh;

import dev.annotator.core.task.Task;
import dev.annotator.core.student.TrainingSet;
import java.util.List;

/**
 * Turns annotations into a weighted {@link TrainingSet}: the "weigh" step between annotating and
 * training a student. Abstentions are left out; every labelled annotation becomes one
 * {@link dev.annotator.core.student.TrainingExample} whose target is the annotation's label
 * distribution (soft labels flow through) and whose weight says how much the student should trust it.
 *
 * <p>Contract for implementations (checked by {@code LabelWeigherContract} in annotator-testing):
 * <ul>
 *   <li>one training example per non-abstained annotation, in input order, with the annotation's
 *       distribution as target; abstentions never become examples;</li>
 *   <li>weights are finite and non-negative; built-ins scale them to mean 1 over the kept examples, so
 *       the balance between data and a trainer's regularisation is the same as unweighted training;</li>
 *   <li>the result's {@link TrainingSet#teacher()} names the annotation sources, for provenance;</li>
 *   <li>bad input (an annotation of another task, two annotations of one example) is an
 *       {@link IllegalArgumentException} naming the example; several annotators' answers for one
 *       example are combined by a label model first, not here;</li>
 *   <li>the same input gives the same output; randomness, if any, comes from a seed given at
 *       construction.</li>
 * </ul>
 *
 * <h2>Why weights are precomputed, and how learning-to-reweight plugs in</h2>
 *
 * <p>A weigher computes all weights before training and hands them over inside the
 * {@link TrainingSet}, rather than being consulted by a trainer batch by batch. Every
 * {@link dev.annotator.core.student.StudentTrainer} already honours per-example weights (the trainer
 * contract tests it), so any weigher works with any student — ours or a host's — with no second
 * channel for weights; and the weights are data: they can be stored, inspected, and they enter the
 * training set's fingerprint and so the student's provenance. A per-batch hook would instead need
 * every trainer to expose gradients in a form this module cannot describe, since each student has its
 * own parameters.
 *
 * <p>Learning-to-reweight (Ren et al. 2018, as LLMAAA uses it) is then one more implementation, in
 * annotator-student, where the featurizers and the shared optimizer live: a
 * {@code LearningToReweightWeigher} built with the small gold {@link TrainingSet}, the head's
 * configuration and a seed. Its {@link #weigh(Task, List)} runs Ren et al.'s algorithm on the
 * annotated examples: for each mini-batch B and a sampled gold batch G, at the current parameters θ,
 * the virtual step θ'(ε) = θ − η Σ<sub>i∈B</sub> ε<sub>i</sub> ∇ℓ<sub>i</sub>(θ) taken at ε = 0 gives
 * exactly −∂L<sub>G</sub>(θ')/∂ε<sub>i</sub> = η ⟨∇L<sub>G</sub>(θ), ∇ℓ<sub>i</sub>(θ)⟩ (for a linear
 * head ∇ℓ<sub>i</sub> = x<sub>i</sub> ⊗ (p<sub>i</sub> − y<sub>i</sub>), so the inner product needs no
 * per-example gradient materialised); w<sub>i</sub> = max(that, 0), normalised over B (an all-zero
 * batch gets uniform weights, so no batch is skipped); the step is then taken on the w-weighted loss. The weigher returns each
 * example's weight from the last epoch, rescaled to mean 1, and the student trainer trains on them.
 *
 * <p>That is a two-pass approximation of the online method: the weights the meta-training run found
 * are frozen for the final training run. If measurements show the online variant matters, a trainer
 * can additionally accept such a weigher and ask it for weights per batch; that is an additive change
 * in annotator-student and leaves this interface as it is.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface LabelWeigher {

    /**
     * Builds the training set.
     *
     * @param task the task every annotation's distribution belongs to
     * @param annotated examples with their annotations, at most one per example
     * @return one weighted training example per non-abstained annotation, in input order; empty when
     *     every annotation abstained
     * @throws IllegalArgumentException when an example repeats or an annotation belongs to another task
     */
    TrainingSet weigh(Task task, List<AnnotatedExample> annotated);

    /** @return a short stable description, for logs and learning curves, e.g. {@code uniform} */
    String name();

    /**
     * Every labelled annotation weighs 1.
     *
     * @return the weigher
     */
    static LabelWeigher uniform() {
        return UniformWeigher.INSTANCE;
    }

    /**
     * Weight proportional to the annotator's {@link dev.annotator.core.annotate.Annotation#confidence()},
     * scaled to mean 1.
     *
     * @return the weigher
     */
    static LabelWeigher byConfidence() {
        return new ConfidenceWeigher(1.0);
    }

    /**
     * Weight proportional to {@code confidence^exponent}, scaled to mean 1: exponents above 1 trust
     * confident answers more sharply, below 1 flatten the weights, 0 is uniform.
     *
     * @param exponent finite and non-negative
     * @return the weigher
     * @throws IllegalArgumentException when the exponent is negative or not finite
     */
    static LabelWeigher byConfidence(double exponent) {
        return new ConfidenceWeigher(exponent);
    }
}
