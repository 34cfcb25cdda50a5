package dev.annotator.examples.cli;

import dev.annotator.llm.LlmListener;
import dev.annotator.llm.cost.Spend;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The progress line of {@code annotate --annotator llm} on standard error, driven by the annotator's
 * {@link LlmListener} events and redrawn at most every 250 ms. A row counts as done once as many
 * answers about it came back (paid or from the store) as the confidence method samples, or it
 * abstained. Thread-safe.
 */
final class LlmProgress implements LlmListener {
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintWriter err;
    private final long start = System.nanoTime();
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> answers = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong cachedAnswers = new AtomicLong();
    private final AtomicLong abstained = new AtomicLong();
    private final AtomicReference<Spend> spent = new AtomicReference<>(Spend.ZERO);
    private volatile int total;
    private volatile long skipped;
    private volatile int samples = 1;
    private long lastDraw;

    LlmProgress(PrintWriter err) {
        this.err = err;
    }

    /**
     * Sets what the line counts against, before the run starts.
     *
     * @param rows rows in the run
     * @param alreadyDone rows the store already had (not asked again)
     * @param samplesPerRow answers drawn per row (more than 1 for self-consistency)
     */
    void expect(int rows, long alreadyDone, int samplesPerRow) {
        this.total = rows;
        this.skipped = alreadyDone;
        this.samples = samplesPerRow;
    }

    private void answeredAbout(List<String> exampleIds) {
        for (String id : exampleIds) {
            if (answers.merge(id, 1, Integer::sum) >= samples) {
                done.add(id);
            }
        }
    }

    /** @return how many calls were retried */
    long retries() {
        return retries.get();
    }

    /** @return how many answers came from the store instead of the LLM */
    long cachedAnswers() {
        return cachedAnswers.get();
    }

    @Override
    public void requested(String key, List<String> exampleIds, int attempt) {
        requests.incrementAndGet();
        draw(false);
    }

    @Override
    public void answered(String key, List<String> exampleIds, Duration latency) {
        answeredAbout(exampleIds);
        draw(false);
    }

    @Override
    public void cached(String key, List<String> exampleIds) {
        cachedAnswers.incrementAndGet();
        answeredAbout(exampleIds);
        draw(false);
    }

    @Override
    public void retried(String key, int retry, Duration delay, String reason) {
        retries.incrementAndGet();
    }

    @Override
    public void abstained(String exampleId, String reason) {
        abstained.incrementAndGet();
        done.add(exampleId);
        draw(false);
    }

    @Override
    public void spent(Spend call, Spend total) {
        spent.set(total);
    }

    /** Draws the line now and ends it. */
    void finish() {
        draw(true);
    }

    private void draw(boolean last) {
        long now = System.nanoTime();
        synchronized (this) {
            if (!last && now - lastDraw < REDRAW_NANOS) {
                return;
            }
            lastDraw = now;
            double seconds = (now - start) / 1e9;
            int rows = done.size();
            Spend s = spent.get();
            err.printf(Locale.ROOT, "\rannotate: %d/%d rows (%d already stored), %d requests (%d retried), %d answers from the"
                    + " store, %d abstained, %d+%d tokens, $%.4f, %.1f rows/s%s", rows + skipped, total + skipped, skipped,
                    requests.get(), retries.get(), cachedAnswers.get(), abstained.get(), s.inputTokens(), s.outputTokens(),
                    s.usd(), seconds > 0 ? rows / seconds : 0.0, last ? "\n" : "");
            err.flush();
        }
    }
}
