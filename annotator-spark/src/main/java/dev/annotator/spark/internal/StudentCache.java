package dev.annotator.spark.internal;

import dev.annotator.core.AnnotatorException;
import dev.annotator.core.student.StudentModel;
import dev.annotator.spark.SparkInputException;
import dev.annotator.spark.StudentLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The students open in this JVM, one per (file, content hash), shared by every task and
 * partition that runs here.
 *
 * <p>Lifecycle: a model is loaded by the first task that needs it (other tasks asking for the same
 * key wait for that load) and then stays open for the life of the JVM; executors are torn down with
 * their JVM, and the operating system reclaims the native session then. Models are never closed
 * behind a running task's back: only {@link #clear()} closes them, meant for a driver or a
 * {@code local[*]} session between jobs. The key holds the content hash, so a file rewritten at the
 * same path is loaded afresh (the old session stays open until {@link #clear()}).
 *
 * <p>Thread-safe. Models handed out must themselves be thread-safe.
 */
public final class StudentCache {
    private static final Map<Key, StudentModel> MODELS = new ConcurrentHashMap<>();
    private static final AtomicLong LOADS = new AtomicLong();

    /**
     * The loader is not part of the key: a lambda's class differs between the JVM that created it
     * and one that deserialized it, so in {@code local[*]} mode it would load the file twice. The
     * first loader to ask for a file in a JVM opens it.
     */
    private record Key(String file, String sha256) {
    }

    private StudentCache() {
    }

    /**
     * The open student for a file, loading it on first use.
     *
     * @param file the student file in this JVM
     * @param sha256 the hex SHA-256 the file must have (as hashed on the driver)
     * @param loader opens the file on a miss
     * @return the shared model; do not close it
     * @throws SparkInputException when the file cannot be read, or its content differs from the
     *     driver's
     */
    public static StudentModel get(Path file, String sha256, StudentLoader loader) {
        Key key = new Key(file.toAbsolutePath().normalize().toString(), sha256);
        return MODELS.computeIfAbsent(key, k -> load(file, sha256, loader));
    }

    private static StudentModel load(Path file, String sha256, StudentLoader loader) {
        String actual = sha256(file);
        if (!actual.equals(sha256)) {
            throw new SparkInputException("student file " + file + " in this JVM has SHA-256 " + actual
                    + " but the driver validated " + sha256 + ": ship the same file to every node");
        }
        try {
            StudentModel model = loader.load(file);
            LOADS.incrementAndGet();
            return model;
        } catch (IOException e) {
            throw new SparkInputException("loading student " + file + ": " + e, e);
        }
    }

    /**
     * Hashes a file.
     *
     * @param file the file
     * @return its SHA-256, lowercase hex
     * @throws SparkInputException when the file cannot be read
     */
    public static String sha256(Path file) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AnnotatorException("SHA-256 is not available in this JVM", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new SparkInputException("reading student file " + file + ": " + e, e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** @return how many models this JVM has loaded since start (a cache miss each) */
    public static long loads() {
        return LOADS.get();
    }

    /** @return how many models are open in this JVM */
    public static int size() {
        return MODELS.size();
    }

    /**
     * Closes and forgets every model open in this JVM. Call it only when no job is running here (a
     * driver after its jobs, a test between classes).
     */
    public static void clear() {
        for (Key k : MODELS.keySet()) {
            StudentModel m = MODELS.remove(k);
            if (m != null) {
                m.close();
            }
        }
    }
}
