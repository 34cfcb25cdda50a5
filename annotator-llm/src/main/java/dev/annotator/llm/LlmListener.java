package dev.annotator.llm;

import dev.annotator.llm.cost.Spend;
import java.time.Duration;
import java.util.List;

/**
 * Progress events of an {@link LlmAnnotator}, for progress bars and logs. Methods are called from the
 * annotator's worker threads, concurrently: implementations must be thread-safe and quick, and should
 * not throw (an exception thrown here stops the run). Every method does nothing by default.
 */
public interface LlmListener {

    /**
     * A call is about to be sent.
     *
     * @param key the request key
     * @param exampleIds the examples it asks about
     * @param attempt 0 for the first attempt of this request, then 1, 2, ... for retries
     */
    default void requested(String key, List<String> exampleIds, int attempt) {
    }

    /**
     * A call was answered (and the answer stored).
     *
     * @param key the request key
     * @param exampleIds the examples it asked about
     * @param latency how long the call took
     */
    default void answered(String key, List<String> exampleIds, Duration latency) {
    }

    /**
     * A request was answered from the store; nothing was paid.
     *
     * @param key the request key
     * @param exampleIds the examples it asks about
     */
    default void cached(String key, List<String> exampleIds) {
    }

    /**
     * A call failed and will be tried again.
     *
     * @param key the request key
     * @param retry 1 for the first retry
     * @param delay how long the annotator waits first
     * @param reason why the call failed
     */
    default void retried(String key, int retry, Duration delay, String reason) {
    }

    /**
     * An example got no label.
     *
     * @param exampleId the example
     * @param reason why
     */
    default void abstained(String exampleId, String reason) {
    }

    /**
     * Money or tokens were booked for a call (answered or failed).
     *
     * @param call what this call cost
     * @param total everything the annotator's ledger has booked so far
     */
    default void spent(Spend call, Spend total) {
    }
}
