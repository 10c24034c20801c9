package dev.feedloop.store.sqlite;

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

/** The SQL of tickets and the ticket outbox. */
final class SqliteTickets {
    private static final String TICKET_COLUMNS = "project, pattern_id, tracker, ticket_key, url, state, routed_cause,"
            + " routed_status, routed_title, created_at, updated_at";
    private static final String OUTBOX_COLUMNS = "seq, project, outbox_key, pattern_id, kind, payload, state,"
            + " attempts, next_attempt_at, last_error, created_at";
    private final ConnectionPool readers;
    private final GroupCommitter writer;

    SqliteTickets(SqliteParts parts) {
        this.readers = parts.readers();
        this.writer = parts.writer();
    }

    Optional<TicketRecord> ticket(String project, String patternId) {
        return readers.read(c -> {
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
        return readers.read(c -> {
            List<TicketRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + TICKET_COLUMNS
                    + " FROM tickets WHERE project = ? ORDER BY created_at, pattern_id")) {
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
        return writer.submit(c -> {
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
            try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO ticket_outbox (project, outbox_key,"
                    + " pattern_id, kind, payload, state, attempts, next_attempt_at, last_error, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, NULL, ?)")) {
                for (OutboxEntry e : entries) {
                    ps.setString(1, e.project());
                    ps.setString(2, e.key());
                    ps.setString(3, e.patternId());
                    ps.setString(4, e.kind());
                    ps.setString(5, e.payload());
                    ps.setLong(6, e.nextAttemptAt().toEpochMilli());
                    ps.setLong(7, e.createdAt().toEpochMilli());
                    added += ps.executeUpdate();
                }
            }
            return added;
        });
    }

    List<TriageRunRecord> unroutedRuns(String project) {
        return readers.read(c -> {
            List<TriageRunRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT run_id, window_from, window_to, started_at,"
                    + " finished_at, negatives, report FROM triage_runs WHERE project = ? AND routed_at IS NULL"
                    + " ORDER BY finished_at, run_id")) {
                ps.setString(1, project);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TriageRunRecord(project, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                                Instant.ofEpochMilli(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4)),
                                Instant.ofEpochMilli(rs.getLong(5)), rs.getLong(6), rs.getString(7)));
                    }
                }
            }
            return out;
        });
    }

    List<OutboxEntry> dueOutbox(String project, Instant now) {
        return outbox("SELECT " + OUTBOX_COLUMNS + " FROM ticket_outbox WHERE project = ? AND state = 'pending'"
                + " AND next_attempt_at <= ? ORDER BY seq", project, now == null ? Long.MAX_VALUE : now.toEpochMilli());
    }

    List<OutboxEntry> undelivered(String project) {
        return outbox("SELECT " + OUTBOX_COLUMNS + " FROM ticket_outbox WHERE project = ? AND state <> 'sent'"
                + " ORDER BY seq", project, null);
    }

    private List<OutboxEntry> outbox(String sql, String project, Long bound) {
        return readers.read(c -> {
            List<OutboxEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, project);
                if (bound != null) {
                    ps.setLong(2, bound);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OutboxEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8),
                                Instant.ofEpochMilli(rs.getLong(9)), rs.getString(10),
                                Instant.ofEpochMilli(rs.getLong(11))));
                    }
                }
            }
            return out;
        });
    }

    void delivered(OutboxEntry entry, TicketRecord ticket, Instant at) {
        writer.submit(c -> {
            if (ticket != null) {
                upsertTicket(c, ticket);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE ticket_outbox SET state = 'sent', sent_at = ?,"
                    + " attempts = attempts + 1, last_error = NULL WHERE project = ? AND outbox_key = ?")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, entry.project());
                ps.setString(3, entry.key());
                ps.executeUpdate();
            }
            return null;
        });
    }

    void deliveryFailed(OutboxEntry entry, int attempts, Instant nextAttemptAt, String error, boolean giveUp) {
        writer.submit(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ticket_outbox SET state = ?, attempts = ?,"
                    + " next_attempt_at = ?, last_error = ? WHERE project = ? AND outbox_key = ?")) {
                ps.setString(1, giveUp ? "failed" : "pending");
                ps.setInt(2, attempts);
                ps.setLong(3, nextAttemptAt.toEpochMilli());
                ps.setString(4, error);
                ps.setString(5, entry.project());
                ps.setString(6, entry.key());
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static void upsertTicket(Connection c, TicketRecord t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO tickets (" + TICKET_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, t.project());
            ps.setString(2, t.patternId());
            ps.setString(3, t.tracker());
            ps.setString(4, t.key());
            ps.setString(5, t.url());
            ps.setString(6, t.state());
            ps.setString(7, t.routedCause().wire());
            ps.setString(8, t.routedStatus().wire());
            ps.setString(9, t.routedTitle());
            ps.setLong(10, t.createdAt().toEpochMilli());
            ps.setLong(11, t.updatedAt().toEpochMilli());
            ps.executeUpdate();
        }
    }

    private static TicketRecord ticket(ResultSet rs) throws SQLException {
        return new TicketRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), Cause.fromWire(rs.getString(7)), PatternStatus.fromWire(rs.getString(8)),
                rs.getString(9), Instant.ofEpochMilli(rs.getLong(10)), Instant.ofEpochMilli(rs.getLong(11)));
    }
}
