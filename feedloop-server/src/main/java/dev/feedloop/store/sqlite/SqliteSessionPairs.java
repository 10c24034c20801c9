package dev.feedloop.store.sqlite;

import dev.feedloop.store.TriageStore.SessionPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The candidate pairs of the re-ask-by-meaning pass (see {@link dev.feedloop.store.Store#sessionPairs}).
 * The filter on the earlier response lives here, in SQL, so that a pair whose answer is already known
 * is never loaded, let alone embedded.
 */
final class SqliteSessionPairs {
    /**
     * Feedback that already settles the earlier response: a negative implicit signal (marking it
     * re-asked would change nothing) or an explicit positive one (accepted, a rating of 4 or 5, a
     * thumb up: the user said the answer served them, so a similar question that follows is a
     * follow-up, and an inferred signal must not overrule what the user said).
     */
    static final String SETTLED = "f.implicit_signal IN ('regenerated', 'abandoned', 'reasked', 'accepted')"
            + " OR f.explicit_rating >= 4 OR f.thumbs = 'up'";

    private static final String SELECT = "SELECT a.request_id, a.user_input, b.request_id, b.user_input"
            + " FROM responses a JOIN responses b ON b.project = a.project AND b.session_id = a.session_id"
            + " AND b.ts > a.ts AND b.ts <= a.ts + ?"
            + " WHERE a.project = ? AND a.session_id IS NOT NULL AND a.reasked = 0"
            + " AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.project = a.project AND f.request_id = a.request_id"
            + " AND (" + SETTLED + "))";

    private SqliteSessionPairs() {
    }

    /** Pairs whose earlier response lies in [from, to). */
    static List<SessionPair> inWindow(Connection c, String project, Instant from, Instant to, Duration window)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " AND a.ts >= ? AND a.ts < ? ORDER BY a.ts, a.request_id")) {
            ps.setLong(1, window.toMillis());
            ps.setString(2, project);
            ps.setLong(3, from.toEpochMilli());
            ps.setLong(4, to.toEpochMilli());
            return read(ps);
        }
    }

    /**
     * Pairs one of whose responses was ingested after {@code ingestedAfter}: those that became
     * complete since then. Only sessions touched by a fresh response are searched.
     */
    static List<SessionPair> ingestedAfter(Connection c, String project, Instant ingestedAfter, Duration window)
            throws SQLException {
        long from = IngestOrder.firstRowIngestedAfter(c, "responses", ingestedAfter.toEpochMilli());
        // '+project' keeps the planner on the rowid range: the project's index would read all its rows
        try (PreparedStatement ps = c.prepareStatement(SELECT
                + " AND a.session_id IN (SELECT session_id FROM responses WHERE +project = ? AND rowid >= ?"
                + " AND session_id IS NOT NULL) AND (a.rowid >= ? OR b.rowid >= ?)"
                + " ORDER BY a.ts, a.request_id")) {
            ps.setLong(1, window.toMillis());
            ps.setString(2, project);
            ps.setString(3, project);
            ps.setLong(4, from);
            ps.setLong(5, from);
            ps.setLong(6, from);
            return read(ps);
        }
    }

    private static List<SessionPair> read(PreparedStatement ps) throws SQLException {
        List<SessionPair> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new SessionPair(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return out;
    }
}
