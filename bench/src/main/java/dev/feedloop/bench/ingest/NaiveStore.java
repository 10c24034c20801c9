package dev.feedloop.bench.ingest;

import dev.feedloop.capture.CaptureRules;
import dev.feedloop.store.Batch;
import dev.feedloop.capture.EditMagnitude;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.ApiKeyRecord;
import dev.feedloop.store.Store;
import dev.feedloop.store.StoreException;
import dev.feedloop.store.StoredFeedback;
import dev.feedloop.store.StoredResponse;
import dev.feedloop.store.WriteResult;
import dev.feedloop.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;

/**
 * The naive design the group committer is measured against: every request is its own synchronous
 * transaction (a single autocommit INSERT for one event) on one shared connection, so each
 * acknowledged request pays its own commit. Same SQL, same pragmas and the same edit-magnitude
 * lookup as the real store; reads, keys and settings go to the real {@link SqliteStore}.
 *
 * <p>One connection under a lock is the kindest naive variant: a connection per request thread
 * would add SQLite lock contention and busy-wait sleeps on top of the per-request commit.
 */
final class NaiveStore extends CaptureOnlyStore {
    private static final String INSERT_RESPONSE = "INSERT INTO responses (project, request_id, ts, prompt_version, model,"
            + " user_input, llm_output, retrieved_context, doc_count, max_retrieval_score, session_id, user_id, tags,"
            + " ingested_at) VALUES (?,?,?,?,?,?,?,NULL,0,NULL,?,?,NULL,?) ON CONFLICT DO NOTHING";
    private static final String INSERT_FEEDBACK = "INSERT INTO feedback (project, event_id, request_id, ts,"
            + " implicit_signal, explicit_rating, thumbs, edited_output, edit_magnitude, comment, ingested_at)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING";

    private final SqliteStore delegate;
    private final Connection connection;
    private final Clock clock;

    private NaiveStore(SqliteStore delegate, Connection connection, Clock clock) {
        this.delegate = delegate;
        this.connection = connection;
        this.clock = clock;
    }

    static NaiveStore open(Path file, Clock clock, SqliteStore.Durability durability) throws SQLException {
        SqliteStore delegate = SqliteStore.open(file, clock, durability, CaptureRules.STANDARD);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(durability == SqliteStore.Durability.FULL ? SQLiteConfig.SynchronousMode.FULL
                : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.setWalAutocheckpoint(SqliteStore.WAL_CHECKPOINT_PAGES);
        Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        return new NaiveStore(delegate, connection, clock);
    }

    @Override
    public WriteResult write(Batch batch) {
        synchronized (connection) {
            boolean single = batch.responses().size() + batch.feedback().size() == 1;
            try {
                connection.setAutoCommit(single);
                List<Boolean> responses = new ArrayList<>();
                for (ResponseRecord r : batch.responses()) {
                    responses.add(insert(r));
                }
                List<Boolean> feedback = new ArrayList<>();
                for (FeedbackRecord f : batch.feedback()) {
                    feedback.add(insert(f));
                }
                if (!single) {
                    connection.commit();
                }
                return new WriteResult(responses, feedback);
            } catch (SQLException e) {
                rollback(single);
                throw new StoreException("write failed: " + e.getMessage(), e);
            }
        }
    }

    private boolean insert(ResponseRecord r) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(INSERT_RESPONSE)) {
            ps.setString(1, r.project());
            ps.setString(2, r.requestId());
            ps.setLong(3, r.timestamp().toEpochMilli());
            ps.setString(4, r.promptVersion());
            ps.setString(5, r.model());
            ps.setString(6, r.userInput());
            ps.setString(7, r.llmOutput());
            ps.setString(8, r.sessionId());
            ps.setString(9, r.userId());
            ps.setLong(10, clock.millis());
            return ps.executeUpdate() > 0;
        }
    }

    private boolean insert(FeedbackRecord f) throws SQLException {
        Double magnitude = null;
        if (f.editedOutput() != null) {
            String output = storedOutput(f.project(), f.requestId());
            magnitude = output == null ? null : EditMagnitude.of(output, f.editedOutput());
        }
        try (PreparedStatement ps = connection.prepareStatement(INSERT_FEEDBACK)) {
            ps.setString(1, f.project());
            ps.setString(2, f.eventId());
            ps.setString(3, f.requestId());
            ps.setLong(4, f.timestamp().toEpochMilli());
            ps.setString(5, f.implicitSignal() == null ? null : f.implicitSignal().wire());
            if (f.explicitRating() == null) {
                ps.setNull(6, Types.INTEGER);
            } else {
                ps.setInt(6, f.explicitRating());
            }
            ps.setString(7, f.thumbs() == null ? null : f.thumbs().wire());
            ps.setString(8, f.editedOutput());
            if (magnitude == null) {
                ps.setNull(9, Types.REAL);
            } else {
                ps.setDouble(9, magnitude);
            }
            ps.setString(10, f.comment());
            ps.setLong(11, clock.millis());
            return ps.executeUpdate() > 0;
        }
    }

    private String storedOutput(String project, String requestId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT llm_output FROM responses WHERE project = ? AND request_id = ?")) {
            ps.setString(1, project);
            ps.setString(2, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void rollback(boolean single) {
        if (single) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the failure being reported is the one that matters
        }
    }

    @Override
    public Optional<StoredResponse> response(String project, String requestId) {
        return delegate.response(project, requestId);
    }

    @Override
    public List<StoredFeedback> feedback(String project, String requestId) {
        return delegate.feedback(project, requestId);
    }

    @Override
    public void saveKey(ApiKeyRecord key) {
        delegate.saveKey(key);
    }

    @Override
    public Optional<ApiKeyRecord> key(String keyId) {
        return delegate.key(keyId);
    }

    @Override
    public List<ApiKeyRecord> keys(String project) {
        return delegate.keys(project);
    }

    @Override
    public boolean revokeKey(String keyId, Instant at) {
        return delegate.revokeKey(keyId, at);
    }

    @Override
    public long keyRevocations() {
        return delegate.keyRevocations();
    }

    @Override
    public String setting(String name, Supplier<String> initial) {
        return delegate.setting(name, initial);
    }

    @Override
    public void close() {
        synchronized (connection) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // shutting down
            }
        }
        delegate.close();
    }
}
