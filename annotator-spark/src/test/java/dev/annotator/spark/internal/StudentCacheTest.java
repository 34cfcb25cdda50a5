package dev.annotator.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annotator.core.student.Provenance;
import dev.annotator.core.student.StudentModel;
import dev.annotator.core.task.LabelDistribution;
import dev.annotator.core.task.Task;
import dev.annotator.spark.SparkInputException;
import dev.annotator.spark.StudentLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudentCacheTest {
    static final Task TASK = Task.singleLabel("t", "a", "b");
    static final AtomicInteger OPENED = new AtomicInteger();
    static final AtomicInteger CLOSED = new AtomicInteger();

    @TempDir
    Path dir;

    /** A stand-in student that remembers which file content it was opened with. */
    record FakeStudent(String content) implements StudentModel {
        @Override
        public Task task() {
            return TASK;
        }

        @Override
        public Provenance provenance() {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public List<LabelDistribution> predictBatch(List<String> texts) {
            return texts.stream().map(t -> LabelDistribution.oneHot(TASK, "a")).toList();
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    static final StudentLoader FAKE = file -> {
        OPENED.incrementAndGet();
        return new FakeStudent(Files.readString(file));
    };

    @AfterEach
    void clear() {
        StudentCache.clear();
    }

    @Test
    void should_share_one_model_per_file_and_content_and_reload_a_rewritten_file() throws IOException {
        // given
        Path file = Files.writeString(dir.resolve("m.onnx"), "v1");
        String v1 = StudentCache.sha256(file);
        int opened = OPENED.get();

        // when
        StudentModel first = StudentCache.get(file, v1, FAKE);
        StudentModel again = StudentCache.get(dir.resolve(".").resolve("m.onnx"), v1, FAKE);
        Files.writeString(file, "v2");
        StudentModel rewritten = StudentCache.get(file, StudentCache.sha256(file), FAKE);

        // then
        assertThat(again).isSameAs(first);
        assertThat(((FakeStudent) rewritten).content()).isEqualTo("v2");
        assertThat(OPENED.get() - opened).isEqualTo(2);
        assertThat(StudentCache.size()).isEqualTo(2);
    }

    @Test
    void should_refuse_a_copy_whose_content_differs_from_the_drivers() throws IOException {
        Path file = Files.writeString(dir.resolve("m.onnx"), "executor copy");
        String driverHash = "0".repeat(64);

        assertThatThrownBy(() -> StudentCache.get(file, driverHash, FAKE)).isInstanceOf(SparkInputException.class)
                .hasMessageContaining("has SHA-256 " + StudentCache.sha256(file))
                .hasMessageContaining("the driver validated " + driverHash);
        assertThat(StudentCache.size()).isZero();
    }

    @Test
    void should_close_every_model_on_clear() throws IOException {
        Path file = Files.writeString(dir.resolve("m.onnx"), "v1");
        StudentCache.get(file, StudentCache.sha256(file), FAKE);
        int closed = CLOSED.get();

        StudentCache.clear();

        assertThat(CLOSED.get() - closed).isEqualTo(1);
        assertThat(StudentCache.size()).isZero();
    }
}
