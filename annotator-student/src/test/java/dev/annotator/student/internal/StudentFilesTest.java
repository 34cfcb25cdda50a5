package dev.annotator.student.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.data.Example;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.student.fast.FastStudentTrainer;
import dev.annotator.student.fast.FeaturizerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudentFilesTest {
    @TempDir
    Path dir;

    @Test
    void should_read_the_metadata_alone_as_onnx_runtime_reads_it() throws Exception {
        Task task = Task.singleLabel("toy", "neg", "pos");
        Path file = dir.resolve("student.onnx");
        FastStudentTrainer.builder().featurizer(FeaturizerConfig.builder().buckets(1 << 12).build()).seed(1).build()
                .train(TrainingSet.of(task, List.of(
                        TrainingExample.of(Example.of("a", "good film"), LabelDistribution.oneHot(task, "pos")),
                        TrainingExample.of(Example.of("b", "bad film"), LabelDistribution.oneHot(task, "neg")))))
                .exportOnnx(file);

        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString(), new OrtSession.SessionOptions())) {
            assertThat(StudentFiles.metadata(file)).isNotEmpty().containsEntry("annotator.studentType", "fast")
                    .isEqualTo(session.getMetadata().getCustomMetadata());
        }
    }

    @Test
    void should_name_a_file_that_is_not_onnx() throws Exception {
        Path junk = dir.resolve("junk.onnx");
        Files.write(junk, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01});

        assertThatThrownBy(() -> StudentFiles.metadata(junk)).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessageContaining("junk.onnx");
    }
}
