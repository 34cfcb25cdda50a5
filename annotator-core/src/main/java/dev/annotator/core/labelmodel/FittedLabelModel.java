package dev.annotator.core.labelmodel;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A label model ready to label rows of votes by the voters it was fitted on. A row on which every
 * voter abstained gets no label (empty). Immutable and thread-safe.
 */
public interface FittedLabelModel {

    /** @return a short stable name of the technique, e.g. {@code majority-vote} or {@code dawid-skene} */
    String name();

    /** @return the task of the labels */
    Task task();

    /** @return the voters, in the column order {@link #predict(int[])} expects */
    List<String> voters();

    /**
     * Labels one row of votes.
     *
     * @param votes one cell per voter, in {@link #voters()} order: a label index or
     *     {@link VoteMatrix#ABSTAIN}
     * @return the soft label, or empty when every voter abstained
     * @throws IllegalArgumentException when the row has the wrong length
     */
    Optional<LabelDistribution> predict(int[] votes);

    /**
     * Labels every row of a matrix.
     *
     * @param votes votes of the same voters, in the same order, for the same task
     * @return one soft label per row, empty where every voter abstained
     * @throws IllegalArgumentException when the voters or task differ from those fitted
     */
    default List<Optional<LabelDistribution>> predict(VoteMatrix votes) {
        requireCompatible(votes);
        List<Optional<LabelDistribution>> out = new ArrayList<>(votes.rowCount());
        for (int i = 0; i < votes.rowCount(); i++) {
            out.add(predict(votes.row(i)));
        }
        return out;
    }

    /**
     * Labels every row of a matrix as annotations with source {@code labelmodel:<name>}: a labelled
     * annotation (confidence = top score) or an abstention where every voter abstained.
     *
     * @param votes votes of the same voters, in the same order, for the same task
     * @return one annotation per row, in order
     * @throws IllegalArgumentException when the voters or task differ from those fitted
     */
    default List<Annotation> annotate(VoteMatrix votes) {
        List<Optional<LabelDistribution>> predicted = predict(votes);
        String source = "labelmodel:" + name();
        List<Annotation> out = new ArrayList<>(predicted.size());
        for (int i = 0; i < predicted.size(); i++) {
            String id = votes.exampleIds().get(i);
            Optional<LabelDistribution> d = predicted.get(i);
            out.add(d.isPresent() ? Annotation.labelled(id, d.get(), d.get().max(), source, Cost.FREE)
                    : Annotation.abstained(id, "no voter gave a label", source, Cost.FREE));
        }
        return out;
    }

    /**
     * Checks that a matrix has this model's task and voters.
     *
     * @param votes the matrix
     * @throws IllegalArgumentException when it does not
     */
    default void requireCompatible(VoteMatrix votes) {
        if (!votes.task().equals(task())) {
            throw new IllegalArgumentException("votes are for task '" + votes.task().name() + "' but the " + name()
                    + " label model was fitted for task '" + task().name() + "'");
        }
        if (!votes.voters().equals(voters())) {
            throw new IllegalArgumentException("votes come from voters " + votes.voters() + " but the " + name()
                    + " label model was fitted on " + voters());
        }
    }
}
