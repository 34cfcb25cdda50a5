package dev.annotator.llm.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annotator.core.annotate.Annotation;
import dev.annotator.core.annotate.Cost;
import dev.annotator.core.store.AnnotationJson;
import dev.annotator.core.store.AnnotationStore;
import dev.annotator.core.store.AnnotationStoreException;
import dev.annotator.core.store.StoredResponse;
import dev.annotator.core.task.Task;
import dev.annotator.core.task.TaskJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * An {@link AnnotationStore} in one SQLite file that any SQLite tool can open.
 *
 * <p><b>Durability.</b> The file is in WAL mode with {@code synchronous=FULL}: every put is committed
 * and flushed to disk before it returns, so neither a killed process nor a power cut loses an answer
 * whose put returned. {@link #putAnnotations} writes a batch in one transaction (one flush).
 *
 * <p><b>Concurrency.</b> Thread-safe: writes go through one connection, one at a time. Several
 * processes may share the file (SQLite locks it; a writer waits up to 30 seconds for another). The
 * {@code forEach...} audit methods read through a separate read-only connection, so they see a
 * consistent snapshot and do not block writers.
 *
 * <p><b>Schema</b> (version {@value #SCHEMA_VERSION} in {@code PRAGMA user_version}; {@code PRAGMA
 * application_id} is {@value #APPLICATION_ID}, "ANNT"):
 *
 * <pre>
 * responses(key TEXT PRIMARY KEY,      -- hash of (model, prompt, parameters)
 *           model TEXT, request TEXT, response TEXT,
 *           input_tokens INTEGER, output_tokens INTEGER, usd REAL,
 *           created_at TEXT)            -- UTC, 2026-01-02T03:04:05.123456789Z (sorts as time)
 * tasks(name TEXT PRIMARY KEY, task_json TEXT, updated_at TEXT)   -- the task as TaskJson writes it
 * annotations(task TEXT, example_id TEXT, source TEXT,             -- PRIMARY KEY of the three
 *             labels TEXT,              -- JSON array of the chosen labels; [] for an abstention
 *             confidence REAL,
 *             abstention_reason TEXT,   -- NULL unless the annotator abstained
 *             input_tokens INTEGER, output_tokens INTEGER, usd REAL,
 *             annotation TEXT,          -- the whole annotation as AnnotationJson writes it (read back from here)
 *             updated_at TEXT)
 * </pre>
 *
 * <p>Opening a file that is not a SQLite database, is another application's database, or carries a
 * newer schema version throws an {@link IncompatibleStoreException} naming the file and changes
 * nothing. A missing file is created (with its directories).
 */
public final class SqliteAnnotationStore implements AnnotationStore {
    /** The schema version this class writes and reads, kept in {@code PRAGMA user_version}. */
    public static final int SCHEMA_VERSION = 1;
    /** The {@code PRAGMA application_id} marking a file as an annotation store: "ANNT" in ASCII. */
    public static final int APPLICATION_ID = 0x414E4E54;

    private static final int BUSY_TIMEOUT_MS = 30_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Comparator<Annotation> ORDER = Comparator.comparing(Annotation::exampleId)
            .thenComparing(Annotation::source);

    private static final String[] SCHEMA = {
        "CREATE TABLE responses (key TEXT PRIMARY KEY NOT NULL, model TEXT NOT NULL, request TEXT NOT NULL,"
            + " response TEXT NOT NULL, input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL, usd REAL NOT NULL,"
            + " created_at TEXT NOT NULL)",
        "CREATE TABLE tasks (name TEXT PRIMARY KEY NOT NULL, task_json TEXT NOT NULL, updated_at TEXT NOT NULL)",
        "CREATE TABLE annotations (task TEXT NOT NULL, example_id TEXT NOT NULL, source TEXT NOT NULL,"
            + " labels TEXT NOT NULL, confidence REAL NOT NULL, abstention_reason TEXT, input_tokens INTEGER NOT NULL,"
            + " output_tokens INTEGER NOT NULL, usd REAL NOT NULL, annotation TEXT NOT NULL, updated_at TEXT NOT NULL,"
            + " PRIMARY KEY (task, example_id, source)) WITHOUT ROWID",
        "PRAGMA application_id = " + APPLICATION_ID,
        "PRAGMA user_version = " + SCHEMA_VERSION,
    };
    private static final String INSERT_RESPONSE = "INSERT INTO responses (key, model, request, response, input_tokens,"
            + " output_tokens, usd, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING";
    private static final String SELECT_RESPONSE = "SELECT key, model, request, response, input_tokens, output_tokens, usd,"
            + " created_at FROM responses";
    private static final String UPSERT_TASK = "INSERT INTO tasks (name, task_json, updated_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (name) DO UPDATE SET task_json = excluded.task_json, updated_at = excluded.updated_at"
            + " WHERE task_json <> excluded.task_json";
    private static final String UPSERT_ANNOTATION = "INSERT INTO annotations (task, example_id, source, labels, confidence,"
            + " abstention_reason, input_tokens, output_tokens, usd, annotation, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task, example_id, source) DO UPDATE SET"
            + " labels = excluded.labels, confidence = excluded.confidence, abstention_reason = excluded.abstention_reason,"
            + " input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, usd = excluded.usd,"
            + " annotation = excluded.annotation, updated_at = excluded.updated_at";

    private final Path file;
    private final Connection connection;
    /** Task JSON last written per task name by this instance, to skip rewriting an unchanged task. */
    private final Map<String, String> writtenTasks = new HashMap<>();
    private boolean closed;

    private SqliteAnnotationStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens a store, creating the file (and its directories) and the schema when missing.
     *
     * @param file the SQLite file
     * @return the open store; close it when done
     * @throws IncompatibleStoreException when the file is not a SQLite database, is another
     *     application's database, or has a newer schema
     * @throws AnnotationStoreException when the file cannot be created or opened
     */
    public static SqliteAnnotationStore open(Path file) {
        Objects.requireNonNull(file, "file");
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IncompatibleStoreException(file, "is a directory, not a file", null);
        }
        try {
            Path parent = abs.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new AnnotationStoreException("cannot create the directory of annotation store " + file + ": " + e, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        Connection c;
        try {
            c = config.createConnection("jdbc:sqlite:" + abs);
        } catch (SQLException e) {
            throw classify(file, "opening", e);
        }
        try {
            prepareSchema(file, c);
            return new SqliteAnnotationStore(file, c);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw classify(file, "reading the schema of", (SQLException) e);
        }
    }

    private static AnnotationStoreException classify(Path file, String doing, SQLException e) {
        if (e instanceof SQLiteException) {
            SQLiteErrorCode code = ((SQLiteException) e).getResultCode();
            if (code == SQLiteErrorCode.SQLITE_NOTADB) {
                return new IncompatibleStoreException(file, "is not a SQLite database", e);
            }
            if (code == SQLiteErrorCode.SQLITE_CORRUPT) {
                return new IncompatibleStoreException(file, "is a corrupt SQLite database", e);
            }
        }
        return new AnnotationStoreException(doing + " annotation store " + file + " failed: " + e.getMessage(), e);
    }

    private static void prepareSchema(Path file, Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            int version = intPragma(s, "user_version");
            int appId = intPragma(s, "application_id");
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                    + " ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            if (appId != 0 && appId != APPLICATION_ID) {
                throw new IncompatibleStoreException(file, String.format("is another application's SQLite database"
                        + " (application_id 0x%08X, expected 0x%08X)", appId, APPLICATION_ID), null);
            }
            if (version > SCHEMA_VERSION) {
                throw new IncompatibleStoreException(file, "has schema version " + version + ", newer than version "
                        + SCHEMA_VERSION + " which this library reads; use a newer annotator", null);
            }
            if (version == 0) {
                if (!tables.isEmpty()) {
                    throw new IncompatibleStoreException(file, "is a SQLite database but not an annotation store (it has tables "
                            + tables + " and no annotator schema version)", null);
                }
                for (String ddl : SCHEMA) {
                    s.execute(ddl);
                }
            } else if (!tables.containsAll(List.of("annotations", "responses", "tasks"))) {
                throw new IncompatibleStoreException(file, "claims schema version " + version + " but lacks its tables (has "
                        + tables + ")", null);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static int intPragma(Statement s, String pragma) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** @return the SQLite file */
    public Path file() {
        return file;
    }

    @Override
    public synchronized Optional<StoredResponse> findResponse(String key) {
        Objects.requireNonNull(key, "key");
        requireOpen();
        try {
            return selectResponse(key);
        } catch (SQLException e) {
            throw failure("looking up response '" + key + "'", e);
        }
    }

    private Optional<StoredResponse> selectResponse(String key) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SELECT_RESPONSE + " WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(response(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public synchronized StoredResponse putResponse(StoredResponse response) {
        Objects.requireNonNull(response, "response");
        requireOpen();
        try {
            int inserted;
            try (PreparedStatement ps = connection.prepareStatement(INSERT_RESPONSE)) {
                ps.setString(1, response.key());
                ps.setString(2, response.model());
                ps.setString(3, response.request());
                ps.setString(4, response.response());
                ps.setLong(5, response.cost().inputTokens());
                ps.setLong(6, response.cost().outputTokens());
                ps.setDouble(7, response.cost().usd());
                ps.setString(8, TIME.format(response.createdAt()));
                inserted = ps.executeUpdate();
            }
            if (inserted == 1) {
                return response;
            }
            return selectResponse(response.key()).orElseThrow(() -> new AnnotationStoreException("response '" + response.key()
                    + "' was neither inserted nor found in annotation store " + file));
        } catch (SQLException e) {
            throw failure("storing response '" + response.key() + "'", e);
        }
    }

    @Override
    public void putAnnotation(Task task, Annotation annotation) {
        putAnnotations(task, List.of(annotation));
    }

    /**
     * Stores several annotations of a task in one transaction: all are committed (and flushed to
     * disk) before this returns, or none is.
     *
     * @param task the task they label
     * @param annotations the annotations; a later one for the same (example id, source) wins
     * @throws IllegalArgumentException when an annotation's distribution belongs to another task
     */
    @Override
    public synchronized void putAnnotations(Task task, Collection<Annotation> annotations) {
        Objects.requireNonNull(task, "task");
        for (Annotation a : annotations) {
            requireSameTask(task, a);
        }
        requireOpen();
        if (annotations.isEmpty()) {
            return;
        }
        String now = TIME.format(Instant.now());
        String taskJson = TaskJson.write(task);
        try {
            connection.setAutoCommit(false);
            try {
                if (!taskJson.equals(writtenTasks.get(task.name()))) {
                    try (PreparedStatement ps = connection.prepareStatement(UPSERT_TASK)) {
                        ps.setString(1, task.name());
                        ps.setString(2, taskJson);
                        ps.setString(3, now);
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = connection.prepareStatement(UPSERT_ANNOTATION)) {
                    for (Annotation a : annotations) {
                        Cost c = a.cost();
                        ps.setString(1, task.name());
                        ps.setString(2, a.exampleId());
                        ps.setString(3, a.source());
                        ps.setString(4, MAPPER.writeValueAsString(a.labels()));
                        ps.setDouble(5, a.confidence());
                        ps.setString(6, a.abstentionReason().orElse(null));
                        ps.setLong(7, c.inputTokens());
                        ps.setLong(8, c.outputTokens());
                        ps.setDouble(9, c.usd());
                        ps.setString(10, AnnotationJson.write(a));
                        ps.setString(11, now);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                connection.commit();
                writtenTasks.put(task.name(), taskJson);
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("storing " + annotations.size() + " annotation(s) of task '" + task.name() + "'", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising labels", e);
        }
    }

    private static void requireSameTask(Task task, Annotation a) {
        Objects.requireNonNull(a, "annotation");
        a.distribution().ifPresent(d -> {
            if (!d.task().name().equals(task.name())) {
                throw new IllegalArgumentException("annotation of task '" + d.task().name() + "' stored under task '"
                        + task.name() + "'");
            }
            for (String l : d.task().labelNames()) {
                if (!task.hasLabel(l)) {
                    throw new IllegalArgumentException("annotation of '" + a.exampleId() + "' scores label '" + l
                            + "' which task '" + task.name() + "' does not have " + task.labelNames());
                }
            }
        });
    }

    @Override
    public List<Annotation> annotations(Task task) {
        return annotations(task, null);
    }

    /**
     * The annotations one source gave for a task, e.g. to see which examples an annotator already
     * labelled.
     *
     * @param task a task (matched by name)
     * @param source an {@link Annotation#source()}, e.g. an annotator's {@code name()}
     * @return its annotations, ordered by example id
     */
    public List<Annotation> annotations(Task task, String source) {
        Objects.requireNonNull(task, "task");
        List<Annotation> out = new ArrayList<>();
        String sql = "SELECT annotation FROM annotations WHERE task = ?" + (source == null ? "" : " AND source = ?")
                + " ORDER BY example_id, source";
        synchronized (this) {
            requireOpen();
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, task.name());
                if (source != null) {
                    ps.setString(2, source);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(AnnotationJson.read(task, rs.getString(1)));
                    }
                }
            } catch (SQLException e) {
                throw failure("reading annotations of task '" + task.name() + "'", e);
            }
        }
        // SQLite orders text by UTF-8 bytes, Java by UTF-16 units; they differ only past U+FFFF
        out.sort(ORDER);
        return out;
    }

    /**
     * The ids of the examples one source has annotated (labelled or abstained) for a task, without
     * reading the annotations themselves: what a rerun can skip.
     *
     * @param task a task (matched by name)
     * @param source an {@link Annotation#source()}
     * @return the example ids
     */
    public synchronized Set<String> annotatedExampleIds(Task task, String source) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(source, "source");
        requireOpen();
        Set<String> ids = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT example_id FROM annotations WHERE task = ? AND source = ?")) {
            ps.setString(1, task.name());
            ps.setString(2, source);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw failure("listing examples annotated by '" + source + "'", e);
        }
        return ids;
    }

    /**
     * @return the names of the tasks that have annotations or a stored task definition, sorted
     */
    public synchronized List<String> taskNames() {
        requireOpen();
        TreeSet<String> names = new TreeSet<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM tasks UNION SELECT DISTINCT task FROM annotations")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw failure("listing tasks", e);
        }
        return List.copyOf(names);
    }

    /**
     * The task definition stored with the latest annotations of a task name, with its instruction and
     * label descriptions.
     *
     * @param name a task name
     * @return the stored task, or empty when none was stored under that name
     */
    public synchronized Optional<Task> task(String name) {
        Objects.requireNonNull(name, "name");
        requireOpen();
        try (PreparedStatement ps = connection.prepareStatement("SELECT task_json FROM tasks WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(TaskJson.read(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("reading task '" + name + "'", e);
        }
    }

    /**
     * @param task a task (matched by name)
     * @return how many annotations of it are stored, from every source
     */
    public synchronized long annotationCount(Task task) {
        Objects.requireNonNull(task, "task");
        requireOpen();
        try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM annotations WHERE task = ?")) {
            ps.setString(1, task.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure("counting annotations of task '" + task.name() + "'", e);
        }
    }

    @Override
    public synchronized long responseCount() {
        requireOpen();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM responses")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure("counting responses", e);
        }
    }

    /**
     * Streams every stored response, oldest first (then by key), for audits and exports, without
     * holding them all in memory. Reads a consistent snapshot through a separate read-only connection,
     * so writers are not blocked and {@code action} may itself use this store.
     *
     * @param action called once per response
     * @return how many responses were visited
     */
    public long forEachResponse(Consumer<? super StoredResponse> action) {
        Objects.requireNonNull(action, "action");
        return readSnapshot(SELECT_RESPONSE + " ORDER BY created_at, key", null, rs -> action.accept(response(rs)),
                "listing responses");
    }

    /**
     * Streams every stored annotation of a task, ordered by example id then source, without holding
     * them all in memory; see {@link #forEachResponse}.
     *
     * @param task a task (matched by name)
     * @param action called once per annotation
     * @return how many annotations were visited
     */
    public long forEachAnnotation(Task task, Consumer<? super Annotation> action) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(action, "action");
        return readSnapshot("SELECT annotation FROM annotations WHERE task = ? ORDER BY example_id, source", task.name(),
                rs -> action.accept(AnnotationJson.read(task, rs.getString(1))), "listing annotations of task '"
                        + task.name() + "'");
    }

    @FunctionalInterface
    private interface RowAction {
        void accept(ResultSet rs) throws SQLException;
    }

    private long readSnapshot(String sql, String parameter, RowAction action, String doing) {
        synchronized (this) {
            requireOpen();
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            c.setAutoCommit(false); // one read transaction: a consistent snapshot
            long n = 0;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (parameter != null) {
                    ps.setString(1, parameter);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        action.accept(rs);
                        n++;
                    }
                }
            }
            c.rollback();
            return n;
        } catch (SQLException e) {
            throw failure(doing, e);
        }
    }

    private static StoredResponse response(ResultSet rs) throws SQLException {
        return new StoredResponse(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                new Cost(rs.getLong(5), rs.getLong(6), rs.getDouble(7)), Instant.from(TIME.parse(rs.getString(8))));
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("annotation store " + file + " is closed");
        }
    }

    private AnnotationStoreException failure(String doing, SQLException e) {
        return new AnnotationStoreException(doing + " in annotation store " + file + " failed: " + e.getMessage(), e);
    }

    /** Closes the connection; everything put is already committed. Closing twice does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("closing", e);
        }
    }

    @Override
    public String toString() {
        return "SqliteAnnotationStore[" + file + "]";
    }
}
