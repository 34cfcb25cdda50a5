package dev.annotator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryCacheTest {
    @TempDir
    Path root;

    private static byte[] resource(String name) throws IOException {
        String path = "ai/onnxruntime/native/" + NativeLibraryCache.platform() + "/" + System.mapLibraryName(name);
        try (InputStream in = NativeLibraryCacheTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void should_copy_the_jars_native_libraries_once_and_reuse_them() throws IOException {
        // when
        Optional<Path> first = NativeLibraryCache.prepare(root);

        // then
        assertThat(first).isPresent();
        Path dir = first.get();
        assertThat(dir.getParent()).isEqualTo(root);
        assertThat(dir.getFileName().toString()).startsWith("onnxruntime-");
        Path lib = dir.resolve(System.mapLibraryName("onnxruntime"));
        Path jni = dir.resolve(System.mapLibraryName("onnxruntime4j_jni"));
        assertThat(Files.readAllBytes(lib)).isEqualTo(resource("onnxruntime"));
        assertThat(Files.readAllBytes(jni)).isEqualTo(resource("onnxruntime4j_jni"));

        // a second run finds them and copies nothing
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(lib, old);
        assertThat(NativeLibraryCache.prepare(root)).contains(dir);
        assertThat(Files.getLastModifiedTime(lib)).isEqualTo(old);
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void should_replace_a_truncated_copy() throws IOException {
        Path dir = NativeLibraryCache.prepare(root).orElseThrow();
        Path jni = dir.resolve(System.mapLibraryName("onnxruntime4j_jni"));
        Files.write(jni, new byte[] {1, 2, 3});

        NativeLibraryCache.prepare(root);

        assertThat(Files.readAllBytes(jni)).isEqualTo(resource("onnxruntime4j_jni"));
    }
}
