package dev.annotator.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.annotator.core.data.Dataset;
import dev.annotator.core.data.Example;
import dev.annotator.core.data.LabelledExample;
import dev.annotator.core.data.Split;
import dev.annotator.core.task.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reads the benchmark datasets shipped beside the repository ({@code ../shared/datasets} from the
 * repository root, so {@code ../../shared/datasets} from this module). Skipped when absent.
 */
class SharedDatasetsTest {
    private static final Path DATASETS = Path.of("..", "..", "shared", "datasets");

    private static Path dataset(String name) {
        Path file = DATASETS.resolve(name);
        assumeTrue(Files.exists(file), () -> "shared dataset not found: " + file.toAbsolutePath());
        return file;
    }

    @Test
    void should_read_uci_sentiment_with_its_splits() throws IOException {
        // given
        Path file = dataset("uci_sentiment.csv");
        DatasetReader reader = DatasetReader.csv().build();

        // when
        Task task = reader.inferTask(file, "sentiment");
        Dataset d = reader.read(file, task);

        // then
        assertThat(task.labelNames()).containsExactly("negative", "positive");
        assertThat(task.isMultiLabel()).isFalse();
        assertThat(d.split(Split.TRAIN)).hasSize(2000);
        assertThat(d.split(Split.DEV)).hasSize(100);
        assertThat(d.split(Split.TEST)).hasSize(900);
        assertThat(d.rows()).allMatch(LabelledExample::isLabelled);
        assertThat(d.rows().get(1).text()).isEqualTo("Good case, Excellent value.");
    }

    @Test
    void should_read_spamassassin_with_its_splits() throws IOException {
        // given
        Path file = dataset("spamassassin.csv");
        Task task = Task.singleLabel("spam", "ham", "spam");

        // when
        Dataset d = DatasetReader.csv().build().read(file, task);

        // then
        assertThat(d.split(Split.TRAIN)).hasSize(4132);
        assertThat(d.split(Split.DEV)).hasSize(100);
        assertThat(d.split(Split.TEST)).hasSize(1814);
        assertThat(d.rows()).extracting(r -> r.labels().get(0)).containsOnly("ham", "spam");
    }

    @Test
    void should_stream_every_spamassassin_text() throws IOException {
        // given
        Path file = dataset("spamassassin.csv");

        // when
        long count;
        try (Stream<Example> s = DatasetReader.csv().build().streamExamples(file)) {
            count = s.filter(e -> !e.text().isBlank()).count();
        }

        // then
        assertThat(count).isEqualTo(4132 + 100 + 1814);
    }
}
