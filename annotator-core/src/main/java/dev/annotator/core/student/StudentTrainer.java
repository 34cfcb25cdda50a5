package dev.annotator.core.student;

/**
 * Trains a {@link StudentModel} from weighted, possibly soft-labelled examples.
 *
 * <p>Implementations take their hyper-parameters and seed at construction, so that the same trainer
 * on the same data gives the same model.
 */
public interface StudentTrainer {

    /**
     * Trains without a validation set.
     *
     * @param train the training examples; not empty
     * @return the trained model
     * @throws IllegalArgumentException when {@code train} is empty
     */
    StudentModel train(TrainingSet train);

    /**
     * Trains, using {@code dev} for early stopping and model selection.
     *
     * @param train the training examples; not empty
     * @param dev validation examples of the same task; may be empty, in which case no early
     *     stopping happens
     * @return the trained model
     * @throws IllegalArgumentException when {@code train} is empty or the tasks differ
     */
    StudentModel train(TrainingSet train, TrainingSet dev);
}
