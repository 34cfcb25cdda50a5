package dev.annotator.core.pipeline;

/**
 * Told how far a {@link DistillationPipeline} has got, on the thread that runs it: after every chunk
 * annotated, when training starts and ends, and after every block relabelled.
 */
@FunctionalInterface
public interface DistillationListener {
    /**
     * Reports progress.
     *
     * @param stage {@code annotate}, {@code train}, {@code evaluate} or {@code relabel}
     * @param done units done in this stage: texts annotated (annotate), test texts the teacher has
     *     labelled (evaluate), texts relabelled (relabel); 0 then 1 for train
     * @param total units planned in this stage, or -1 when unknown (a streamed corpus)
     */
    void progress(String stage, long done, long total);
}
