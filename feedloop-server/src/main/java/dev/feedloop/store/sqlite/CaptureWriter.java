package dev.feedloop.store.sqlite;

import dev.feedloop.store.Batch;
import dev.feedloop.store.DerivedSignals;
import dev.feedloop.store.FeedbackRecord;
import dev.feedloop.store.ResponseRecord;
import dev.feedloop.store.RetrievedDoc;
import dev.feedloop.store.WriteResult;
import dev.feedloop.store.sqlite.inbox.Inbox;
import dev.feedloop.text.Shingles;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one batch inside the writer's transaction: inserts with duplicate detection, then the
 * derived signals that need other rows (edit magnitude, re-asks).
 */
final class CaptureWriter {
    private static final String INSERT_RESPONSE = "INSERT INTO responses (project, request_id, ts, prompt_version, model,"
            + " user_input, llm_output, retrieved_context, doc_count, max_retrieval_score, session_id, user_id, tags,"
            + " ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING";
    private static final String INSERT_FEEDBACK = "INSERT INTO feedback (project, event_id, request_id, ts,"
            + " implicit_signal, explicit_rating, thumbs, edited_output, edit_magnitude, figures_edited, comment,"
            + " ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING";

    /** Response outputs one transaction keeps for edit magnitudes, at most (chars). */
    static final long CACHED_OUTPUT_CHARS = 4_000_000;

    private final Clock clock;
    private final DerivedSignals signals;
    /**
     * Prepared statements of the writer's connection, reused across writes: SQLite compiles each
     * prepareStatement anew, which cost more CPU than the insert itself for single-event writes.
     * Only the writer thread calls {@link #write}, so no locking.
     */
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private Connection prepared;

    CaptureWriter(Clock clock, DerivedSignals signals) {
        this.clock = clock;
        this.signals = signals;
    }

    private PreparedStatement statement(Connection c, String sql) throws SQLException {
        if (c != prepared) {
            statements.clear();
            prepared = c;
        }
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = c.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /**
     * Response outputs one transaction has read or stored, for the edit magnitudes of its feedback:
     * edits of one answer tend to arrive together, and the inbox applies thousands of events per
     * transaction. Holds at most {@link #CACHED_OUTPUT_CHARS}; beyond that, outputs are read again.
     */
    static final class Outputs {
        private final Map<String, String> byKey = new HashMap<>();
        private long chars;

        private static String key(String project, String requestId) {
            return project + '\u0000' + requestId;
        }

        /**
         * Remembers an output, or that the response is not stored ({@code null}). What is already
         * remembered is always replaced, budget or not: a response stored after its absence was
         * noted must not stay absent.
         */
        void put(String project, String requestId, String output) {
            String key = key(project, requestId);
            if (chars < CACHED_OUTPUT_CHARS || byKey.containsKey(key)) {
                String before = byKey.put(key, output);
                chars += (output == null ? 0 : output.length()) - (before == null ? 0 : before.length());
            }
        }

        boolean has(String project, String requestId) {
            return byKey.containsKey(key(project, requestId));
        }

        String get(String project, String requestId) {
            return byKey.get(key(project, requestId));
        }
    }

    WriteResult write(Connection c, Batch batch) throws SQLException {
        return write(c, batch, new Outputs());
    }

    /** As {@link #write(Connection, Batch)}, sharing {@code outputs} with the transaction's other writes. */
    WriteResult write(Connection c, Batch batch, Outputs outputs) throws SQLException {
        long now = clock.millis();
        List<Boolean> responses = insertResponses(c, batch.responses(), now);
        for (int i = 0; i < batch.responses().size(); i++) {
            ResponseRecord r = batch.responses().get(i);
            if (responses.get(i)) {
                joinEarlierEdits(c, r);
                if (r.sessionId() != null) {
                    detectReasks(c, r);
                }
                outputs.put(r.project(), r.requestId(), r.llmOutput());
            }
        }
        List<Boolean> feedback = insertFeedback(c, batch.feedback(), outputs, now);
        return new WriteResult(responses, feedback);
    }

    /** Adds one to {@link Inbox#DIRECT_WRITES_SETTING}: the transaction stored records without the inbox. */
    void countDirectWrite(Connection c) throws SQLException {
        PreparedStatement ps = statement(c, "INSERT INTO settings (name, value) VALUES ('" + Inbox.DIRECT_WRITES_SETTING
                + "', '1') ON CONFLICT (name) DO UPDATE SET value = CAST(value AS INTEGER) + 1");
        ps.executeUpdate();
    }

    private List<Boolean> insertResponses(Connection c, List<ResponseRecord> rows, long now) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        PreparedStatement ps = statement(c, INSERT_RESPONSE);
        for (ResponseRecord r : rows) {
            ps.setString(1, r.project());
            ps.setString(2, r.requestId());
            ps.setLong(3, r.timestamp().toEpochMilli());
            ps.setString(4, r.promptVersion());
            ps.setString(5, r.model());
            ps.setString(6, r.userInput());
            ps.setString(7, r.llmOutput());
            ps.setString(8, r.retrievedContext().isEmpty() ? null : Json.write(r.retrievedContext()));
            ps.setInt(9, r.retrievedContext().size());
            setDouble(ps, 10, maxScore(r.retrievedContext()));
            ps.setString(11, r.sessionId());
            ps.setString(12, r.userId());
            ps.setString(13, r.tags().isEmpty() ? null : Json.write(r.tags()));
            ps.setLong(14, now);
            ps.addBatch();
        }
        return stored(ps.executeBatch());
    }

    private List<Boolean> insertFeedback(Connection c, List<FeedbackRecord> rows, Outputs outputs, long now)
            throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        PreparedStatement ps = statement(c, INSERT_FEEDBACK);
        for (FeedbackRecord f : rows) {
            Double magnitude = null;
            Integer figures = null;
            if (f.editedOutput() != null) {
                String output = outputs.get(f.project(), f.requestId());
                if (output == null && !outputs.has(f.project(), f.requestId())) {
                    output = storedOutput(c, f.project(), f.requestId());
                    outputs.put(f.project(), f.requestId(), output);
                }
                if (output != null) {
                    magnitude = signals.editMagnitude(output, f.editedOutput());
                    figures = signals.changesFigures(output, f.editedOutput()) ? 1 : 0;
                }
            }
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
            setDouble(ps, 9, magnitude);
            if (figures == null) {
                ps.setNull(10, Types.INTEGER);
            } else {
                ps.setInt(10, figures);
            }
            ps.setString(11, f.comment());
            ps.setLong(12, now);
            ps.addBatch();
        }
        return stored(ps.executeBatch());
    }

    private String storedOutput(Connection c, String project, String requestId) throws SQLException {
        PreparedStatement ps = statement(c, "SELECT llm_output FROM responses WHERE project = ? AND request_id = ?");
        ps.setString(1, project);
        ps.setString(2, requestId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Feedback that arrived before its response gets its edit magnitude now. */
    private void joinEarlierEdits(Connection c, ResponseRecord r) throws SQLException {
        List<String[]> pending = new ArrayList<>();
        PreparedStatement ps = statement(c, "SELECT event_id, edited_output FROM feedback"
                + " WHERE project = ? AND request_id = ? AND edited_output IS NOT NULL AND edit_magnitude IS NULL");
        ps.setString(1, r.project());
        ps.setString(2, r.requestId());
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                pending.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        PreparedStatement update = statement(c, "UPDATE feedback SET edit_magnitude = ?, figures_edited = ?"
                + " WHERE project = ? AND event_id = ?");
        for (String[] p : pending) {
            update.setDouble(1, signals.editMagnitude(r.llmOutput(), p[1]));
            update.setInt(2, signals.changesFigures(r.llmOutput(), p[1]) ? 1 : 0);
            update.setString(3, r.project());
            update.setString(4, p[0]);
            update.addBatch();
        }
        update.executeBatch();
    }

    /**
     * Marks re-asks in both directions, since responses may arrive out of order: an earlier response
     * in the session whose question this one repeats is re-asked; so is this one when a later stored
     * response repeats it.
     */
    private void detectReasks(Connection c, ResponseRecord r) throws SQLException {
        long ts = r.timestamp().toEpochMilli();
        long window = signals.reaskWindow().toMillis();
        List<String> reasked = new ArrayList<>();
        PreparedStatement ps = statement(c, "SELECT request_id, ts, user_input FROM responses"
                + " WHERE project = ? AND session_id = ? AND ts BETWEEN ? AND ? AND request_id <> ?");
        ps.setString(1, r.project());
        ps.setString(2, r.sessionId());
        ps.setLong(3, ts - window);
        ps.setLong(4, ts + window);
        ps.setString(5, r.requestId());
        Shingles question = null;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                boolean later = rs.getLong(2) > ts;
                if (question == null) {
                    question = Shingles.of(r.userInput());
                }
                Shingles other = Shingles.of(rs.getString(3));
                if (later ? signals.sameQuestion(question, other) : signals.sameQuestion(other, question)) {
                    reasked.add(rs.getLong(2) <= ts ? rs.getString(1) : r.requestId());
                }
            }
        }
        if (reasked.isEmpty()) {
            return;
        }
        PreparedStatement update = statement(c, "UPDATE responses SET reasked = 1 WHERE project = ? AND request_id = ?");
        for (String id : reasked) {
            update.setString(1, r.project());
            update.setString(2, id);
            update.addBatch();
        }
        update.executeBatch();
    }

    private static Double maxScore(List<RetrievedDoc> docs) {
        Double max = null;
        for (RetrievedDoc d : docs) {
            if (d.score() != null && (max == null || d.score() > max)) {
                max = d.score();
            }
        }
        return max;
    }

    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.REAL);
        } else {
            ps.setDouble(index, value);
        }
    }

    private static List<Boolean> stored(int[] counts) {
        List<Boolean> out = new ArrayList<>(counts.length);
        for (int count : counts) {
            out.add(count > 0);
        }
        return out;
    }
}
