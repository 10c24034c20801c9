package dev.feedloop.store.sqlite;

import dev.feedloop.store.Batch;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.Thumbs;
import dev.feedloop.store.ApiKeyRecord;
import dev.feedloop.store.Assignment;
import dev.feedloop.store.DerivedSignals;
import dev.feedloop.store.NegativeRow;
import dev.feedloop.store.NegativeRules;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.ResponseSample;
import dev.feedloop.store.Store;
import dev.feedloop.store.TriageRunRecord;
import dev.feedloop.store.StoreException;
import dev.feedloop.store.StoredFeedback;
import dev.feedloop.store.StoredResponse;
import dev.feedloop.store.WriteResult;
import dev.feedloop.store.sql.SqlStore;
import dev.feedloop.store.sqlite.inbox.Inbox;
import dev.feedloop.store.sqlite.inbox.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The default store: one SQLite file in WAL mode, migrated by Flyway, with a single group-commit
 * writer, a checkpointer beside it, and a small pool of readers. Asynchronous writes (HTTP ingest)
 * go through an {@link Inbox} file beside the database when this process owns it.
 *
 * <pre>{@code
 * try (Store store = SqliteStore.open(Path.of("feedloop.db"), Clock.systemUTC(), Durability.FULL)) {
 *     store.write(batch);
 * }
 * }</pre>
 */
public final class SqliteStore extends SqlStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SqliteStore.class);
    private static final int READERS = 4;

    /** How hard a commit pushes to disk. */
    public enum Durability {
        /**
         * The log is flushed (fdatasync) before a write is acknowledged, so an acknowledged write
         * survives a power loss; one flush covers every commit made while the previous one ran.
         */
        FULL,
        /** fsync at checkpoints: survives a process crash, may lose the last commits on power loss. */
        NORMAL
    }

    /**
     * WAL pages between automatic checkpoints (SQLite's default is 1,000). Feedback rows land on
     * pages all over the request-id index, so the same pages are rewritten commit after commit; a
     * checkpoint copies each page once however often it changed, so checkpointing 4x less often
     * copies far fewer pages. JdbcCeiling (500-row batches, full durability): 26.5k rows/s and 27
     * µs of CPU per row at 1,000; 39.2k and 19.6 µs at 4,000; 40.4k at 10,000. The log grows to
     * about 16 MiB between checkpoints. Public so the bench's ceiling uses the same setting. The
     * store's own writer leaves checkpoints to {@link Checkpointer} and keeps this only on readers.
     */
    public static final int WAL_CHECKPOINT_PAGES = 4_000;

    /** The writer's page cache, in KiB (negative in the pragma: a size, not a page count). */
    static final int WRITER_CACHE_KIB = -8_192;

    /** Bytes the log file is cut back to when it starts over after growing past the usual size. */
    static final long JOURNAL_SIZE_LIMIT = (Checkpointer.RESTART_FRAMES + 8_192L) * 4096;

    private final Path file;
    private final Clock clock;
    private final GroupCommitter writer;
    private final Checkpointer checkpointer;
    private final ConnectionPool readers;
    private final CaptureWriter capture;
    private final SqliteTriage triage;
    private final SqlitePatterns patterns;
    private final SqliteRetention retention;
    /** The durable front of asynchronous (HTTP) ingest; null when another process owns it. */
    private volatile Inbox inbox;

    private SqliteStore(Path file, DerivedSignals signals, Checkpointer checkpointer, SqliteParts parts) {
        super(new SqliteDialect(parts));
        this.file = file;
        this.clock = parts.clock();
        this.writer = parts.writer();
        this.checkpointer = checkpointer;
        this.readers = parts.readers();
        this.capture = new CaptureWriter(clock, signals);
        this.triage = new SqliteTriage(parts);
        this.retention = new SqliteRetention(parts);
        this.patterns = new SqlitePatterns(parts);
    }

    /**
     * Opens (creating when absent) the database file and brings its schema up to date.
     *
     * @throws StoreException when the file cannot be opened or migrated
     */
    public static SqliteStore open(Path file, Clock clock, Durability durability, DerivedSignals signals) {
        return open(file, clock, durability, signals, Ticker.SYSTEM);
    }

    /** As {@link #open(Path, Clock, Durability, DerivedSignals)}, with the inbox's waits measured on {@code inboxTicker} (tests). */
    static SqliteStore open(Path file, Clock clock, Durability durability, DerivedSignals signals,
            Ticker inboxTicker) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new StoreException("the folder of the database " + file + " does not exist", null);
        }
        if (Files.isDirectory(file)) {
            throw new StoreException(file + " is a folder, not a database file (is --db pointing at the right file?)", null);
        }
        if (Files.exists(file) && !Files.isReadable(file)) {
            // SQLite says only that it cannot open the file
            throw new StoreException("no permission to read " + file + "; check the file's permissions", null);
        }
        SQLiteDataSource source = new SQLiteDataSource(config(durability));
        source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        migrate(source, file);
        ConnectionPool readers = new ConnectionPool(source, READERS);
        try {
            Connection connection = readers.open();
            try (var st = connection.createStatement()) {
                st.execute("PRAGMA journal_size_limit = " + JOURNAL_SIZE_LIMIT);
                // the inbox applies thousands of rows per transaction, which a larger cache helps
                // (JdbcCeiling, 5,000-row batches: 15.7 us of CPU per row with SQLite's default 2 MiB,
                // 11.7 with 64 MiB); 8 MiB keeps the server's memory in bounds
                st.execute("PRAGMA cache_size = " + WRITER_CACHE_KIB);
            }
            Checkpointer checkpointer = new Checkpointer(readers.open());
            GroupCommitter writer = GroupCommitter.forFile(connection, file, durability, checkpointer,
                    "feedloop-writer");
            SqliteStore store = new SqliteStore(file, signals, checkpointer, new SqliteParts(readers, writer, clock));
            try {
                store.inbox = Inbox.open(file, durability == Durability.FULL, store::applyFromInbox,
                        store.settingOrNull(Inbox.APPLIED_SETTING), readers.open(), readers, inboxTicker)
                        .orElse(null);
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
            if (store.inbox != null) {
                Inbox inbox = store.inbox;
                readers.beforeRead(() -> {
                    if (!writer.onWriterThread()) { // the applier needs this writer: never wait on it
                        inbox.awaitApplied();
                    }
                });
            }
            return store;
        } catch (SQLException e) {
            readers.close();
            throw unusable(file, e);
        }
    }

    /** Connection settings of a Feedloop SQLite file (the database and the ingest inbox). */
    static SQLiteConfig config(Durability durability) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(durability == Durability.FULL ? SQLiteConfig.SynchronousMode.FULL
                : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setWalAutocheckpoint(WAL_CHECKPOINT_PAGES);
        return config;
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
            throw unusable(file, e);
        }
    }

    /** The failure to open or prepare a file, in words; the driver's own stay in the debug log. */
    private static StoreException unusable(Path file, Exception e) {
        LOG.debug("cannot use {} as the database", file, e);
        return new StoreException(SqliteProblems.describe(file, e), e);
    }

    @Override
    public boolean writable() {
        return writer.isAlive() && (inbox == null || inbox.healthy());
    }

    public Path file() {
        return file;
    }

    /** True when this store owns its inbox and the inbox's filter of stored keys is ready (tests). */
    boolean keyFilterReady() {
        Inbox owned = inbox;
        return owned != null && owned.keyFilterReady();
    }

    /** Waits up to {@code timeout} until {@link #keyFilterReady} (tests). */
    boolean awaitKeyFilter(java.time.Duration timeout) throws InterruptedException {
        Inbox owned = inbox;
        return owned != null && owned.awaitKeyFilter(timeout);
    }

    @Override
    public WriteResult write(Batch batch) {
        if (batch.isEmpty()) {
            return new WriteResult(List.of(), List.of());
        }
        return writer.submit(c -> writeDirect(c, batch));
    }

    /**
     * As {@link #write}, through the {@link Inbox} when this process owns it: acknowledged once the
     * batch is durable there, moved into the database shortly after (reads of this store wait for it).
     */
    @Override
    public java.util.concurrent.CompletableFuture<WriteResult> writeAsync(Batch batch) {
        if (batch.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(new WriteResult(List.of(), List.of()));
        }
        if (inbox != null) {
            return inbox.append(batch);
        }
        return writer.submitAsync(c -> writeDirect(c, batch));
    }

    /**
     * Stores a batch without the inbox, counting the transaction in {@link Inbox#DIRECT_WRITES_SETTING}:
     * an inbox (of this process or another) then knows its filter of stored keys misses these.
     */
    private WriteResult writeDirect(Connection c, Batch batch) throws SQLException {
        WriteResult result = capture.write(c, batch);
        capture.countDirectWrite(c);
        return result;
    }

    /**
     * The inbox's target: stores the batches and the applied position in one transaction. Batch by
     * batch, so a later batch's response meets an earlier batch's feedback the way any response
     * meets feedback that came first (joined, edits measured).
     */
    private void applyFromInbox(Iterable<Batch> batches, String appliedPosition) {
        writer.submit(c -> {
            CaptureWriter.Outputs outputs = new CaptureWriter.Outputs(); // a retried transaction starts afresh
            for (Batch batch : batches) {
                capture.write(c, batch, outputs);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO settings (name, value) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
                ps.setString(1, Inbox.APPLIED_SETTING);
                ps.setString(2, appliedPosition);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private String settingOrNull(String name) {
        return readers.read(c -> settingValue(c, name));
    }

    private static String settingValue(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
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
        return readers.readNow(c -> {
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

    /** The settings row counting key revocations: see {@link #keyRevocations}. */
    static final String KEY_REVOCATIONS = "keys.revocations";

    @Override
    public List<ApiKeyRecord> keys(String project) {
        return readers.readNow(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT key_id, project, scope, key_hash, created_at,"
                    + " revoked_at FROM api_keys" + (project == null ? "" : " WHERE project = ?")
                    + " ORDER BY created_at, key_id")) {
                if (project != null) {
                    ps.setString(1, project);
                }
                List<ApiKeyRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long revoked = rs.getLong(6);
                        Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
                        out.add(new ApiKeyRecord(rs.getString(1), rs.getString(2),
                                ApiKeyRecord.Scope.fromWire(rs.getString(3)), rs.getString(4),
                                Instant.ofEpochMilli(rs.getLong(5)), revokedAt));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public boolean revokeKey(String keyId, Instant at) {
        return writer.submit(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE api_keys SET revoked_at = ?"
                    + " WHERE key_id = ? AND revoked_at IS NULL")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, keyId);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO settings (name, value) VALUES ('"
                    + KEY_REVOCATIONS + "', '1') ON CONFLICT (name) DO UPDATE SET value = CAST(value AS INTEGER) + 1")) {
                ps.executeUpdate();
            }
            return true;
        });
    }

    /**
     * Reads {@link #keyRevocations} on a connection of its own, opened on first use: requests wait
     * for a server's check of the count, so it must not wait for a reader the pool has lent out.
     */
    private Connection revocationsReader;
    private boolean revocationsClosed;
    private final Object revocationsLock = new Object();

    @Override
    public long keyRevocations() {
        String count;
        synchronized (revocationsLock) {
            if (revocationsClosed) {
                throw new StoreException("the database " + file + " is closed", null);
            }
            if (revocationsReader == null) {
                revocationsReader = readers.open();
            }
            try {
                count = settingValue(revocationsReader, KEY_REVOCATIONS);
            } catch (SQLException e) {
                throw new StoreException("cannot read the count of revoked keys: " + e.getMessage(), e);
            }
        }
        try {
            return count == null ? 0 : Long.parseLong(count);
        } catch (NumberFormatException e) {
            throw new StoreException("the setting " + KEY_REVOCATIONS + " should count revocations, but holds '"
                    + count + "'", e);
        }
    }

    private void closeRevocationsReader() {
        synchronized (revocationsLock) {
            revocationsClosed = true;
            if (revocationsReader != null) {
                try {
                    revocationsReader.close();
                } catch (SQLException ignored) {
                    // closing at shutdown: nothing left to protect
                }
            }
        }
    }

    @Override
    public String setting(String name, Supplier<String> initial) {
        return writer.submit(c -> {
            String stored = settingValue(c, name);
            if (stored != null) {
                return stored;
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

    @Override
    public List<String> projects() {
        return readers.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT project FROM responses ORDER BY project");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public List<NegativeRow> negatives(String project, Instant from, Instant to, NegativeRules rules) {
        return triage.negatives(project, from, to, rules);
    }

    @Override
    public List<NegativeText> negativeTextsIngestedAfter(String project, Instant ingestedAfter, NegativeRules rules) {
        return triage.negativeTextsIngestedAfter(project, ingestedAfter, rules);
    }

    @Override
    public List<SessionPair> sessionPairs(String project, Instant from, Instant to, java.time.Duration window) {
        return triage.sessionPairs(project, from, to, window);
    }

    @Override
    public List<SessionPair> sessionPairsIngestedAfter(String project, Instant ingestedAfter, java.time.Duration window) {
        return triage.sessionPairsIngestedAfter(project, ingestedAfter, window);
    }

    @Override
    public void markReasked(String project, Collection<String> requestIds) {
        triage.markReasked(project, requestIds);
    }

    @Override
    public long countResponses(String project, Instant from, Instant to, String promptVersion) {
        return triage.countResponses(project, from, to, promptVersion);
    }

    @Override
    public Map<String, Long> countResponsesBy(String project, Instant from, Instant to, Dimension dimension) {
        return triage.countResponsesBy(project, from, to, dimension);
    }

    @Override
    public Map<String, Map<String, Long>> dailyResponsesByVersion(String project, Instant from, Instant to) {
        return triage.dailyResponsesByVersion(project, from, to);
    }

    @Override
    public Optional<Instant> latestResponse(String project) {
        return triage.latestResponse(project);
    }

    @Override
    public Map<String, Map<String, Long>> dailyOccurrences(String project, Instant from, Instant to) {
        return patterns.dailyOccurrences(project, from, to);
    }

    @Override
    public Map<String, Map<String, Long>> dailyNegativesByVersion(String project, Instant from, Instant to) {
        return patterns.dailyNegativesByVersion(project, from, to);
    }

    @Override
    public DailyCounts dailyResponsesSince(String project, long cursor) {
        return patterns.dailySince("responses", "SELECT ts / 86400000, prompt_version, COUNT(*) FROM responses"
                + " WHERE rowid > ? AND rowid <= ? AND project = ? GROUP BY 1, 2", project, cursor);
    }

    @Override
    public DailyCounts dailyNegativesSince(String project, long cursor) {
        return patterns.dailySince("assignments", "SELECT a.ts / 86400000, r.prompt_version, COUNT(*) FROM assignments a"
                + " JOIN responses r ON r.project = a.project AND r.request_id = a.request_id"
                + " WHERE a.rowid > ? AND a.rowid <= ? AND a.project = ? GROUP BY 1, 2", project, cursor);
    }

    @Override
    public List<ResponseSample> sampleResponses(String project, Instant from, Instant to, int n, long seed) {
        return triage.sampleResponses(project, from, to, n, seed);
    }

    @Override
    public Map<String, float[]> vectors(Collection<String> contentHashes) {
        return triage.vectors(contentHashes);
    }

    @Override
    public void saveVectors(String model, Map<String, float[]> vectorsByHash) {
        triage.saveVectors(model, vectorsByHash);
    }

    @Override
    public List<PatternRecord> patterns(String project) {
        return this.patterns.patterns(project);
    }

    @Override
    public Optional<PatternRecord> pattern(String project, String patternId) {
        return this.patterns.pattern(project, patternId);
    }

    @Override
    public void savePatterns(List<PatternRecord> patterns) {
        this.patterns.savePatterns(patterns);
    }

    @Override
    public void saveTriageRun(TriageRunRecord run, List<PatternRecord> patterns, List<Assignment> assignments) {
        this.patterns.saveTriageRun(run, patterns, assignments);
    }

    @Override
    public Optional<TriageRunRecord> triageRun(String project, String runId) {
        return this.patterns.triageRun(project, runId);
    }

    @Override
    public void reassign(String project, String from, String to) {
        this.patterns.reassign(project, from, to);
    }

    @Override
    public List<String> members(String project, String patternId, Instant from, Instant to) {
        return this.patterns.members(project, patternId, from, to);
    }

    @Override
    public long occurrences(String project, String patternId, Instant from, Instant to, String promptVersion) {
        return this.patterns.occurrences(project, patternId, from, to, promptVersion);
    }

    @Override
    public int reassignRequests(String project, java.util.Collection<String> requestIds, String to) {
        return this.patterns.reassignRequests(project, requestIds, to);
    }

    Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        if (inbox != null) {
            inbox.close(); // applies what it holds, through the writer: before the writer closes
        }
        writer.close();
        checkpointer.close();
        closeRevocationsReader();
        readers.close();
    }

    // ---- retention

    @Override
    public Dropped dropText(String project, Instant from, Instant to) {
        return retention.dropText(project, from, to);
    }

    @Override
    public Optional<Instant> oldestResponse(String project) {
        return retention.oldestResponse(project);
    }

    @Override
    public Optional<Instant> textDroppedBefore(String project) {
        return retention.textDroppedBefore(project);
    }

    @Override
    public void textDroppedBefore(String project, Instant cutoff) {
        retention.textDroppedBefore(project, cutoff);
    }
}
