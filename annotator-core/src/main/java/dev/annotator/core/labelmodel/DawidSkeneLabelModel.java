package dev.annotator.core.labelmodel;

import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.List;
import java.util.Optional;

/**
 * Dawid-Skene (1979): each voter has a class-conditional confusion matrix, texts a latent true
 * label with a class prior, and expectation-maximisation estimates both from unlabelled votes.
 *
 * <p>With {@link Builder#abstainAsEvidence(boolean) abstainAsEvidence} (the default) abstaining is
 * one more outcome of each voter's confusion matrix, so a program that fires mostly on one class
 * (say, a keyword list that only ever votes {@code spam}) is informative through when it fires.
 * Without it, abstains are treated as missing at random and only given votes count.
 *
 * <p>The fit is deterministic (no seed needed): the posteriors start from
 * {@linkplain LabelModel#majorityVote() majority vote} (rows without votes start uniform, so that
 * one-sided voters, which only ever give one label, do not pin every row to that label), then EM alternates M-steps with additive {@link Builder#smoothing(double)
 * smoothing} on every count and E-steps until the mean log-likelihood per row changes by less than
 * {@link Builder#tolerance(double) tolerance} or {@link Builder#maxIterations(int) maxIterations}
 * is reached. Rows where every voter abstains get no label. Single-label tasks only; wrap it in
 * {@link OneVsRestLabelModel} for multi-label tasks. Immutable and thread-safe.
 */
public final class DawidSkeneLabelModel implements LabelModel {
    private final int maxIterations;
    private final double tolerance;
    private final double smoothing;
    private final boolean abstainAsEvidence;
    private final double[] fixedPrior;

    private DawidSkeneLabelModel(Builder b) {
        this.fixedPrior = b.classPrior == null ? null : b.classPrior.clone();
        this.maxIterations = b.maxIterations;
        this.tolerance = b.tolerance;
        this.smoothing = b.smoothing;
        this.abstainAsEvidence = b.abstainAsEvidence;
    }

    /**
     * Starts a configuration: 100 iterations at most, tolerance 1e-6, smoothing 1, abstains as
     * evidence.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the task is multi-label, there are no voters, or no voter
     *     gave a label on any row
     */
    @Override
    public Fitted fit(VoteMatrix votes) {
        Task task = votes.task();
        if (task.isMultiLabel()) {
            throw new IllegalArgumentException("dawid-skene supports single-label tasks only; task '" + task.name()
                    + "' is multi-label (wrap it in OneVsRestLabelModel)");
        }
        int n = votes.rowCount();
        int m = votes.voterCount();
        int k = task.labelCount();
        if (m == 0) {
            throw new IllegalArgumentException("dawid-skene needs at least one voter");
        }
        if (fixedPrior != null && fixedPrior.length != k) {
            throw new IllegalArgumentException("classPrior has " + fixedPrior.length + " entries but task '" + task.name()
                    + "' has " + k + " labels");
        }
        int[][] v = new int[n][];
        for (int i = 0; i < n; i++) {
            v[i] = votes.row(i);
        }
        double[][] t = initialPosteriors(votes, v, k);
        int outcomes = k + 1;
        double[] prior = new double[k];
        double[][][] theta = new double[m][k][outcomes];
        double previous = Double.NEGATIVE_INFINITY;
        double logLikelihood = Double.NEGATIVE_INFINITY;
        int iterations = 0;
        boolean converged = false;
        while (iterations < maxIterations) {
            iterations++;
            mStep(v, t, prior, theta, k);
            logLikelihood = eStep(v, t, prior, theta, k) / n;
            if (Math.abs(logLikelihood - previous) < tolerance) {
                converged = true;
                break;
            }
            previous = logLikelihood;
        }
        return new Fitted(task, votes.voters(), prior, theta, abstainAsEvidence, iterations, converged, logLikelihood);
    }

    private static double[][] initialPosteriors(VoteMatrix votes, int[][] v, int k) {
        FittedLabelModel mv = LabelModel.majorityVote().fit(votes);
        int n = v.length;
        double[][] t = new double[n][];
        int covered = 0;
        for (int i = 0; i < n; i++) {
            Optional<LabelDistribution> d = mv.predict(v[i]);
            if (d.isPresent()) {
                t[i] = d.get().toArray();
                covered++;
            } else {
                t[i] = new double[k];
                java.util.Arrays.fill(t[i], 1.0 / k);
            }
        }
        if (covered == 0) {
            throw new IllegalArgumentException("dawid-skene needs votes, but every voter abstained on all " + n + " rows");
        }
        return t;
    }

    private void mStep(int[][] v, double[][] t, double[] prior, double[][][] theta, int k) {
        int n = v.length;
        double[] mass = new double[k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                mass[c] += t[i][c];
            }
        }
        for (int c = 0; c < k; c++) {
            prior[c] = fixedPrior != null ? fixedPrior[c] : (mass[c] + smoothing) / (n + k * smoothing);
        }
        int outcomes = k + 1;
        for (int j = 0; j < theta.length; j++) {
            double[][] counts = new double[k][outcomes];
            for (int i = 0; i < n; i++) {
                int o = v[i][j] == VoteMatrix.ABSTAIN ? k : v[i][j];
                for (int c = 0; c < k; c++) {
                    counts[c][o] += t[i][c];
                }
            }
            for (int c = 0; c < k; c++) {
                int used = abstainAsEvidence ? outcomes : k;
                double total = 0;
                for (int o = 0; o < used; o++) {
                    total += counts[c][o] + smoothing;
                }
                for (int o = 0; o < used; o++) {
                    theta[j][c][o] = total > 0 ? (counts[c][o] + smoothing) / total : 1.0 / used;
                }
                if (!abstainAsEvidence) {
                    double all = 0;
                    for (int o = 0; o < outcomes; o++) {
                        all += counts[c][o];
                    }
                    theta[j][c][k] = all > 0 ? counts[c][k] / all : 0;
                }
            }
        }
    }

    private double eStep(int[][] v, double[][] t, double[] prior, double[][][] theta, int k) {
        double total = 0;
        double[] log = new double[k];
        for (int i = 0; i < v.length; i++) {
            total += posterior(v[i], prior, theta, abstainAsEvidence, log, t[i]);
        }
        return total;
    }

    /** Writes the posterior of one row into {@code out}; returns the row's log-likelihood. */
    static double posterior(int[] row, double[] prior, double[][][] theta, boolean abstainAsEvidence, double[] log, double[] out) {
        int k = prior.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            double s = Math.log(prior[c]);
            for (int j = 0; j < row.length; j++) {
                if (row[j] != VoteMatrix.ABSTAIN) {
                    s += Math.log(theta[j][c][row[j]]);
                } else if (abstainAsEvidence) {
                    s += Math.log(theta[j][c][k]);
                }
            }
            log[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            out[c] = Math.exp(log[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < k; c++) {
            out[c] /= sum;
        }
        return max + Math.log(sum);
    }

    @Override
    public String toString() {
        return "dawid-skene[maxIterations=" + maxIterations + ", tolerance=" + tolerance + ", smoothing=" + smoothing
                + ", abstainAsEvidence=" + abstainAsEvidence + "]";
    }

    /** Settings of {@link DawidSkeneLabelModel}; not thread-safe. */
    public static final class Builder {
        private int maxIterations = 100;
        private double tolerance = 1e-6;
        private double smoothing = 1.0;
        private boolean abstainAsEvidence = true;
        private double[] classPrior;

        private Builder() {
        }

        /**
         * Fixes the class prior instead of estimating it, e.g. to the label balance of the gold dev
         * set. With voters that each give only one label, the prior is weakly identified from votes
         * alone and fixing it makes the fit much more stable.
         *
         * @param classPrior one positive probability per label, in task order, summing to one
         * @return this builder
         */
        public Builder classPrior(double... classPrior) {
            double sum = 0;
            for (double p : classPrior) {
                if (!(p > 0 && p < 1)) {
                    throw new IllegalArgumentException("classPrior entries must be in (0, 1): " + java.util.Arrays.toString(classPrior));
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > 1e-6) {
                throw new IllegalArgumentException("classPrior must sum to 1: " + java.util.Arrays.toString(classPrior));
            }
            this.classPrior = classPrior.clone();
            return this;
        }

        /**
         * @param maxIterations the most EM iterations; positive
         * @return this builder
         */
        public Builder maxIterations(int maxIterations) {
            if (maxIterations <= 0) {
                throw new IllegalArgumentException("maxIterations must be positive: " + maxIterations);
            }
            this.maxIterations = maxIterations;
            return this;
        }

        /**
         * @param tolerance stop when the mean log-likelihood per row changes by less; positive
         * @return this builder
         */
        public Builder tolerance(double tolerance) {
            if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
                throw new IllegalArgumentException("tolerance must be positive and finite: " + tolerance);
            }
            this.tolerance = tolerance;
            return this;
        }

        /**
         * @param smoothing pseudo-count added to every confusion and prior count; positive, so no
         *     probability is ever zero
         * @return this builder
         */
        public Builder smoothing(double smoothing) {
            if (!(smoothing > 0) || Double.isInfinite(smoothing)) {
                throw new IllegalArgumentException("smoothing must be positive and finite: " + smoothing);
            }
            this.smoothing = smoothing;
            return this;
        }

        /**
         * @param abstainAsEvidence whether abstaining is an outcome of each voter's confusion matrix
         *     (true) or missing at random (false)
         * @return this builder
         */
        public Builder abstainAsEvidence(boolean abstainAsEvidence) {
            this.abstainAsEvidence = abstainAsEvidence;
            return this;
        }

        /** @return the label model */
        public DawidSkeneLabelModel build() {
            return new DawidSkeneLabelModel(this);
        }
    }

    /** A fitted Dawid-Skene model: class prior and per-voter confusion matrices. Immutable. */
    public static final class Fitted implements FittedLabelModel {
        private final Task task;
        private final List<String> voters;
        private final double[] prior;
        private final double[][][] theta;
        private final boolean abstainAsEvidence;
        private final int iterations;
        private final boolean converged;
        private final double logLikelihood;

        Fitted(Task task, List<String> voters, double[] prior, double[][][] theta, boolean abstainAsEvidence, int iterations,
                boolean converged, double logLikelihood) {
            this.task = task;
            this.voters = List.copyOf(voters);
            this.prior = prior.clone();
            this.theta = new double[theta.length][][];
            for (int j = 0; j < theta.length; j++) {
                this.theta[j] = new double[theta[j].length][];
                for (int c = 0; c < theta[j].length; c++) {
                    this.theta[j][c] = theta[j][c].clone();
                }
            }
            this.abstainAsEvidence = abstainAsEvidence;
            this.iterations = iterations;
            this.converged = converged;
            this.logLikelihood = logLikelihood;
        }

        @Override
        public String name() {
            return "dawid-skene";
        }

        @Override
        public Task task() {
            return task;
        }

        @Override
        public List<String> voters() {
            return voters;
        }

        @Override
        public Optional<LabelDistribution> predict(int[] votes) {
            if (votes.length != voters.size()) {
                throw new IllegalArgumentException("row has " + votes.length + " votes but the model has " + voters.size()
                        + " voters");
            }
            boolean any = false;
            for (int c : votes) {
                if (c != VoteMatrix.ABSTAIN) {
                    any = true;
                }
            }
            if (!any) {
                return Optional.empty();
            }
            double[] out = new double[prior.length];
            posterior(votes, prior, theta, abstainAsEvidence, new double[prior.length], out);
            return Optional.of(LabelDistribution.of(task, out));
        }

        /** @return the estimated class prior, in task label order */
        public double[] classPrior() {
            return prior.clone();
        }

        /**
         * A voter's estimated confusion matrix given that it voted.
         *
         * @param voter a voter index
         * @return {@code [true label][voted label]}, each row summing to one
         */
        public double[][] confusion(int voter) {
            int k = prior.length;
            double[][] out = new double[k][k];
            for (int c = 0; c < k; c++) {
                double voted = 0;
                for (int o = 0; o < k; o++) {
                    voted += theta[voter][c][o];
                }
                for (int o = 0; o < k; o++) {
                    out[c][o] = theta[voter][c][o] / voted;
                }
            }
            return out;
        }

        /**
         * A voter's estimated probability of voting at all, per true label (its class-conditional
         * coverage). Meaningful when abstains are evidence; otherwise the observed rate.
         *
         * @param voter a voter index
         * @return one probability per true label
         */
        public double[] voteRate(int voter) {
            int k = prior.length;
            double[] out = new double[k];
            for (int c = 0; c < k; c++) {
                double voted = 0;
                for (int o = 0; o < k; o++) {
                    voted += theta[voter][c][o];
                }
                out[c] = abstainAsEvidence ? voted : 1 - theta[voter][c][k];
            }
            return out;
        }

        /**
         * A voter's estimated accuracy when it votes: the probability that its label is the true one,
         * averaged over the class prior and its vote rates.
         *
         * @param voter a voter index
         * @return the accuracy in [0, 1]
         */
        public double accuracy(int voter) {
            double[][] conf = confusion(voter);
            double[] rate = voteRate(voter);
            double num = 0;
            double den = 0;
            for (int c = 0; c < prior.length; c++) {
                num += prior[c] * rate[c] * conf[c][c];
                den += prior[c] * rate[c];
            }
            return den > 0 ? num / den : 0;
        }

        /** @return EM iterations run */
        public int iterations() {
            return iterations;
        }

        /** @return whether EM stopped on the tolerance rather than the iteration limit */
        public boolean converged() {
            return converged;
        }

        /** @return the mean log-likelihood per row at the end of EM */
        public double logLikelihood() {
            return logLikelihood;
        }

        @Override
        public String toString() {
            return "dawid-skene" + voters + "[iterations=" + iterations + ", converged=" + converged + "]";
        }
    }
}
