package dev.annotator.examples.cli;

import dev.annotator.core.annotate.Annotator;
import dev.annotator.core.annotate.EmbeddingKnnAnnotator;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.task.Label;
import dev.annotator.core.task.Task;
import dev.annotator.llm.LlmAnnotator;
import dev.annotator.llm.LlmListener;
import dev.annotator.llm.embed.LangChain4jTextEmbedder;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Builds the annotator {@code annotate --annotator KIND} asks for, with what it needs: the gold pool
 * and embedder of {@code knn}, the chat model, budget and store of {@code llm}.
 *
 * @param annotator the annotator, closed with this setup
 * @param calls how many paid calls the annotator has made so far (0 for local annotators)
 */
record AnnotatorSetup(Annotator annotator, LongSupplier calls) implements AutoCloseable {

    /** The annotators the command line offers. */
    enum Kind {
        /** k nearest gold ({@code dev}) examples under the in-process all-MiniLM-L6-v2; offline, free. */
        knn,
        /** an LLM through langchain4j's OpenAI client. */
        llm
    }

    /** The name the in-process embedder's vectors are known by (part of the k-NN annotator's name). */
    static final String MINILM_NAME = "all-minilm-l6-v2-q";

    static AnnotatorSetup create(Kind kind, Task task, Dataset data, Path dataFile, AnnotationStore store, LlmOptions llm) {
        return create(kind, task, data, dataFile, store, llm, new LlmListener() { });
    }

    static AnnotatorSetup create(Kind kind, Task task, Dataset data, Path dataFile, AnnotationStore store, LlmOptions llm,
            LlmListener progress) {
        switch (kind) {
            case knn:
                if (llm.anyLlmOnlyOption()) {
                    throw new IllegalArgumentException("--base-url, --model, --budget-*, --prices, --requests-per-second,"
                            + " --demonstrations, --confidence and --plan are for --annotator llm, not knn");
                }
                return knn(task, data, dataFile);
            case llm:
                return llm(task, data, dataFile, store, llm, progress);
            default:
                throw new IllegalArgumentException("unknown annotator: " + kind);
        }
    }

    private static AnnotatorSetup knn(Task task, Dataset data, Path dataFile) {
        List<LabelledExample> gold = data.split(Split.DEV).stream().filter(LabelledExample::isLabelled).toList();
        boolean described = task.labels().stream().map(Label::description).anyMatch(d -> !d.isBlank());
        if (gold.isEmpty() && !described) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--annotator knn needs a gold pool: labelled rows in"
                    + " split 'dev' of %s, or label descriptions in --task", dataFile));
        }
        return new AnnotatorSetup(EmbeddingKnnAnnotator.builder().task(task).embedder(miniLm()).goldPool(gold).build(), () -> 0);
    }

    /** @return the in-process quantized all-MiniLM-L6-v2 (offline), known as {@link #MINILM_NAME} */
    static LangChain4jTextEmbedder miniLm() {
        return LangChain4jTextEmbedder.builder().model(new AllMiniLmL6V2QuantizedEmbeddingModel()).name(MINILM_NAME)
                .dimension(384).build();
    }

    /**
     * The LLM annotator: langchain4j's OpenAI client on {@code --base-url}, the key read from the
     * environment variable {@code --api-key-env} names, paid answers and annotations written to
     * {@code store}, held to the budget; its call counter is the ledger's (retries included).
     */
    private static AnnotatorSetup llm(Task task, Dataset data, Path dataFile, AnnotationStore store, LlmOptions llm,
            LlmListener progress) {
        LlmAnnotator a = llm.build(task, data, dataFile, store, progress, System::getenv);
        return new AnnotatorSetup(a, () -> a.ledger().spent().calls());
    }

    @Override
    public void close() {
        annotator.close();
    }
}
