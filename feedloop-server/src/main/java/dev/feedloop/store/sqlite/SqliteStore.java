package dev.feedloop.store.sqlite;

import dev.feedloop.capture.Batch;
import dev.feedloop.capture.FeedbackRecord;
import dev.feedloop.capture.ImplicitSignal;
import dev.feedloop.capture.ResponseRecord;
import dev.feedloop.capture.Thumbs;
import dev.feedloop.store.ApiKeyRecord;
import dev.feedloop.store.Store;
import dev.feedloop.store.StoreException;
import dev.feedloop.store.StoredFeedback;
import dev.feedloop.store.StoredResponse;
import dev.feedloop.store.WriteResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The default store: one SQLite file in WAL mode, migrated by Flyway, with a single group-commit
 * writer and a small pool of readers.
 *
 * <pre>{@code
 * try (Store store = SqliteStore.open(Path.of("feedloop.db"), Clock.systemUTC(), Durability.FULL)) {
 *     store.write(batch);
 * }
 * }</pre>
 */
public final class SqliteStore implements Store {
    private static final int READERS = 4;

    /** How hard a commit pushes to disk. */
    public enum Durability {
        /** fsync at every commit: an acknowledged write survives a power loss (SQLite synchronous=FULL). */
        FULL,
        /** fsync at checkpoints: survives a process crash, may lose the last commits on power loss. */
        NORMAL
    }

    private final Path file;
    private final Clock clock;
    private final GroupCommitter writer;
    private final ConnectionPool readers;
    private final CaptureWriter capture;

    private SqliteStore(Path file, Clock clock, GroupCommitter writer, ConnectionPool readers) {
        this.file = file;
        this.clock = clock;
        this.writer = writer;
        this.readers = readers;
        this.capture = new CaptureWriter(clock);
    }

    /**
     * Opens (creating when absent) the database file and brings its schema up to date.
     *
     * @throws StoreException when the file cannot be opened or migrated
     */
    public static SqliteStore open(Path file, Clock clock, Durability durability) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new StoreException("the folder of the database " + file + " does not exist", null);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(durability == Durability.FULL ? SQLiteConfig.SynchronousMode.FULL
                : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        migrate(source, file);
        ConnectionPool readers = new ConnectionPool(source, READERS);
        try {
            return new SqliteStore(file, clock, new GroupCommitter(readers.open()), readers);
        } catch (SQLException e) {
            readers.close();
            throw new StoreException("cannot open the writer on " + file + ": " + e.getMessage(), e);
        }
    }

    private static void migrate(SQLiteDataSource source, Path file) {
        try {
            Flyway.configure()
                    .dataSource(source)
                    .locations("classpath:db/migration/sqlite")
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot prepare the database " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public WriteResult write(Batch batch) {
        if (batch.isEmpty()) {
            return new WriteResult(List.of(), List.of());
        }
        return writer.submit(c -> capture.write(c, batch));
    }

    /** Runs arbitrary work in the writer's next transaction (for the later stages' tables). */
    public <R> R inTransaction(GroupCommitter.Work<R> work) {
        return writer.submit(work);
    }

    /** Runs a read on a pooled connection. */
    public <R> R read(ConnectionPool.Read<R> read) {
        return readers.read(read);
    }

    @Override
    public Optional<StoredResponse> response(String project, String requestId) {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ts, prompt_version, model, user_input, llm_output,"
                    + " retrieved_context, session_id, user_id, tags, reasked FROM responses"
                    + " WHERE project = ? AND request_id = ?")) {
                ps.setString(1, project);
                ps.setString(2, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    ResponseRecord record = new ResponseRecord(project, requestId, Instant.ofEpochMilli(rs.getLong(1)),
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            Json.docs(rs.getString(6)), rs.getString(7), rs.getString(8), Json.tags(rs.getString(9)));
                    return Optional.of(new StoredResponse(record, rs.getInt(10) != 0));
                }
            }
        });
    }

    @Override
    public List<StoredFeedback> feedback(String project, String requestId) {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id, ts, implicit_signal, explicit_rating,"
                    + " thumbs, edited_output, edit_magnitude, comment FROM feedback"
                    + " WHERE project = ? AND request_id = ? ORDER BY ts, event_id")) {
                ps.setString(1, project);
                ps.setString(2, requestId);
                List<StoredFeedback> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int rating = rs.getInt(4);
                        Integer explicit = rs.wasNull() ? null : rating;
                        double magnitude = rs.getDouble(7);
                        Double edit = rs.wasNull() ? null : magnitude;
                        FeedbackRecord record = new FeedbackRecord(project, rs.getString(1), requestId,
                                Instant.ofEpochMilli(rs.getLong(2)),
                                rs.getString(3) == null ? null : ImplicitSignal.fromWire(rs.getString(3)).orElseThrow(),
                                explicit,
                                rs.getString(5) == null ? null : Thumbs.fromWire(rs.getString(5)).orElseThrow(),
                                rs.getString(6), rs.getString(8));
                        out.add(new StoredFeedback(record, edit));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void saveKey(ApiKeyRecord key) {
        writer.submit(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_keys (key_id, project, scope, key_hash,"
                    + " created_at) VALUES (?,?,?,?,?)")) {
                ps.setString(1, key.keyId());
                ps.setString(2, key.project());
                ps.setString(3, key.scope().wire());
                ps.setString(4, key.secretHash());
                ps.setLong(5, key.createdAt().toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<ApiKeyRecord> key(String keyId) {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT project, scope, key_hash, created_at FROM api_keys"
                    + " WHERE key_id = ? AND revoked_at IS NULL")) {
                ps.setString(1, keyId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new ApiKeyRecord(keyId, rs.getString(1),
                            ApiKeyRecord.Scope.fromWire(rs.getString(2)), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
        });
    }

    @Override
    public String setting(String name, Supplier<String> initial) {
        return writer.submit(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
            }
            String value = initial.get();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO settings (name, value) VALUES (?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, value);
                ps.executeUpdate();
            }
            return value;
        });
    }

    Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        writer.close();
        readers.close();
    }
}
