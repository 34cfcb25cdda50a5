package dev.annotator.llm.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.EmbeddingKnnAnnotator;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.task.Task;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The k-NN annotator for real: the quantized all-MiniLM-L6-v2 through the langchain4j adapter, the 100
 * gold {@code dev} rows of the UCI sentiment sentences as its pool, scored on {@code test} rows.
 */
class MiniLmKnnEvaluationTest {
    static final Path DATA = Path.of("..", "..", "shared", "datasets", "uci_sentiment.csv");
    static final int TEST_ROWS = 200;

    @Test
    void should_label_real_sentiment_well_above_chance_from_100_gold_examples() throws IOException {
        assumeTrue(Files.exists(DATA), "shared datasets not present");
        DatasetReader reader = DatasetReader.csv().build();
        Task task = reader.inferTask(DATA, "sentiment");
        Dataset ds = reader.read(DATA, task);
        List<LabelledExample> test = ds.split(Split.TEST).subList(0, TEST_ROWS);
        LangChain4jTextEmbedder embedder = LangChain4jTextEmbedder.builder().model(new AllMiniLmL6V2QuantizedEmbeddingModel())
                .name("all-minilm-l6-v2-q").build();

        EmbeddingKnnAnnotator knn = EmbeddingKnnAnnotator.builder().task(task).embedder(embedder)
                .goldPool(ds.split(Split.DEV)).build();
        List<Example> examples = new ArrayList<>();
        test.forEach(r -> examples.add(r.example()));
        List<Annotation> out = knn.annotate(examples);

        int correct = 0;
        int abstained = 0;
        for (int i = 0; i < test.size(); i++) {
            if (out.get(i).isAbstention()) {
                abstained++;
            } else if (out.get(i).labels().equals(test.get(i).labels())) {
                correct++;
            }
        }
        double accuracy = correct / (double) test.size();
        System.out.printf("k-NN (MiniLM-q, 100 gold dev rows) on %d UCI sentiment test rows: accuracy %.3f, %d abstained%n",
                test.size(), accuracy, abstained);
        assertThat(knn.goldPoolSize()).isEqualTo(100);
        assertThat(abstained).isLessThan(5);
        // chance is 0.5 (balanced labels); 200 rows put 0.70 more than 5 standard errors above it
        assertThat(accuracy).isGreaterThan(0.70);
    }
}
