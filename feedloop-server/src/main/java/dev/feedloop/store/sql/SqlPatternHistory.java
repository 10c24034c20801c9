package dev.feedloop.store.sql;

import dev.feedloop.store.Cause;
import dev.feedloop.store.PatternAnalysis;
import dev.feedloop.store.PatternEvent;
import dev.feedloop.store.VectorBlobs;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened to a pattern besides triage, the same SQL on SQLite and PostgreSQL: its events (a
 * reviewer's rename, merge, split, dismissal; a fix recorded; a reopening) and the LLM analyst's last
 * analysis of it.
 */
public final class SqlPatternHistory {
    private final SqlDialect db;

    public SqlPatternHistory(SqlDialect db) {
        this.db = db;
    }

    public void addPatternEvent(String project, String patternId, Instant at, String kind, String detail,
            String actor) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pattern_events (project, pattern_id, at, kind,"
                    + " detail, actor) VALUES (?,?,?,?,?,?)")) {
                ps.setString(1, project);
                ps.setString(2, patternId);
                db.setTime(ps, 3, at);
                ps.setString(4, kind);
                db.setText(ps, 5, detail);
                db.setText(ps, 6, actor);
                return ps.executeUpdate();
            }
        });
    }

    /** A pattern's events, oldest first; events at the same millisecond in the order they were added. */
    public List<PatternEvent> patternEvents(String project, String patternId) {
        return db.read(c -> {
            List<PatternEvent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT at, kind, detail, actor FROM pattern_events"
                    + " WHERE project = ? AND pattern_id = ? ORDER BY at, " + db.insertionOrder())) {
                ps.setString(1, project);
                ps.setString(2, patternId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PatternEvent(db.time(rs, 1), rs.getString(2), db.text(rs, 3), db.text(rs, 4)));
                    }
                }
            }
            return out;
        });
    }

    /** The last analysis of each pattern of a project, by pattern id. */
    public Map<String, PatternAnalysis> analyses(String project) {
        return db.read(c -> {
            Map<String, PatternAnalysis> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT pattern_id, provider, model, name, description,"
                    + " cause, cause_reason, suggested_fix, centroid, member_count, analysed_at FROM pattern_analyses"
                    + " WHERE project = ? ORDER BY " + db.byCodePoint("pattern_id"))) {
                ps.setString(1, project);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new PatternAnalysis(project, rs.getString(1), rs.getString(2),
                                rs.getString(3), db.text(rs, 4), db.text(rs, 5), Cause.fromWire(rs.getString(6)),
                                db.text(rs, 7), db.text(rs, 8), VectorBlobs.unpack(rs.getBytes(9)), rs.getLong(10),
                                db.time(rs, 11)));
                    }
                }
            }
            return out;
        });
    }

    /** Replaces the analyses of these patterns. */
    public void saveAnalyses(List<PatternAnalysis> analyses) {
        if (analyses.isEmpty()) {
            return;
        }
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pattern_analyses (project, pattern_id,"
                    + " provider, model, name, description, cause, cause_reason, suggested_fix, centroid, member_count,"
                    + " analysed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (project, pattern_id) DO UPDATE SET provider = excluded.provider,"
                    + " model = excluded.model, name = excluded.name, description = excluded.description,"
                    + " cause = excluded.cause, cause_reason = excluded.cause_reason,"
                    + " suggested_fix = excluded.suggested_fix, centroid = excluded.centroid,"
                    + " member_count = excluded.member_count, analysed_at = excluded.analysed_at")) {
                for (PatternAnalysis a : analyses) {
                    ps.setString(1, a.project());
                    ps.setString(2, a.patternId());
                    ps.setString(3, a.provider());
                    ps.setString(4, a.model());
                    db.setText(ps, 5, a.name());
                    db.setText(ps, 6, a.description());
                    ps.setString(7, a.cause().wire());
                    db.setText(ps, 8, a.causeReason());
                    db.setText(ps, 9, a.suggestedFix());
                    ps.setBytes(10, VectorBlobs.pack(a.centroid()));
                    ps.setLong(11, a.memberCount());
                    db.setTime(ps, 12, a.analysedAt());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }
}
