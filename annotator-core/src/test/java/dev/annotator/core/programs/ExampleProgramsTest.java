package dev.annotator.core.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.labelmodel.FittedLabelModel;
import dev.annotator.core.labelmodel.LabelModel;
import dev.annotator.core.labelmodel.LabelModelSelection;
import dev.annotator.core.labelmodel.VoteAnalysis;
import dev.annotator.core.labelmodel.VoteMatrix;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The hand-written example programs under {@code annotator-examples/programs/} load, validate and
 * label the {@code dev} split of the shared datasets better than chance. The programs were written
 * from the datasets' README and train split only. The numbers are printed for the report; the
 * assertions are sanity floors, not tuned thresholds. Skipped when the datasets are absent.
 */
class ExampleProgramsTest {
    private static final Path PROGRAMS = Path.of("..", "annotator-examples", "programs");
    private static final Path DATASETS = Path.of("..", "..", "shared", "datasets");

    private static Dataset dataset(String file, Task task) throws IOException {
        Path f = DATASETS.resolve(file);
        assumeTrue(Files.exists(f), () -> "shared dataset not found: " + f.toAbsolutePath());
        return DatasetReader.csv().build().read(f, task);
    }

    private static List<Example> examples(Dataset d, Split s) {
        return d.split(s).stream().map(LabelledExample::example).toList();
    }

    private static List<List<String>> gold(Dataset d, Split s) {
        return d.split(s).stream().map(LabelledExample::labels).toList();
    }

    /** Accuracy of a label model on the covered rows of a split. */
    private static double accuracy(List<Optional<LabelDistribution>> predicted, List<List<String>> gold) {
        int right = 0;
        int n = 0;
        for (int i = 0; i < gold.size(); i++) {
            if (predicted.get(i).isPresent()) {
                n++;
                right += predicted.get(i).get().top().equals(gold.get(i).get(0)) ? 1 : 0;
            }
        }
        return (double) right / n;
    }

    private static void check(String name, String file, Task task) throws IOException {
        // given
        List<LabelingProgram> programs = LabelingPrograms.readDirectory(PROGRAMS.resolve(name), task);
        Dataset data = dataset(file, task);

        // when
        VoteMatrix train = LabelingPrograms.apply(programs, examples(data, Split.TRAIN)).votes();
        ProgramVotes devVotes = LabelingPrograms.apply(programs, examples(data, Split.DEV));
        VoteMatrix dev = devVotes.votes();
        List<List<String>> devGold = gold(data, Split.DEV);
        VoteAnalysis analysis = VoteAnalysis.of(dev, devGold);
        FittedLabelModel mv = LabelModel.majorityVote().fit(train);
        FittedLabelModel ds = LabelModel.dawidSkene().fit(train);
        double mvAccuracy = accuracy(mv.predict(dev), devGold);
        double dsAccuracy = accuracy(ds.predict(dev), devGold);

        LabelModelSelection.Result selection = LabelModelSelection.builder().minAccuracy(0.6).build().select(train, dev, devGold);

        // then
        System.out.printf(Locale.ROOT, "%s selection on dev: dropped %s, dev accuracy %s, chose %s%n", name,
                selection.dropped().keySet(), selection.devAccuracy(), selection.chosen().name());
        System.out.printf(Locale.ROOT, "%s programs on dev (%d rows): coverage %.3f, majority-vote accuracy %.3f,"
                + " dawid-skene accuracy %.3f (fitted on the votes of %d train rows), regex budget exceeded %d%n%s", name, dev.rowCount(),
                analysis.coverage(), mvAccuracy, dsAccuracy, train.rowCount(), devVotes.totalBudgetExceeded(), analysis.toTable());
        assertThat(programs).hasSizeGreaterThanOrEqualTo(5);
        assertThat(analysis.coverage()).isGreaterThan(0.3);
        assertThat(mvAccuracy).isGreaterThan(0.5);
        assertThat(dsAccuracy).isGreaterThan(0.5);
    }

    @Test
    void spam_programs_label_dev_better_than_chance() throws IOException {
        check("spam", "spamassassin.csv", Task.singleLabel("spam", "ham", "spam"));
    }

    @Test
    void sentiment_programs_label_dev_better_than_chance() throws IOException {
        check("sentiment", "uci_sentiment.csv", Task.singleLabel("sentiment", "negative", "positive"));
    }
}
