package dev.annotator.llm.crash;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.data.Example;
import dev.annotator.core.task.Task;
import dev.annotator.llm.LlmAnnotator;
import dev.annotator.llm.OpenAiCompatible;
import dev.annotator.llm.store.SqliteAnnotationStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process of {@link LlmCrashTest}: annotates {@code n} texts through an {@link LlmAnnotator} on
 * an OpenAI-compatible server, keeping answers in a {@link SqliteAnnotationStore}, then prints
 * {@code DONE labelled abstained} and exits.
 */
public final class LlmCrashChild {
    /** The task the child annotates. */
    static final Task TASK = Task.singleLabel("crash", "negative", "positive");

    private LlmCrashChild() {
    }

    /**
     * @param i the text's index
     * @return text {@code i}: every third one contains "great" (positive under the fake server's keyword rule)
     */
    static String text(int i) {
        return "review number " + i + (i % 3 == 0 ? " was great" : " was dull");
    }

    /**
     * @param args base URL, store file, number of texts, concurrency
     */
    public static void main(String[] args) {
        String baseUrl = args[0];
        Path db = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        List<Example> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            texts.add(Example.of("t" + i, text(i)));
        }
        try (SqliteAnnotationStore store = SqliteAnnotationStore.open(db);
                LlmAnnotator llm = LlmAnnotator.builder()
                        .chatModel(OpenAiCompatible.chatModel(baseUrl, "fake-model", "", Duration.ofSeconds(20)))
                        .task(TASK).store(store).concurrency(concurrency).build()) {
            List<Annotation> out = llm.annotate(texts);
            long abstained = out.stream().filter(Annotation::isAbstention).count();
            System.out.println("DONE " + (out.size() - abstained) + " " + abstained);
        }
    }
}
