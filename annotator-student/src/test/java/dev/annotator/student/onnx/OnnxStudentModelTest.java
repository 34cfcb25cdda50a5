package dev.annotator.student.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.annotator.core.NonRetriableAnnotatorException;
import dev.annotator.core.data.Example;
import dev.annotator.core.student.TrainingExample;
import dev.annotator.core.student.TrainingSet;
import dev.annotator.core.task.Label;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskKind;
import dev.annotator.student.fast.FastStudentModel;
import dev.annotator.student.fast.FastStudentTrainer;
import dev.annotator.student.fast.FeaturizerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxStudentModelTest {
    static final Task TASK = Task.builder().name("sentiment").instruction("Is the review positive?")
            .label("negative", "the reviewer disliked it").label("positive", "the reviewer liked it").build();
    static final List<String> PROBE = List.of("great film, loved it", "terrible and boring", "a film", "!!!",
            "Unicode: très bien, ça marche 👍", "a much longer text that repeats great great great and awful awful words "
                    + "to exercise padding across a batch of uneven lengths");

    @TempDir
    Path dir;

    static FastStudentModel trained(Task task, List<TrainingExample> ex) {
        return FastStudentTrainer.builder().featurizer(FeaturizerConfig.builder().buckets(1 << 15).build()).seed(5).build()
                .train(TrainingSet.of(task, ex).withTeacher("gold"));
    }

    static FastStudentModel sentimentModel() {
        String[][] data = {{"great film, loved it", "positive"}, {"wonderful and moving", "positive"},
            {"excellent acting", "positive"}, {"terrible film, hated it", "negative"}, {"boring and awful", "negative"},
            {"dreadful acting", "negative"}};
        List<TrainingExample> ex = new ArrayList<>();
        for (int i = 0; i < data.length; i++) {
            ex.add(TrainingExample.of(Example.of("e" + i, data[i][0]), LabelDistribution.oneHot(TASK, data[i][1])));
        }
        return trained(TASK, ex);
    }

    @Test
    void should_predict_like_the_in_memory_model_after_export() throws IOException {
        FastStudentModel model = sentimentModel();
        Path file = dir.resolve("student.onnx");

        model.exportOnnx(file);
        try (OnnxStudentModel loaded = OnnxStudentModel.load(file, 4)) {
            List<LabelDistribution> expected = model.predictBatch(PROBE);
            List<LabelDistribution> actual = loaded.predictBatch(PROBE);

            for (int i = 0; i < PROBE.size(); i++) {
                for (int j = 0; j < TASK.labelCount(); j++) {
                    assertThat(actual.get(i).get(j)).as("text %d label %d", i, j).isCloseTo(expected.get(i).get(j), within(1e-5));
                }
            }
        }
    }

    @Test
    void should_round_trip_multi_label_models() throws IOException {
        Task topics = Task.builder().name("topics").kind(TaskKind.MULTI_LABEL).label(Label.of("sports"))
                .label(Label.of("money")).label(Label.of("food")).build();
        List<TrainingExample> ex = List.of(
                TrainingExample.of(Example.of("a", "football and tennis"), LabelDistribution.ofLabels(topics, Set.of("sports"))),
                TrainingExample.of(Example.of("b", "banks and stocks"), LabelDistribution.ofLabels(topics, Set.of("money"))),
                TrainingExample.of(Example.of("c", "pasta with stock"), LabelDistribution.ofLabels(topics, Set.of("food", "money"))),
                TrainingExample.of(Example.of("d", "nothing here"), LabelDistribution.ofLabels(topics, Set.of())));
        FastStudentModel model = trained(topics, ex);
        Path file = dir.resolve("topics.onnx");

        model.exportOnnx(file);
        try (OnnxStudentModel loaded = OnnxStudentModel.load(dir)) {
            assertThat(loaded.task()).isEqualTo(topics);
            List<LabelDistribution> expected = model.predictBatch(PROBE);
            List<LabelDistribution> actual = loaded.predictBatch(PROBE);
            for (int i = 0; i < PROBE.size(); i++) {
                for (int j = 0; j < topics.labelCount(); j++) {
                    assertThat(actual.get(i).get(j)).isCloseTo(expected.get(i).get(j), within(1e-5));
                }
            }
        }
    }

    @Test
    void should_carry_task_featurizer_and_provenance_in_the_file() throws IOException {
        FastStudentModel model = sentimentModel();
        Path file = dir.resolve("student.onnx");

        model.exportOnnx(file);
        try (OnnxStudentModel loaded = OnnxStudentModel.load(dir)) {
            assertThat(loaded.task()).isEqualTo(TASK);
            assertThat(loaded.task().labels().get(1).description()).isEqualTo("the reviewer liked it");
            assertThat(loaded.provenance()).isEqualTo(model.provenance());
            assertThat(loaded.provenance().teacher()).isEqualTo("gold");
            assertThat(loaded.provenance().libraryVersion()).isNotBlank().isNotEqualTo("unknown");
            assertThat(loaded.metadata()).containsEntry("annotator.featurizer.buckets", Integer.toString(1 << 15))
                    .containsEntry("annotator.studentType", "fast");
        }
    }

    @Test
    void should_expose_the_bucket_of_each_weight_row_as_a_graph_output() throws Exception {
        // an output, not only an initializer no node reads: ONNX Runtime would otherwise log on every load that it drops it
        sentimentModel().exportOnnx(dir.resolve("student.onnx"));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(dir.resolve("student.onnx").toString(), new OrtSession.SessionOptions());
                OnnxTensor indices = OnnxTensor.createTensor(env, new int[][] {{0}});
                OnnxTensor values = OnnxTensor.createTensor(env, new float[][] {{0f}});
                OrtSession.Result r = session.run(Map.of("indices", indices, "values", values), Set.of("bucket_ids"))) {
            int[] buckets = (int[]) r.get(0).getValue();
            assertThat(buckets).isNotEmpty().isSorted().doesNotHaveDuplicates();
            assertThat(java.util.Arrays.stream(buckets)).allMatch(b -> b >= 0 && b < (1 << 15));
        }
    }

    @Test
    void should_still_load_files_whose_bucket_ids_are_only_an_initializer() throws Exception {
        // files from earlier snapshots: the same graph without the bucket_ids output
        sentimentModel().exportOnnx(dir.resolve("current.onnx"));
        OnnxMl.ModelProto.Builder older = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(dir.resolve("current.onnx"))).toBuilder();
        OnnxMl.GraphProto.Builder graph = older.getGraphBuilder();
        int outputs = graph.getOutputCount();
        for (int i = graph.getOutputCount() - 1; i >= 0; i--) {
            if (graph.getOutput(i).getName().equals("bucket_ids")) {
                graph.removeOutput(i);
            }
        }
        assertThat(graph.getOutputCount()).as("the older file lost the bucket_ids output").isEqualTo(outputs - 1);
        assertThat(graph.getOutputList()).noneMatch(o -> o.getName().equals("bucket_ids"));
        Files.createDirectories(dir.resolve("older"));
        Files.write(dir.resolve("older/student.onnx"), older.build().toByteArray());

        try (OnnxStudentModel current = OnnxStudentModel.load(dir.resolve("current.onnx"));
                OnnxStudentModel old = OnnxStudentModel.load(dir.resolve("older"))) {
            List<LabelDistribution> a = current.predictBatch(PROBE);
            List<LabelDistribution> b = old.predictBatch(PROBE);
            for (int i = 0; i < PROBE.size(); i++) {
                assertThat(b.get(i).get(1)).isEqualTo(a.get(i).get(1));
            }
            assertThat(a.get(0).top()).isEqualTo("positive");
        }
    }

    @Test
    void should_be_safe_to_call_from_many_threads() throws Exception {
        FastStudentModel model = sentimentModel();
        model.exportOnnx(dir.resolve("student.onnx"));
        List<LabelDistribution> expected = model.predictBatch(PROBE);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (OnnxStudentModel loaded = OnnxStudentModel.load(dir, 2)) {
            List<Future<List<LabelDistribution>>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                futures.add(pool.submit(() -> loaded.predictBatch(PROBE)));
            }
            for (Future<List<LabelDistribution>> f : futures) {
                List<LabelDistribution> got = f.get();
                for (int i = 0; i < PROBE.size(); i++) {
                    assertThat(got.get(i).top()).isEqualTo(expected.get(i).top());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_refuse_to_predict_after_close_and_close_twice_quietly() throws IOException {
        sentimentModel().exportOnnx(dir.resolve("student.onnx"));
        OnnxStudentModel loaded = OnnxStudentModel.load(dir);

        loaded.close();
        loaded.close();

        assertThatThrownBy(() -> loaded.predict("hello")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void should_fail_with_a_typed_error_on_a_file_that_is_not_onnx() throws IOException {
        Path junk = dir.resolve("junk.onnx");
        Files.writeString(junk, "this is not a protobuf");

        assertThatThrownBy(() -> OnnxStudentModel.load(junk)).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessageContaining("junk.onnx");
    }

    @Test
    void should_name_the_problem_when_a_directory_holds_several_models() throws IOException {
        sentimentModel().exportOnnx(dir.resolve("a.onnx"));
        sentimentModel().exportOnnx(dir.resolve("b.onnx"));

        assertThatThrownBy(() -> OnnxStudentModel.load(dir)).isInstanceOf(NonRetriableAnnotatorException.class)
                .hasMessageContaining("2 .onnx files");
    }

    @Test
    void should_fail_with_io_error_when_the_path_does_not_exist() {
        assertThatThrownBy(() -> OnnxStudentModel.load(dir.resolve("missing.onnx"))).isInstanceOf(IOException.class);
    }
}
