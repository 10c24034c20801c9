package dev.feedloop.store.postgres;

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

/** Tickets and the ticket outbox on PostgreSQL. */
final class PgTickets {
    private static final String TICKET_COLUMNS = "project, pattern_id, tracker, ticket_key, url, state, routed_cause,"
            + " routed_status, routed_title, created_at, updated_at";
    private static final String OUTBOX_COLUMNS = "seq, project, outbox_key, pattern_id, kind, payload, state,"
            + " attempts, next_attempt_at, last_error, created_at";
    private final PgDatabase db;

    PgTickets(PgDatabase db) {
        this.db = db;
    }

    Optional<TicketRecord> ticket(String project, String patternId) {
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

    List<TicketRecord> tickets(String project) {
        return db.read(c -> {
            List<TicketRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TICKET_COLUMNS
                    + " FROM tickets WHERE project = ? ORDER BY created_at, pattern_id COLLATE \"C\"")) {
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

    int enqueue(String project, String routedRunId, List<TicketRecord> tickets, List<OutboxEntry> entries) {
        return db.inTransaction(c -> {
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
                    ps.setString(5, PgText.escape(e.payload()));
                    ps.setObject(6, PgText.ts(e.nextAttemptAt()));
                    ps.setObject(7, PgText.ts(e.createdAt()));
                    added += ps.executeUpdate();
                }
            }
            return added;
        });
    }

    List<TriageRunRecord> unroutedRuns(String project) {
        return db.read(c -> {
            List<TriageRunRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PgPatterns.runColumns() + " FROM triage_runs"
                    + " WHERE project = ? AND routed_at IS NULL ORDER BY finished_at, run_id COLLATE \"C\"")) {
                ps.setString(1, project);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(PgPatterns.run(project, rs));
                    }
                }
            }
            return out;
        });
    }

    List<OutboxEntry> dueOutbox(String project, Instant now) {
        return outbox("SELECT " + OUTBOX_COLUMNS + " FROM ticket_outbox WHERE project = ? AND state = 'pending'"
                + (now == null ? "" : " AND next_attempt_at <= ?") + " ORDER BY seq", project, now);
    }

    List<OutboxEntry> undelivered(String project) {
        return outbox("SELECT " + OUTBOX_COLUMNS + " FROM ticket_outbox WHERE project = ? AND state <> 'sent'"
                + " ORDER BY seq", project, null);
    }

    private List<OutboxEntry> outbox(String sql, String project, Instant bound) {
        return db.read(c -> {
            List<OutboxEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, project);
                if (bound != null) {
                    ps.setObject(2, PgText.ts(bound));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OutboxEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), PgText.unescape(rs.getString(6)), rs.getString(7), rs.getInt(8),
                                PgText.instant(rs, 9), PgText.unescape(rs.getString(10)), PgText.instant(rs, 11)));
                    }
                }
            }
            return out;
        });
    }

    void delivered(OutboxEntry entry, TicketRecord ticket, Instant at) {
        db.inTransaction(c -> {
            if (ticket != null) {
                upsertTicket(c, ticket);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE ticket_outbox SET state = 'sent', sent_at = ?,"
                    + " attempts = attempts + 1, last_error = NULL WHERE project = ? AND outbox_key = ?")) {
                ps.setObject(1, PgText.ts(at));
                ps.setString(2, entry.project());
                ps.setString(3, entry.key());
                ps.executeUpdate();
            }
            return null;
        });
    }

    void deliveryFailed(OutboxEntry entry, int attempts, Instant nextAttemptAt, String error, boolean giveUp) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ticket_outbox SET state = ?, attempts = ?,"
                    + " next_attempt_at = ?, last_error = ? WHERE project = ? AND outbox_key = ?")) {
                ps.setString(1, giveUp ? "failed" : "pending");
                ps.setInt(2, attempts);
                ps.setObject(3, PgText.ts(nextAttemptAt));
                ps.setString(4, PgText.escape(error));
                ps.setString(5, entry.project());
                ps.setString(6, entry.key());
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static void upsertTicket(Connection c, TicketRecord t) throws SQLException {
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
            ps.setString(9, PgText.escape(t.routedTitle()));
            ps.setObject(10, PgText.ts(t.createdAt()));
            ps.setObject(11, PgText.ts(t.updatedAt()));
            ps.executeUpdate();
        }
    }

    private static TicketRecord ticket(ResultSet rs) throws SQLException {
        return new TicketRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), Cause.fromWire(rs.getString(7)), PatternStatus.fromWire(rs.getString(8)),
                PgText.unescape(rs.getString(9)), PgText.instant(rs, 10), PgText.instant(rs, 11));
    }
}
