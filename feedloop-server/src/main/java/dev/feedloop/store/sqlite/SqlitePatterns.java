package dev.feedloop.store.sqlite;

import dev.feedloop.store.VectorBlobs;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.feedloop.store.Assignment;
import dev.feedloop.store.Cause;
import dev.feedloop.store.PatternStatus;
import dev.feedloop.store.PatternView;
import dev.feedloop.store.JsonText;
import dev.feedloop.store.PatternRecord;
import dev.feedloop.store.TriageRunRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of patterns, triage runs, assignments and pattern history on SQLite (fixes and tickets:
 * {@code store.sql}, shared with PostgreSQL).
 */
final class SqlitePatterns {
    private final ConnectionPool readers;
    private final GroupCommitter writer;
    private final Clock clock;

    SqlitePatterns(SqliteParts parts) {
        this.readers = parts.readers();
        this.writer = parts.writer();
        this.clock = parts.clock();
    }

    public List<PatternRecord> patterns(String project) {
        return readers.read(c -> {
            List<PatternRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PATTERN_COLUMNS
                    + " FROM patterns WHERE project = ? ORDER BY created_at, pattern_id")) {
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

    public Optional<PatternRecord> pattern(String project, String patternId) {
        return readers.read(c -> {
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

    public void savePatterns(List<PatternRecord> patterns) {
        long now = clock.millis();
        writer.submit(c -> {
            upsertPatterns(c, patterns, now);
            return null;
        });
    }

    public void saveTriageRun(TriageRunRecord run, List<PatternRecord> patterns, List<Assignment> assignments) {
        long now = clock.millis();
        writer.submit(c -> {
            upsertPatterns(c, patterns, now);
            saveAssignments(c, run.project(), run.runId(), assignments);
            saveRun(c, run);
            return null;
        });
    }

    public Optional<TriageRunRecord> triageRun(String project, String runId) {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT window_from, window_to, started_at, finished_at,"
                    + " negatives, report FROM triage_runs WHERE project = ? AND run_id = ?")) {
                ps.setString(1, project);
                ps.setString(2, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new TriageRunRecord(project, runId, Instant.ofEpochMilli(rs.getLong(1)),
                            Instant.ofEpochMilli(rs.getLong(2)), Instant.ofEpochMilli(rs.getLong(3)),
                            Instant.ofEpochMilli(rs.getLong(4)), rs.getLong(5), rs.getString(6)));
                }
            }
        });
    }

    public void reassign(String project, String from, String to) {
        writer.submit(c -> {
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

    public List<String> members(String project, String patternId, Instant from, Instant to) {
        return readers.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT request_id FROM assignments WHERE project = ?"
                    + " AND ts >= ? AND ts < ? AND pattern_id = ? ORDER BY ts, request_id")) {
                SqliteTriage.bindWindow(ps, project, from, to);
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

    public long occurrences(String project, String patternId, Instant from, Instant to, String promptVersion) {
        return readers.read(c -> {
            String sql = promptVersion == null
                    ? "SELECT COUNT(*) FROM assignments a WHERE a.project = ? AND a.ts >= ? AND a.ts < ?"
                            + " AND a.pattern_id = ?"
                    : "SELECT COUNT(*) FROM assignments a JOIN responses r ON r.project = a.project"
                            + " AND r.request_id = a.request_id WHERE a.project = ? AND a.ts >= ? AND a.ts < ?"
                            + " AND a.pattern_id = ? AND r.prompt_version = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                SqliteTriage.bindWindow(ps, project, from, to);
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

    public Map<String, Map<String, Long>> dailyOccurrences(String project, Instant from, Instant to) {
        return daily("SELECT a.ts / 86400000 AS day, COALESCE(a.pattern_id, ''), COUNT(*) FROM assignments a"
                + " WHERE a.project = ? AND a.ts >= ? AND a.ts < ? GROUP BY day, a.pattern_id", project, from, to);
    }

    public Map<String, Map<String, Long>> dailyNegativesByVersion(String project, Instant from, Instant to) {
        return daily("SELECT a.ts / 86400000 AS day, r.prompt_version, COUNT(*) FROM assignments a"
                + " JOIN responses r ON r.project = a.project AND r.request_id = a.request_id"
                + " WHERE a.project = ? AND a.ts >= ? AND a.ts < ? GROUP BY day, r.prompt_version", project, from, to);
    }

    /**
     * Runs a query of (epoch day, key, count) over the rows of {@code table} with a rowid in
     * (cursor, the table's last rowid]: the last rowid is read first, in the same transaction, so the
     * next call starts exactly where this one ended. Parameters: cursor, last rowid, project.
     */
    dev.feedloop.store.TriageStore.DailyCounts dailySince(String table, String sql, String project, long cursor) {
        return readers.read(c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                long last;
                try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(rowid), 0) FROM " + table);
                        ResultSet rs = ps.executeQuery()) {
                    last = rs.next() ? rs.getLong(1) : 0;
                }
                Map<String, Map<String, Long>> out = new java.util.TreeMap<>();
                if (last > cursor) {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setLong(1, cursor);
                        ps.setLong(2, last);
                        ps.setString(3, project);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                out.computeIfAbsent(java.time.LocalDate.ofEpochDay(rs.getLong(1)).toString(),
                                        d -> new java.util.TreeMap<>()).merge(rs.getString(2), rs.getLong(3), Long::sum);
                            }
                        }
                    }
                }
                return new dev.feedloop.store.TriageStore.DailyCounts(Math.max(last, cursor), out);
            } finally {
                c.commit();
                c.setAutoCommit(auto);
            }
        });
    }

    /** Runs a query of (epoch day, key, count) over a window: per ISO date, per key. */
    private Map<String, Map<String, Long>> daily(String sql, String project, Instant from, Instant to) {
        return readers.read(c -> {
            Map<String, Map<String, Long>> out = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                SqliteTriage.bindWindow(ps, project, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String day = java.time.LocalDate.ofEpochDay(rs.getLong(1)).toString();
                        out.computeIfAbsent(day, d -> new java.util.TreeMap<>()).merge(
                                rs.getString(2) == null ? "" : rs.getString(2), rs.getLong(3), Long::sum);
                    }
                }
            }
            return out;
        });
    }

    public int reassignRequests(String project, java.util.Collection<String> requestIds, String to) {
        if (requestIds.isEmpty()) {
            return 0;
        }
        return writer.submit(c -> {
            int moved = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE assignments SET pattern_id = ? WHERE project = ? AND request_id = ?")) {
                for (String id : requestIds) {
                    ps.setString(1, to);
                    ps.setString(2, project);
                    ps.setString(3, id);
                    moved += ps.executeUpdate();
                }
            }
            return moved;
        });
    }

    private static PatternRecord pattern(ResultSet rs) throws SQLException {
        int dim = rs.getInt("dimension");
        long first = rs.getLong("first_seen");
        Instant firstSeen = rs.wasNull() ? null : Instant.ofEpochMilli(first);
        long last = rs.getLong("last_seen");
        Instant lastSeen = rs.wasNull() ? null : Instant.ofEpochMilli(last);
        return new PatternRecord(rs.getString("project"), rs.getString("pattern_id"), rs.getString("name"),
                rs.getInt("name_locked") != 0, rs.getString("description"), rs.getInt("description_locked") != 0,
                strings(rs.getString("keywords")),
                Cause.fromWire(rs.getString("cause")), rs.getDouble("cause_confidence"),
                rs.getString("cause_override") == null ? null : Cause.fromWire(rs.getString("cause_override")),
                rs.getString("evidence"), PatternStatus.fromWire(rs.getString("status")), rs.getString("merged_into"),
                rs.getInt("manual") != 0, rs.getString("model"), VectorBlobs.unpack(rs.getBytes("centroid")),
                VectorBlobs.unpackAll(rs.getBytes("exemplars"), dim), rs.getLong("member_count"), firstSeen, lastSeen,
                PatternView.fromWire(rs.getString("view")));
    }

    static final String PATTERN_COLUMNS = "project, pattern_id, name, name_locked, description, description_locked,"
            + " keywords, cause,"
            + " cause_confidence, cause_override, evidence, status, merged_into, manual, model, centroid, exemplars,"
            + " member_count, first_seen, last_seen, view, length(centroid) / 4 AS dimension";

    private static void upsertPatterns(Connection c, List<PatternRecord> patterns, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO patterns (project, pattern_id, name, name_locked,"
                + " description, description_locked, keywords, cause, cause_confidence, cause_override, evidence, status, merged_into,"
                + " manual, model, centroid, exemplars, member_count, first_seen, last_seen, view, created_at, updated_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
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
                ps.setString(i++, p.name());
                ps.setInt(i++, p.nameLocked() ? 1 : 0);
                ps.setString(i++, p.description());
                ps.setInt(i++, p.descriptionLocked() ? 1 : 0);
                ps.setString(i++, JsonText.write(p.keywords()));
                ps.setString(i++, p.cause().wire());
                ps.setDouble(i++, p.causeConfidence());
                ps.setString(i++, p.causeOverride() == null ? null : p.causeOverride().wire());
                ps.setString(i++, p.evidenceJson());
                ps.setString(i++, p.status().wire());
                ps.setString(i++, p.mergedInto());
                ps.setInt(i++, p.manual() ? 1 : 0);
                ps.setString(i++, p.model());
                ps.setBytes(i++, VectorBlobs.pack(p.centroid()));
                ps.setBytes(i++, VectorBlobs.packAll(p.exemplars(), p.centroid().length));
                ps.setLong(i++, p.memberCount());
                setInstant(ps, i++, p.firstSeen());
                setInstant(ps, i++, p.lastSeen());
                ps.setString(i++, p.view().wire());
                ps.setLong(i++, now);
                ps.setLong(i, now);
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
            for (Assignment a : assignments) {
                ps.setString(1, project);
                ps.setString(2, a.requestId());
                ps.setString(3, a.patternId());
                ps.setString(4, runId);
                ps.setLong(5, a.timestamp().toEpochMilli());
                if (a.similarity() == null) {
                    ps.setNull(6, Types.REAL);
                } else {
                    ps.setDouble(6, a.similarity());
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void saveRun(Connection c, TriageRunRecord run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO triage_runs (project, run_id, window_from,"
                + " window_to, started_at, finished_at, negatives, report) VALUES (?,?,?,?,?,?,?,?)")) {
            ps.setString(1, run.project());
            ps.setString(2, run.runId());
            ps.setLong(3, run.from().toEpochMilli());
            ps.setLong(4, run.to().toEpochMilli());
            ps.setLong(5, run.startedAt().toEpochMilli());
            ps.setLong(6, run.finishedAt().toEpochMilli());
            ps.setLong(7, run.negatives());
            ps.setString(8, run.reportJson());
            ps.executeUpdate();
        }
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }

    static List<String> strings(String json) {
        return JsonText.read(json, new TypeReference<List<String>>() { });
    }
}
