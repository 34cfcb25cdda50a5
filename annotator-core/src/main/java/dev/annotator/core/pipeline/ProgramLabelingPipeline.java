package dev.annotator.core.pipeline;

import dev.annotator.core.Version;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.eval.ClassificationReport;
import dev.annotator.core.eval.Evaluator;
import dev.annotator.core.labelmodel.FittedLabelModel;
import dev.annotator.core.labelmodel.LabelModel;
import dev.annotator.core.labelmodel.LabelModelSelection;
import dev.annotator.core.labelmodel.VoteAnalysis;
import dev.annotator.core.labelmodel.VoteMatrix;
import dev.annotator.core.programs.LabelingProgram;
import dev.annotator.core.programs.LabelingPrograms;
import dev.annotator.core.programs.ProgramVotes;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.student.StudentTrainer;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The local half of ALCHEmist (Huang et al. 2024): labelling programs vote on every text, a label
 * model turns the votes into soft labels, and a student learns from them.
 *
 * <pre>{@code
 * List<LabelingProgram> programs = LabelingPrograms.readDirectory(dir, task);   // or synthesized by an LLM
 * try (ProgramLabelingResult r = ProgramLabelingPipeline.builder()
 *         .programs(programs).trainer(FastStudentTrainer.builder().seed(42).build())
 *         .llmCalls(synthesis.calls())                                         // what writing them cost, if known
 *         .build().run(dataset)) {
 *     System.out.println(r.coverage() + " " + r.labelModelAccuracy() + " " + r.test());
 * }
 * }</pre>
 *
 * <ol>
 *   <li><b>apply</b> every program to the {@code train} and {@code dev} rows
 *       ({@link LabelingPrograms#apply});</li>
 *   <li><b>choose</b> on the gold {@code dev} rows only: {@link LabelModelSelection} drops programs below
 *       its dev accuracy floor and picks majority vote, weighted majority vote or Dawid-Skene, each
 *       fitted on the unlabelled train votes. Without gold dev rows nothing is pruned and the
 *       {@linkplain Builder#fallbackLabelModel fallback label model} (majority vote) is used; a label
 *       model {@linkplain Builder#labelModel fixed} by the caller skips the choice;</li>
 *   <li><b>label</b> the train rows with the chosen model: a soft label for every row some kept program
 *       voted on; rows no program covers are left out. Train gold labels, when present, are never used
 *       for training: they only score the label model ({@link ProgramLabelingResult#labelModelAccuracy()});</li>
 *   <li><b>train</b> the student on the soft labels (weight 1, or the label's top probability with
 *       {@link Builder#weighByConfidence}), early-stopping on the gold dev rows;</li>
 *   <li><b>evaluate</b> the student on the gold {@code test} rows, which nothing above has seen.</li>
 * </ol>
 * A pipeline wires parts; it contains none of them. Immutable and thread-safe; each run trains a new
 * student.
 */
public final class ProgramLabelingPipeline {
    private final List<LabelingProgram> programs;
    private final StudentTrainer trainer;
    private final LabelModelSelection selection;
    private final LabelModel fallback;
    private final LabelModel fixed;
    private final long llmCalls;
    private final boolean weighByConfidence;

    private ProgramLabelingPipeline(Builder b) {
        this.programs = b.programs;
        this.trainer = b.trainer;
        this.selection = b.selection;
        this.fallback = b.fallback;
        this.fixed = b.fixed;
        this.llmCalls = b.llmCalls;
        this.weighByConfidence = b.weighByConfidence;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the pipeline on a dataset with {@code train}, {@code dev} and (for scoring) {@code test}
     * splits.
     *
     * @param data the dataset; its task must be the programs' task
     * @return the student, the label model and the scores; close it to close the student
     * @throws IllegalArgumentException when the task differs from the programs', the task is not
     *     single-label, there are no train rows, or no kept program votes on any train row
     */
    public ProgramLabelingResult run(Dataset data) {
        Objects.requireNonNull(data, "data");
        Task task = data.task();
        if (!programs.get(0).task().equals(task)) {
            throw new IllegalArgumentException("the programs are for task '" + programs.get(0).task().name()
                    + "' but the data is for task '" + task.name() + "' (labels " + task.labelNames() + ")");
        }
        if (task.isMultiLabel()) {
            throw new IllegalArgumentException("the program pipeline needs a single-label task; '" + task.name()
                    + "' is multi-label");
        }
        List<LabelledExample> trainRows = data.split(Split.TRAIN);
        if (trainRows.isEmpty()) {
            throw new IllegalArgumentException("no rows in split 'train' to label with the programs");
        }
        List<LabelledExample> devRows = data.split(Split.DEV);
        ProgramVotes trainVotes = LabelingPrograms.apply(programs, examples(trainRows));
        ProgramVotes devVotes = LabelingPrograms.apply(programs, examples(devRows));
        List<List<String>> devGold = devRows.stream().map(LabelledExample::labels).toList();
        boolean devHasGold = devRows.stream().anyMatch(LabelledExample::isLabelled);

        Optional<LabelModelSelection.Result> chosen = Optional.empty();
        FittedLabelModel model;
        List<String> kept;
        if (fixed != null) {
            kept = trainVotes.votes().voters();
            model = fixed.fit(trainVotes.votes());
        } else if (devHasGold) {
            LabelModelSelection.Result r = selection.select(trainVotes.votes(), devVotes.votes(), devGold);
            chosen = Optional.of(r);
            model = r.chosen();
            kept = r.kept();
        } else {
            kept = trainVotes.votes().voters();
            model = fallback.fit(trainVotes.votes());
        }
        VoteMatrix keptTrain = trainVotes.votes().selectVoters(kept);
        List<Optional<LabelDistribution>> soft = model.predict(keptTrain);

        List<TrainingExample> train = new ArrayList<>();
        List<List<String>> lmGold = new ArrayList<>();
        List<LabelDistribution> lmPredicted = new ArrayList<>();
        for (int i = 0; i < trainRows.size(); i++) {
            Optional<LabelDistribution> d = soft.get(i);
            if (d.isEmpty()) {
                continue;
            }
            LabelledExample row = trainRows.get(i);
            train.add(new TrainingExample(row.example(), d.get(), weighByConfidence ? d.get().max() : 1.0));
            if (row.isLabelled()) {
                lmGold.add(row.labels());
                lmPredicted.add(d.get());
            }
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("the kept programs " + kept + " vote on none of the " + trainRows.size()
                    + " train rows: nothing to train on");
        }
        Optional<ClassificationReport> labelModelReport = lmGold.isEmpty() ? Optional.empty()
                : Optional.of(Evaluator.evaluate(task, lmGold, lmPredicted));

        String teacher = "labelmodel:" + model.name();
        StudentModel student = trainer.train(TrainingSet.of(task, train).withTeacher(teacher),
                TrainingSet.fromGold(data, Split.DEV));
        Optional<ClassificationReport> test;
        try {
            List<LabelledExample> testRows = data.split(Split.TEST).stream().filter(LabelledExample::isLabelled).toList();
            test = testRows.isEmpty() ? Optional.empty()
                    : Optional.of(Evaluator.evaluate(task, testRows.stream().map(LabelledExample::labels).toList(),
                            student.predictBatch(testRows.stream().map(LabelledExample::text).toList())));
        } catch (RuntimeException e) {
            student.close();
            throw e;
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("method", "labelling programs (ALCHEmist)");
        provenance.put("programs", String.join(", ", trainVotes.votes().voters()));
        provenance.put("kept", String.join(", ", kept));
        provenance.put("labelModel", model.name());
        provenance.put("llmCalls", Long.toString(llmCalls));
        provenance.put("dataFingerprint", data.fingerprint());
        provenance.put("libraryVersion", Version.get());
        return new ProgramLabelingResult(task, trainVotes.votes().voters(), kept,
                chosen.map(LabelModelSelection.Result::dropped).orElse(Map.of()), model.name(),
                chosen.map(LabelModelSelection.Result::devAccuracy).orElse(Map.of()),
                chosen.map(LabelModelSelection.Result::devAnalysis), VoteAnalysis.of(keptTrain), trainRows.size(),
                train.size(), labelModelReport, student, test, llmCalls,
                trainVotes.totalBudgetExceeded() + devVotes.totalBudgetExceeded(), provenance);
    }

    private static List<Example> examples(List<LabelledExample> rows) {
        return rows.stream().map(LabelledExample::example).toList();
    }

    /** Settings of {@link ProgramLabelingPipeline}: programs and trainer are required. Not thread-safe. */
    public static final class Builder {
        private List<LabelingProgram> programs;
        private StudentTrainer trainer;
        private LabelModelSelection selection = LabelModelSelection.builder().build();
        private LabelModel fallback = LabelModel.majorityVote();
        private LabelModel fixed;
        private long llmCalls;
        private boolean weighByConfidence;

        private Builder() {
        }

        /**
         * @param programs the labelling programs (loaded, or synthesized by an LLM); at least one, all for
         *     the same task, distinct names
         * @return this builder
         */
        public Builder programs(List<LabelingProgram> programs) {
            List<LabelingProgram> copy = List.copyOf(programs);
            if (copy.isEmpty()) {
                throw new IllegalArgumentException("programs must not be empty");
            }
            this.programs = copy;
            return this;
        }

        /**
         * @param trainer trains the student on the soft labels
         * @return this builder
         */
        public Builder trainer(StudentTrainer trainer) {
            this.trainer = Objects.requireNonNull(trainer, "trainer");
            return this;
        }

        /**
         * @param selection prunes programs and picks the label model on gold dev rows; default
         *     {@code LabelModelSelection.builder().build()} (dev accuracy floor 0.5)
         * @return this builder
         */
        public Builder selection(LabelModelSelection selection) {
            this.selection = Objects.requireNonNull(selection, "selection");
            return this;
        }

        /**
         * @param fallback the label model used when the dev split has no gold labels to choose with;
         *     default majority vote
         * @return this builder
         */
        public Builder fallbackLabelModel(LabelModel fallback) {
            this.fallback = Objects.requireNonNull(fallback, "fallback");
            return this;
        }

        /**
         * @param labelModel use this label model, fitted on the train votes of every program, instead of
         *     choosing one on dev (no program is pruned); for comparing label models. Default: choose on dev
         * @return this builder
         */
        public Builder labelModel(LabelModel labelModel) {
            this.fixed = Objects.requireNonNull(labelModel, "labelModel");
            return this;
        }

        /**
         * @param llmCalls the LLM calls it took to get the programs (0 for hand-written ones), reported
         *     with the result; default 0
         * @return this builder
         */
        public Builder llmCalls(long llmCalls) {
            if (llmCalls < 0) {
                throw new IllegalArgumentException("llmCalls must be >= 0: " + llmCalls);
            }
            this.llmCalls = llmCalls;
            return this;
        }

        /**
         * @param weighByConfidence weigh each training example by its soft label's top probability
         *     instead of 1; default false (the soft label already carries the uncertainty)
         * @return this builder
         */
        public Builder weighByConfidence(boolean weighByConfidence) {
            this.weighByConfidence = weighByConfidence;
            return this;
        }

        /**
         * @return the pipeline
         * @throws IllegalStateException when programs or trainer are missing
         */
        public ProgramLabelingPipeline build() {
            if (programs == null) {
                throw new IllegalStateException("programs must be set");
            }
            if (trainer == null) {
                throw new IllegalStateException("trainer must be set");
            }
            return new ProgramLabelingPipeline(this);
        }
    }
}
