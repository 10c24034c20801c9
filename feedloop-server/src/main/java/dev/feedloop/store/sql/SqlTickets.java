package dev.feedloop.store.sql;

import dev.feedloop.store.Cause;
import dev.feedloop.store.OutboxEntry;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.TicketRecord;
import dev.feedloop.store.TriageRunRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tickets and the ticket outbox ({@code TicketStore}), the same SQL on SQLite and PostgreSQL: a
 * ticket row per pattern, replaced as its tracker answers; an outbox row per intended create or
 * update, keyed so that enqueueing it twice adds it once.
 */
public final class SqlTickets {
    private static final String TICKET_COLUMNS = "project, pattern_id, tracker, ticket_key, url, state, routed_cause,"
            + " routed_status, routed_title, created_at, updated_at";
    private static final String OUTBOX_COLUMNS = "seq, project, outbox_key, pattern_id, kind, payload, state,"
            + " attempts, next_attempt_at, last_error, created_at";
    private final SqlDialect db;

    public SqlTickets(SqlDialect db) {
        this.db = db;
    }

    public Optional<TicketRecord> ticket(String project, String patternId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TICKET_COLUMNS
                    + " FROM tickets WHERE project = ? AND pattern_id = ?")) {
                ps.setString(1, project);
                ps.setString(2, patternId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(ticket(rs)) : Optional.empty();
                }
            }
        });
    }

    public List<TicketRecord> tickets(String project) {
        return db.read(c -> {
            List<TicketRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TICKET_COLUMNS
                    + " FROM tickets WHERE project = ? ORDER BY created_at, " + db.byCodePoint("pattern_id"))) {
                ps.setString(1, project);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(ticket(rs));
                    }
                }
            }
            return out;
        });
    }

    public int enqueue(String project, String routedRunId, List<TicketRecord> tickets, List<OutboxEntry> entries) {
        return db.write(c -> {
            if (routedRunId != null) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE triage_runs SET routed_at = finished_at"
                        + " WHERE project = ? AND run_id = ? AND routed_at IS NULL")) {
                    ps.setString(1, project);
                    ps.setString(2, routedRunId);
                    ps.executeUpdate();
                }
            }
            for (TicketRecord t : tickets) {
                upsertTicket(c, t);
            }
            int added = 0;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ticket_outbox (project, outbox_key,"
                    + " pattern_id, kind, payload, state, attempts, next_attempt_at, last_error, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, NULL, ?) ON CONFLICT (project, outbox_key) DO NOTHING")) {
                for (OutboxEntry e : entries) {
                    ps.setString(1, e.project());
                    ps.setString(2, e.key());
                    ps.setString(3, e.patternId());
                    ps.setString(4, e.kind());
                    db.setText(ps, 5, e.payload());
                    db.setTime(ps, 6, e.nextAttemptAt());
                    db.setTime(ps, 7, e.createdAt());
                    added += ps.executeUpdate();
                }
            }
            return added;
        });
    }

    public List<TriageRunRecord> unroutedRuns(String project) {
        return db.read(c -> {
            List<TriageRunRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, window_from, window_to, started_at,"
                    + " finished_at, negatives, report FROM triage_runs WHERE project = ? AND routed_at IS NULL"
                    + " ORDER BY finished_at, " + db.byCodePoint("run_id"))) {
                ps.setString(1, project);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TriageRunRecord(project, rs.getString(1), db.time(rs, 2), db.time(rs, 3),
                                db.time(rs, 4), db.time(rs, 5), rs.getLong(6), db.text(rs, 7)));
                    }
                }
            }
            return out;
        });
    }

    /** Pending entries due at {@code now} (all pending ones for null), oldest first. */
    public List<OutboxEntry> dueOutbox(String project, Instant now) {
        return outbox("SELECT " + OUTBOX_COLUMNS + " FROM ticket_outbox WHERE project = ? AND state = 'pending'"
                + (now == null ? "" : " AND next_attempt_at <= ?") + " ORDER BY seq", project, now);
    }

    public List<OutboxEntry> undelivered(String project) {
        return outbox("SELECT " + OUTBOX_COLUMNS + " FROM ticket_outbox WHERE project = ? AND state <> 'sent'"
                + " ORDER BY seq", project, null);
    }

    private List<OutboxEntry> outbox(String sql, String project, Instant bound) {
        return db.read(c -> {
            List<OutboxEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, project);
                if (bound != null) {
                    db.setTime(ps, 2, bound);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OutboxEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), db.text(rs, 6), rs.getString(7), rs.getInt(8), db.time(rs, 9),
                                db.text(rs, 10), db.time(rs, 11)));
                    }
                }
            }
            return out;
        });
    }

    public void delivered(OutboxEntry entry, TicketRecord ticket, Instant at) {
        db.write(c -> {
            if (ticket != null) {
                upsertTicket(c, ticket);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE ticket_outbox SET state = 'sent', sent_at = ?,"
                    + " attempts = attempts + 1, last_error = NULL WHERE project = ? AND outbox_key = ?")) {
                db.setTime(ps, 1, at);
                ps.setString(2, entry.project());
                ps.setString(3, entry.key());
                ps.executeUpdate();
            }
            return null;
        });
    }

    public void deliveryFailed(OutboxEntry entry, int attempts, Instant nextAttemptAt, String error, boolean giveUp) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ticket_outbox SET state = ?, attempts = ?,"
                    + " next_attempt_at = ?, last_error = ? WHERE project = ? AND outbox_key = ?")) {
                ps.setString(1, giveUp ? "failed" : "pending");
                ps.setInt(2, attempts);
                db.setTime(ps, 3, nextAttemptAt);
                db.setText(ps, 4, error);
                ps.setString(5, entry.project());
                ps.setString(6, entry.key());
                ps.executeUpdate();
            }
            return null;
        });
    }

    private void upsertTicket(Connection c, TicketRecord t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO tickets (" + TICKET_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project, pattern_id) DO UPDATE SET"
                + " tracker = excluded.tracker, ticket_key = excluded.ticket_key, url = excluded.url,"
                + " state = excluded.state, routed_cause = excluded.routed_cause,"
                + " routed_status = excluded.routed_status, routed_title = excluded.routed_title,"
                + " created_at = excluded.created_at, updated_at = excluded.updated_at")) {
            ps.setString(1, t.project());
            ps.setString(2, t.patternId());
            ps.setString(3, t.tracker());
            ps.setString(4, t.key());
            ps.setString(5, t.url());
            ps.setString(6, t.state());
            ps.setString(7, t.routedCause().wire());
            ps.setString(8, t.routedStatus().wire());
            db.setText(ps, 9, t.routedTitle());
            db.setTime(ps, 10, t.createdAt());
            db.setTime(ps, 11, t.updatedAt());
            ps.executeUpdate();
        }
    }

    private TicketRecord ticket(ResultSet rs) throws SQLException {
        return new TicketRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), Cause.fromWire(rs.getString(7)), PatternStatus.fromWire(rs.getString(8)),
                db.text(rs, 9), db.time(rs, 10), db.time(rs, 11));
    }
}
