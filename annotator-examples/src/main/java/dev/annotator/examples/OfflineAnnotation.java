package dev.annotator.examples;

import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.EmbeddingKnnAnnotator;
import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.io.DatasetReader;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.Task;
import dev.annotator.llm.embed.LangChain4jTextEmbedder;
import dev.annotator.llm.store.SqliteAnnotationStore;
import dev.annotator.student.fast.FastStudentModel;
import dev.annotator.student.fast.FastStudentTrainer;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The README's annotation example, compiled so it cannot rot: label texts offline with the k-NN
 * annotator (100 gold rows, in-process MiniLM), keep the annotations in a SQLite store, and train the
 * fast student on them as soft, confidence-weighted labels.
 */
public final class OfflineAnnotation {
    private OfflineAnnotation() {
    }

    /**
     * Runs the example.
     *
     * @param args optional: CSV file with {@code text,label,split} (default: the shared UCI sentiment
     *     sentences), then the store file (default: {@code out/labels.db})
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path csv = Path.of(args.length > 0 ? args[0] : "../shared/datasets/uci_sentiment.csv");
        Path db = Path.of(args.length > 1 ? args[1] : "out/labels.db");
        DatasetReader reader = DatasetReader.csv().build();
        Task task = reader.inferTask(csv, "sentiment");
        Dataset data = reader.read(csv, task);
        List<LabelledExample> unlabelled = data.split(Split.TRAIN).subList(0, 300);

        var embedder = LangChain4jTextEmbedder.of(new AllMiniLmL6V2QuantizedEmbeddingModel());
        try (var knn = EmbeddingKnnAnnotator.builder().task(task).embedder(embedder)
                        .goldPool(data.split(Split.DEV)).build();                  // 100 gold rows, embedded once
                SqliteAnnotationStore store = SqliteAnnotationStore.open(db)) {    // WAL, every put durable
            List<Annotation> labels = knn.annotate(unlabelled.stream().map(LabelledExample::example).toList());
            store.putAnnotations(task, labels);                                     // one transaction

            Map<String, Example> byId = unlabelled.stream().collect(Collectors.toMap(LabelledExample::id, LabelledExample::example));
            List<TrainingExample> train = new ArrayList<>();
            for (Annotation a : store.annotations(task, knn.name())) {                // abstentions have no distribution
                a.distribution().ifPresent(d -> train.add(new TrainingExample(byId.get(a.exampleId()), d, a.confidence())));
            }
            FastStudentModel student = FastStudentTrainer.builder().seed(42).build()
                    .train(TrainingSet.of(task, train).withTeacher(knn.name()), TrainingSet.fromGold(data, Split.DEV));
            System.out.println(student.provenance());
        }
    }
}
