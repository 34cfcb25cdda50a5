package dev.annotator.core.task;

import dev.annotator.core.NonRetriableAnnotatorException;

/** A label name that is not in the task's label set. */
public class UnknownLabelException extends NonRetriableAnnotatorException {
    private static final long serialVersionUID = 1L;
    private final String label;

    /**
     * @param label the offending name
     * @param task the task whose label set it is not in
     */
    public UnknownLabelException(String label, Task task) {
        super("'" + label + "' is not a label of task '" + task.name() + "' (labels: " + task.labelNames() + ")");
        this.label = label;
    }

    /** @return the offending label name */
    public String label() {
        return label;
    }
}
