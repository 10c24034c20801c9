package dev.feedloop.store.postgres;

import dev.feedloop.store.VectorBlobs;
import dev.feedloop.store.Assignment;
import dev.feedloop.store.Cause;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.PatternView;
import dev.feedloop.store.TriageRunRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Patterns, triage runs, assignments, pattern history and analyses on PostgreSQL (fixes and tickets:
 * {@code store.sql}, shared with SQLite).
 */
final class PgPatterns {
    static final String PATTERN_COLUMNS = "project, pattern_id, name, name_locked, description, description_locked,"
            + " keywords::text AS"
            + " keywords, cause, cause_confidence, cause_override, evidence, status, merged_into, manual, model,"
            + " centroid, exemplars, member_count, first_seen, last_seen, view, length(centroid) / 4 AS dimension";
    private static final String RUN_COLUMNS = "run_id, window_from, window_to, started_at, finished_at, negatives,"
            + " report";

    private final PgDatabase db;
    private final Clock clock;

    PgPatterns(PgDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    List<PatternRecord> patterns(String project) {
        return db.read(c -> {
            List<PatternRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PATTERN_COLUMNS
                    + " FROM patterns WHERE project = ? ORDER BY created_at, pattern_id COLLATE \"C\"")) {
                ps.setString(1, project);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(pattern(rs));
                    }
                }
            }
            return out;
        });
    }

    Optional<PatternRecord> pattern(String project, String patternId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PATTERN_COLUMNS
                    + " FROM patterns WHERE project = ? AND pattern_id = ?")) {
                ps.setString(1, project);
                ps.setString(2, patternId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(pattern(rs)) : Optional.empty();
                }
            }
        });
    }

    void savePatterns(List<PatternRecord> patterns) {
        Instant now = clock.instant();
        db.inTransaction(c -> {
            upsertPatterns(c, patterns, now);
            return null;
        });
    }

    void saveTriageRun(TriageRunRecord run, List<PatternRecord> patterns, List<Assignment> assignments) {
        Instant now = clock.instant();
        db.inTransaction(c -> {
            upsertPatterns(c, patterns, now);
            saveAssignments(c, run.project(), run.runId(), assignments);
            saveRun(c, run);
            return null;
        });
    }

    Optional<TriageRunRecord> triageRun(String project, String runId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS
                    + " FROM triage_runs WHERE project = ? AND run_id = ?")) {
                ps.setString(1, project);
                ps.setString(2, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(run(project, rs)) : Optional.empty();
                }
            }
        });
    }

    private static TriageRunRecord run(String project, ResultSet rs) throws SQLException {
        return new TriageRunRecord(project, rs.getString(1), PgText.instant(rs, 2), PgText.instant(rs, 3),
                PgText.instant(rs, 4), PgText.instant(rs, 5), rs.getLong(6), PgText.unescape(rs.getString(7)));
    }

    void reassign(String project, String from, String to) {
        db.inTransaction(c -> {
            int moved = 0;
            for (String table : List.of("assignments", "fixes")) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE " + table + " SET pattern_id = ? WHERE project = ? AND pattern_id = ?")) {
                    ps.setString(1, to);
                    ps.setString(2, project);
                    ps.setString(3, from);
                    moved += ps.executeUpdate();
                }
            }
            return moved;
        });
    }

    List<String> members(String project, String patternId, Instant from, Instant to) {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT request_id FROM assignments WHERE project = ?"
                    + " AND ts >= ? AND ts < ? AND pattern_id = ? ORDER BY ts, request_id COLLATE \"C\"")) {
                PgTriage.bindWindow(ps, project, from, to);
                ps.setString(4, patternId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    long occurrences(String project, String patternId, Instant from, Instant to, String promptVersion) {
        String sql = promptVersion == null
                ? "SELECT COUNT(*) FROM assignments a WHERE a.project = ? AND a.ts >= ? AND a.ts < ?"
                        + " AND a.pattern_id = ?"
                : "SELECT COUNT(*) FROM assignments a JOIN responses r ON r.project = a.project"
                        + " AND r.request_id = a.request_id WHERE a.project = ? AND a.ts >= ? AND a.ts < ?"
                        + " AND a.pattern_id = ? AND r.prompt_version = ?";
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                PgTriage.bindWindow(ps, project, from, to);
                ps.setString(4, patternId);
                if (promptVersion != null) {
                    ps.setString(5, promptVersion);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    int reassignRequests(String project, java.util.Collection<String> requestIds, String to) {
        if (requestIds.isEmpty()) {
            return 0;
        }
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE assignments SET pattern_id = ? WHERE project = ? AND request_id = ANY (?)")) {
                ps.setString(1, to);
                ps.setString(2, project);
                ps.setArray(3, c.createArrayOf("text", requestIds.toArray()));
                return ps.executeUpdate();
            }
        });
    }

    Map<String, Map<String, Long>> dailyOccurrences(String project, Instant from, Instant to) {
        return daily("SELECT (a.ts AT TIME ZONE 'UTC')::date AS day, COALESCE(a.pattern_id, ''), COUNT(*)"
                + " FROM assignments a WHERE a.project = ? AND a.ts >= ? AND a.ts < ? GROUP BY 1, 2", project, from, to);
    }

    Map<String, Map<String, Long>> dailyNegativesByVersion(String project, Instant from, Instant to) {
        return daily("SELECT (a.ts AT TIME ZONE 'UTC')::date AS day, r.prompt_version, COUNT(*) FROM assignments a"
                + " JOIN responses r ON r.project = a.project AND r.request_id = a.request_id"
                + " WHERE a.project = ? AND a.ts >= ? AND a.ts < ? GROUP BY 1, 2", project, from, to);
    }

    private Map<String, Map<String, Long>> daily(String sql, String project, Instant from, Instant to) {
        return db.read(c -> {
            Map<String, Map<String, Long>> out = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, project);
                ps.setObject(2, PgText.ts(from));
                ps.setObject(3, PgText.ts(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getObject(1, java.time.LocalDate.class).toString(),
                                d -> new java.util.TreeMap<>()).merge(rs.getString(2), rs.getLong(3), Long::sum);
                    }
                }
            }
            return out;
        });
    }

    /**
     * Per day and prompt version, the rows of {@code table} with a sequence number in (cursor, the
     * table's last one], read in one snapshot. Unlike SQLite's rowid, a sequence number is taken at
     * insert, not at commit: a row of a transaction still open while a later one commits can be
     * passed over, so with several writers these running totals are approximate (the windowed
     * reads are exact). Parameters of {@code sql}: project, cursor, last.
     */
    dev.feedloop.store.TriageStore.DailyCounts dailySince(String table, String sql, String project, long cursor) {
        return db.read(c -> {
            long last;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM " + table
                    + " WHERE project = ?")) {
                ps.setString(1, project);
                try (ResultSet rs = ps.executeQuery()) {
                    last = rs.next() ? rs.getLong(1) : 0;
                }
            }
            Map<String, Map<String, Long>> out = new java.util.TreeMap<>();
            if (last > cursor) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, project);
                    ps.setLong(2, cursor);
                    ps.setLong(3, last);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.computeIfAbsent(rs.getObject(1, java.time.LocalDate.class).toString(),
                                    d -> new java.util.TreeMap<>()).merge(rs.getString(2), rs.getLong(3), Long::sum);
                        }
                    }
                }
            }
            return new dev.feedloop.store.TriageStore.DailyCounts(Math.max(last, cursor), out);
        });
    }

    private static PatternRecord pattern(ResultSet rs) throws SQLException {
        int dim = rs.getInt("dimension");
        return new PatternRecord(rs.getString("project"), rs.getString("pattern_id"),
                PgText.unescape(rs.getString("name")), rs.getBoolean("name_locked"),
                PgText.unescape(rs.getString("description")), rs.getBoolean("description_locked"),
                PgJson.strings(rs.getString("keywords")),
                Cause.fromWire(rs.getString("cause")), rs.getDouble("cause_confidence"),
                rs.getString("cause_override") == null ? null : Cause.fromWire(rs.getString("cause_override")),
                PgText.unescape(rs.getString("evidence")), PatternStatus.fromWire(rs.getString("status")),
                rs.getString("merged_into"), rs.getBoolean("manual"), rs.getString("model"),
                VectorBlobs.unpack(rs.getBytes("centroid")), VectorBlobs.unpackAll(rs.getBytes("exemplars"), dim),
                rs.getLong("member_count"), PgText.instant(rs, "first_seen"), PgText.instant(rs, "last_seen"),
                PatternView.fromWire(rs.getString("view")));
    }

    private static void upsertPatterns(Connection c, List<PatternRecord> patterns, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO patterns (project, pattern_id, name, name_locked,"
                + " description, description_locked, keywords, cause, cause_confidence, cause_override, evidence,"
                + " status, merged_into, manual, model, centroid, exemplars, member_count, first_seen, last_seen, view,"
                + " created_at, updated_at) VALUES (?,?,?,?,?,?,?::jsonb,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT (project, pattern_id) DO UPDATE SET name = excluded.name,"
                + " name_locked = excluded.name_locked, description = excluded.description,"
                + " description_locked = excluded.description_locked,"
                + " keywords = excluded.keywords, cause = excluded.cause, cause_confidence = excluded.cause_confidence,"
                + " cause_override = excluded.cause_override, evidence = excluded.evidence, status = excluded.status,"
                + " merged_into = excluded.merged_into, manual = excluded.manual, model = excluded.model,"
                + " centroid = excluded.centroid, exemplars = excluded.exemplars,"
                + " member_count = excluded.member_count, first_seen = excluded.first_seen,"
                + " last_seen = excluded.last_seen, view = excluded.view, updated_at = excluded.updated_at")) {
            for (PatternRecord p : patterns) {
                int i = 1;
                ps.setString(i++, p.project());
                ps.setString(i++, p.patternId());
                ps.setString(i++, PgText.escape(p.name()));
                ps.setBoolean(i++, p.nameLocked());
                ps.setString(i++, PgText.escape(p.description()));
                ps.setBoolean(i++, p.descriptionLocked());
                ps.setString(i++, PgJson.strings(p.keywords()));
                ps.setString(i++, p.cause().wire());
                ps.setDouble(i++, p.causeConfidence());
                ps.setString(i++, p.causeOverride() == null ? null : p.causeOverride().wire());
                ps.setString(i++, PgText.escape(p.evidenceJson()));
                ps.setString(i++, p.status().wire());
                ps.setString(i++, p.mergedInto());
                ps.setBoolean(i++, p.manual());
                ps.setString(i++, p.model());
                ps.setBytes(i++, VectorBlobs.pack(p.centroid()));
                ps.setBytes(i++, VectorBlobs.packAll(p.exemplars(), p.centroid().length));
                ps.setLong(i++, p.memberCount());
                PgText.setTs(ps, i++, p.firstSeen());
                PgText.setTs(ps, i++, p.lastSeen());
                ps.setString(i++, p.view().wire());
                ps.setObject(i++, PgText.ts(now));
                ps.setObject(i, PgText.ts(now));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void saveAssignments(Connection c, String project, String runId, List<Assignment> assignments)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO assignments (project, request_id, pattern_id,"
                + " run_id, ts, similarity) VALUES (?,?,?,?,?,?) ON CONFLICT (project, request_id) DO UPDATE SET"
                + " pattern_id = excluded.pattern_id, run_id = excluded.run_id, ts = excluded.ts,"
                + " similarity = excluded.similarity")) {
            int pending = 0;
            for (Assignment a : assignments) {
                ps.setString(1, project);
                ps.setString(2, a.requestId());
                ps.setString(3, a.patternId());
                ps.setString(4, runId);
                ps.setObject(5, PgText.ts(a.timestamp()));
                if (a.similarity() == null) {
                    ps.setNull(6, Types.DOUBLE);
                } else {
                    ps.setDouble(6, a.similarity());
                }
                ps.addBatch();
                if (++pending == 5_000) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            ps.executeBatch();
        }
    }

    private static void saveRun(Connection c, TriageRunRecord run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO triage_runs (project, run_id, window_from,"
                + " window_to, started_at, finished_at, negatives, report) VALUES (?,?,?,?,?,?,?,?)")) {
            ps.setString(1, run.project());
            ps.setString(2, run.runId());
            ps.setObject(3, PgText.ts(run.from()));
            ps.setObject(4, PgText.ts(run.to()));
            ps.setObject(5, PgText.ts(run.startedAt()));
            ps.setObject(6, PgText.ts(run.finishedAt()));
            ps.setLong(7, run.negatives());
            ps.setString(8, PgText.escape(run.reportJson()));
            ps.executeUpdate();
        }
    }
}
