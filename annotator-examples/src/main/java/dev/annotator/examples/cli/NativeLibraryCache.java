package dev.annotator.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps ONNX Runtime's native libraries in a cache directory between runs of the command line.
 *
 * <p>Without it, ONNX Runtime's Java binding copies its ~16 MB native library out of the jar into a
 * fresh temporary directory at every JVM start (about 0.2 s of every command). The first run copies
 * the libraries of the jar's ONNX Runtime into {@code <cache>/onnxruntime-<crc>/}, named by the
 * libraries' checksums so that another ONNX Runtime version gets its own directory; later runs point
 * ONNX Runtime's {@code onnxruntime.native.path} at it. When the property is already set, the
 * platform is not one the jar carries, or the cache cannot be written, nothing changes and ONNX
 * Runtime extracts as usual.
 */
final class NativeLibraryCache {
    /** ONNX Runtime's system property naming a directory that holds its native libraries. */
    static final String NATIVE_PATH = "onnxruntime.native.path";
    private static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni");

    private NativeLibraryCache() {
    }

    /**
     * Points ONNX Runtime at cached native libraries, copying them there first when needed. Call before
     * anything touches ONNX Runtime. Never fails: on any problem ONNX Runtime extracts as usual.
     */
    static void useDefault() {
        if (System.getProperty(NATIVE_PATH) != null) {
            return;
        }
        try {
            prepare(defaultRoot()).ifPresent(dir -> System.setProperty(NATIVE_PATH, dir.toString()));
        } catch (IOException | RuntimeException e) {
            // a read-only home or a full disk: ONNX Runtime extracts to a temporary directory as before
        }
    }

    /** @return {@code $ANNOTATOR_CACHE_DIR}, else {@code $XDG_CACHE_HOME/annotator}, else {@code ~/.cache/annotator} */
    static Path defaultRoot() {
        String own = System.getenv("ANNOTATOR_CACHE_DIR");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("annotator");
    }

    /**
     * Makes sure {@code root} holds this jar's ONNX Runtime libraries for this platform.
     *
     * @param root the cache directory
     * @return the directory holding the libraries, or empty when the jar has none for this platform
     * @throws IOException when the cache cannot be written
     */
    static Optional<Path> prepare(Path root) throws IOException {
        String folder = "ai/onnxruntime/native/" + platform() + "/";
        ClassLoader loader = NativeLibraryCache.class.getClassLoader();
        URL[] urls = new URL[LIBRARIES.size()];
        long crc = 17;
        long[] sizes = new long[LIBRARIES.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = loader.getResource(folder + System.mapLibraryName(LIBRARIES.get(i)));
            if (urls[i] == null) {
                return Optional.empty();
            }
            URLConnection c = urls[i].openConnection();
            if (c instanceof JarURLConnection jar && jar.getJarEntry() != null && jar.getJarEntry().getCrc() >= 0) {
                crc = crc * 31 + jar.getJarEntry().getCrc();
            } else {
                // not in a jar (an IDE's class folder): name the directory by size only
                crc = crc * 31 + c.getContentLengthLong();
            }
            sizes[i] = c.getContentLengthLong();
        }
        Path dir = root.resolve("onnxruntime-" + Long.toHexString(crc));
        Files.createDirectories(dir);
        for (int i = 0; i < urls.length; i++) {
            Path target = dir.resolve(System.mapLibraryName(LIBRARIES.get(i)));
            if (Files.isRegularFile(target) && Files.size(target) == sizes[i]) {
                continue;
            }
            // copy beside, then rename: a concurrent run sees either no file or the whole file
            Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
            try (InputStream in = urls[i].openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return Optional.of(dir);
    }

    /** The platform folder name ONNX Runtime's jar uses, such as {@code linux-x64} or {@code osx-aarch64}. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win" : os.contains("linux") ? "linux" : os;
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : arch;
        return o + "-" + a;
    }
}
