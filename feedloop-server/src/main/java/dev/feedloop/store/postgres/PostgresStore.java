package dev.feedloop.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.feedloop.store.ApiKeyRecord;
import dev.feedloop.store.Assignment;
import dev.feedloop.store.Batch;
import dev.feedloop.store.DerivedSignals;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ImplicitSignal;
import dev.feedloop.store.JobLeases;
import dev.feedloop.store.NegativeRow;
import dev.feedloop.store.NegativeRules;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.ResponseSample;
import dev.feedloop.store.Store;
import dev.feedloop.store.StoreException;
import dev.feedloop.store.StoredFeedback;
import dev.feedloop.store.StoredResponse;
import dev.feedloop.store.Thumbs;
import dev.feedloop.store.TriageRunRecord;
import dev.feedloop.store.WriteResult;
import dev.feedloop.store.sql.SqlStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The store on a shared PostgreSQL database, for several server instances or months of traffic:
 * migrated by Flyway (db/migration/postgres), pooled by HikariCP, every write one committed
 * transaction. The same behaviour as the SQLite store, which the contract tests check on both.
 *
 * <pre>{@code
 * try (Store store = PostgresStore.open(PostgresUrl.parse("jdbc:postgresql://db:5432/feedloop?user=fl", pw),
 *         Clock.systemUTC(), CaptureRules.STANDARD)) {
 *     store.write(batch);
 * }
 * }</pre>
 */
public final class PostgresStore extends SqlStore implements JobLeases {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PostgresStore.class);
    /** Connections per instance: HTTP ingest, reads, the scheduler and a held lock or two. */
    static final int POOL_SIZE = 10;
    /** Writers of the HTTP API's group commit ({@link PgGroupWriter}), each on one pooled connection. */
    static final int WRITERS = 4;

    private final PgDatabase db;
    private final PgCapture capture;
    private final PgTriage triage;
    private final PgPatterns patterns;
    private final PgLeases leases;
    private final PgRetention retention;
    private final PgGroupWriter group;

    private PostgresStore(PgDatabase db, Clock clock, DerivedSignals signals) {
        super(new PgDialect(db));
        this.db = db;
        this.capture = new PgCapture(clock, signals);
        this.triage = new PgTriage(db, clock);
        this.patterns = new PgPatterns(db, clock);
        this.leases = new PgLeases(db);
        this.retention = new PgRetention(db);
        this.group = new PgGroupWriter(this::write, WRITERS);
    }

    /**
     * Connects, and brings the schema up to date.
     *
     * @throws StoreException with one sentence when the server cannot be reached, refuses the login,
     *         or the schema cannot be migrated
     */
    public static PostgresStore open(PostgresUrl url, Clock clock, DerivedSignals signals) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(POOL_SIZE);
        config.setPoolName("feedloop-postgres");
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(1); // one attempt: an unreachable server is reported at once
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            LOG.debug("cannot connect to {}", url.display(), e);
            throw new StoreException("cannot open the PostgreSQL database " + url.display() + ": "
                    + describe(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration/postgres")
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            pool.close();
            LOG.debug("cannot migrate {}", url.display(), e);
            throw new StoreException("cannot prepare the PostgreSQL database " + url.display() + ": "
                    + describe(e), e);
        }
        return new PostgresStore(new PgDatabase(pool, url.display()), clock, signals);
    }

    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return PgProblems.message(sql);
            }
        }
        return PgProblems.firstLine(e.getMessage());
    }

    @Override
    public WriteResult write(Batch batch) {
        if (batch.isEmpty()) {
            return new WriteResult(List.of(), List.of());
        }
        PgCapture.Stored stored = db.inTransaction(c -> capture.write(c, batch));
        if (PgCapture.needsRederive(stored)) {
            db.inTransaction(c -> {
                capture.rederive(c, stored);
                return null;
            });
        }
        return stored.result();
    }

    /** As {@link #write}, committed together with the batches that wait beside it (group commit). */
    @Override
    public java.util.concurrent.CompletableFuture<WriteResult> writeAsync(Batch batch) {
        if (batch.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(new WriteResult(List.of(), List.of()));
        }
        return group.submit(batch);
    }

    @Override
    public Optional<StoredResponse> response(String project, String requestId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ts, prompt_version, model, user_input, llm_output,"
                    + " retrieved_context::text, session_id, user_id, tags::text, reasked FROM responses"
                    + " WHERE project = ? AND request_id = ?")) {
                ps.setString(1, project);
                ps.setString(2, requestId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    ResponseRecord record = new ResponseRecord(project, requestId, PgText.instant(rs, 1),
                            rs.getString(2), rs.getString(3), PgTriage.text(rs.getString(4)),
                            PgTriage.text(rs.getString(5)), PgJson.docs(rs.getString(6)), rs.getString(7),
                            rs.getString(8), PgJson.tags(rs.getString(9)));
                    return Optional.of(new StoredResponse(record, rs.getBoolean(10)));
                }
            }
        });
    }

    @Override
    public List<StoredFeedback> feedback(String project, String requestId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id, ts, implicit_signal, explicit_rating,"
                    + " thumbs, edited_output, edit_magnitude, comment FROM feedback"
                    + " WHERE project = ? AND request_id = ? ORDER BY ts, event_id COLLATE \"C\"")) {
                ps.setString(1, project);
                ps.setString(2, requestId);
                List<StoredFeedback> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int rating = rs.getInt(4);
                        Integer explicit = rs.wasNull() ? null : rating;
                        FeedbackRecord record = new FeedbackRecord(project, rs.getString(1), requestId,
                                PgText.instant(rs, 2),
                                rs.getString(3) == null ? null : ImplicitSignal.fromWire(rs.getString(3)).orElseThrow(),
                                explicit,
                                rs.getString(5) == null ? null : Thumbs.fromWire(rs.getString(5)).orElseThrow(),
                                PgText.unescape(rs.getString(6)), PgText.unescape(rs.getString(8)));
                        out.add(new StoredFeedback(record, PgText.nullableDouble(rs, 7)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public boolean writable() {
        return db.open();
    }

    @Override
    public List<String> projects() {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            // a loose index scan: one probe of the primary key per project, not a read of every response
            try (PreparedStatement ps = c.prepareStatement("WITH RECURSIVE p AS ("
                    + " (SELECT project FROM responses ORDER BY project LIMIT 1)"
                    + " UNION ALL SELECT (SELECT r.project FROM responses r WHERE r.project > p.project"
                    + " ORDER BY r.project LIMIT 1) FROM p WHERE p.project IS NOT NULL)"
                    + " SELECT project FROM p WHERE project IS NOT NULL ORDER BY project COLLATE \"C\"");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    // ---- keys and settings

    /** The settings row counting key revocations (as the SQLite store's). */
    static final String KEY_REVOCATIONS = "keys.revocations";

    @Override
    public void saveKey(ApiKeyRecord key) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_keys (key_id, project, scope, key_hash,"
                    + " created_at) VALUES (?,?,?,?,?)")) {
                ps.setString(1, key.keyId());
                ps.setString(2, key.project());
                ps.setString(3, key.scope().wire());
                ps.setString(4, key.secretHash());
                ps.setObject(5, PgText.ts(key.createdAt()));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<ApiKeyRecord> key(String keyId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT project, scope, key_hash, created_at FROM api_keys"
                    + " WHERE key_id = ? AND revoked_at IS NULL")) {
                ps.setString(1, keyId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new ApiKeyRecord(keyId, rs.getString(1),
                            ApiKeyRecord.Scope.fromWire(rs.getString(2)), rs.getString(3), PgText.instant(rs, 4)));
                }
            }
        });
    }

    @Override
    public List<ApiKeyRecord> keys(String project) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT key_id, project, scope, key_hash, created_at,"
                    + " revoked_at FROM api_keys" + (project == null ? "" : " WHERE project = ?")
                    + " ORDER BY created_at, key_id COLLATE \"C\"")) {
                if (project != null) {
                    ps.setString(1, project);
                }
                List<ApiKeyRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ApiKeyRecord(rs.getString(1), rs.getString(2),
                                ApiKeyRecord.Scope.fromWire(rs.getString(3)), rs.getString(4), PgText.instant(rs, 5),
                                PgText.instant(rs, 6)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public boolean revokeKey(String keyId, Instant at) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE api_keys SET revoked_at = ?"
                    + " WHERE key_id = ? AND revoked_at IS NULL")) {
                ps.setObject(1, PgText.ts(at));
                ps.setString(2, keyId);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO settings (name, value) VALUES ('"
                    + KEY_REVOCATIONS + "', '1') ON CONFLICT (name) DO UPDATE SET"
                    + " value = (settings.value::bigint + 1)::text")) {
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public long keyRevocations() {
        String count = db.read(c -> settingValue(c, KEY_REVOCATIONS));
        try {
            return count == null ? 0 : Long.parseLong(count);
        } catch (NumberFormatException e) {
            throw new StoreException("the setting " + KEY_REVOCATIONS + " should count revocations, but holds '"
                    + count + "'", e);
        }
    }

    @Override
    public String setting(String name, Supplier<String> initial) {
        String stored = db.read(c -> settingValue(c, name));
        if (stored != null) {
            return stored;
        }
        String value = initial.get();
        // two instances starting together: the first insert wins, and both return its value
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO settings (name, value) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, name);
                ps.setString(2, value);
                ps.executeUpdate();
            }
            return settingValue(c, name);
        });
    }

    private static String settingValue(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    // ---- locks and leases

    /** Holds a PostgreSQL advisory lock on a connection of its own while {@code work} runs. */
    @Override
    public <T> T exclusively(String name, Supplier<T> work) {
        return leases.exclusively(name, work);
    }

    @Override
    public boolean claim(String job, long period, String holder, Instant now, Duration ttl) {
        return leases.claim(job, period, holder, now, ttl);
    }

    @Override
    public boolean abandoned(String job, long period, Instant now) {
        return leases.abandoned(job, period, now);
    }

    @Override
    public boolean renew(String job, String holder, Instant now, Duration ttl) {
        return leases.renew(job, holder, now, ttl);
    }

    @Override
    public void complete(String job, long period, String holder) {
        leases.complete(job, period, holder);
    }

    @Override
    public void release(String job, String holder) {
        leases.release(job, holder);
    }

    // ---- triage, patterns, fixes, tickets: the parts' SQL

    @Override
    public List<NegativeRow> negatives(String project, Instant from, Instant to, NegativeRules rules) {
        return triage.negatives(project, from, to, rules);
    }

    @Override
    public List<NegativeText> negativeTextsIngestedAfter(String project, Instant ingestedAfter, NegativeRules rules) {
        return triage.negativeTextsIngestedAfter(project, ingestedAfter, rules);
    }

    @Override
    public List<SessionPair> sessionPairs(String project, Instant from, Instant to, Duration window) {
        return triage.sessionPairs(project, from, to, window);
    }

    @Override
    public List<SessionPair> sessionPairsIngestedAfter(String project, Instant ingestedAfter, Duration window) {
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
        return patterns.patterns(project);
    }

    @Override
    public Optional<PatternRecord> pattern(String project, String patternId) {
        return patterns.pattern(project, patternId);
    }

    @Override
    public void savePatterns(List<PatternRecord> records) {
        patterns.savePatterns(records);
    }

    @Override
    public void saveTriageRun(TriageRunRecord run, List<PatternRecord> records, List<Assignment> assignments) {
        patterns.saveTriageRun(run, records, assignments);
    }

    @Override
    public Optional<TriageRunRecord> triageRun(String project, String runId) {
        return patterns.triageRun(project, runId);
    }

    @Override
    public void reassign(String project, String from, String to) {
        patterns.reassign(project, from, to);
    }

    @Override
    public List<String> members(String project, String patternId, Instant from, Instant to) {
        return patterns.members(project, patternId, from, to);
    }

    @Override
    public long occurrences(String project, String patternId, Instant from, Instant to, String promptVersion) {
        return patterns.occurrences(project, patternId, from, to, promptVersion);
    }

    @Override
    public int reassignRequests(String project, Collection<String> requestIds, String to) {
        return patterns.reassignRequests(project, requestIds, to);
    }

    @Override
    public Optional<Instant> latestResponse(String project) {
        return db.read(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT MAX(ts) FROM responses WHERE project = ?")) {
                ps.setString(1, project);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(PgText.instant(rs, 1)) : Optional.empty();
                }
            }
        });
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
        return patterns.dailySince("responses", "SELECT (ts AT TIME ZONE 'UTC')::date, prompt_version, COUNT(*)"
                + " FROM responses WHERE project = ? AND seq > ? AND seq <= ? GROUP BY 1, 2", project, cursor);
    }

    @Override
    public DailyCounts dailyNegativesSince(String project, long cursor) {
        return patterns.dailySince("assignments", "SELECT (a.ts AT TIME ZONE 'UTC')::date, r.prompt_version,"
                + " COUNT(*) FROM assignments a JOIN responses r ON r.project = a.project AND r.request_id ="
                + " a.request_id WHERE a.project = ? AND a.seq > ? AND a.seq <= ? GROUP BY 1, 2", project, cursor);
    }

    /** Runs a read on a pooled connection (tests, migration, EXPLAIN). */
    public <R> R read(Read<R> read) {
        return db.read(read::run);
    }

    /** A read with a connection. */
    public interface Read<R> {
        R run(Connection connection) throws SQLException;
    }

    @Override
    public void close() {
        group.close();
        db.close();
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
