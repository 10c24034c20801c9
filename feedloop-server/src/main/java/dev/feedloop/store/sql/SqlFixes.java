package dev.feedloop.store.sql;

import dev.feedloop.store.FixRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Recorded fixes and their last verification, the same SQL on SQLite and PostgreSQL: a fix is
 * written once by its id, and saving it again updates only its verdict, result and time.
 */
public final class SqlFixes {
    private final SqlDialect db;

    public SqlFixes(SqlDialect db) {
        this.db = db;
    }

    public void saveFix(FixRecord fix) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO fixes (project, fix_id, pattern_id,"
                    + " deployed_at, prompt_version, note, created_at, last_verdict, last_result, verified_at)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (project, fix_id) DO UPDATE SET"
                    + " last_verdict = excluded.last_verdict, last_result = excluded.last_result,"
                    + " verified_at = excluded.verified_at")) {
                ps.setString(1, fix.project());
                ps.setString(2, fix.fixId());
                ps.setString(3, fix.patternId());
                db.setTime(ps, 4, fix.deployedAt());
                ps.setString(5, fix.promptVersion());
                db.setText(ps, 6, fix.note());
                db.setTime(ps, 7, fix.createdAt());
                ps.setString(8, fix.lastVerdict());
                ps.setString(9, fix.lastResultJson());
                db.setTime(ps, 10, fix.verifiedAt());
                return ps.executeUpdate();
            }
        });
    }

    /** The fixes of a project (of one pattern, unless {@code patternId} is null), oldest deployment first. */
    public List<FixRecord> fixes(String project, String patternId) {
        return db.read(c -> {
            List<FixRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT fix_id, pattern_id, deployed_at, prompt_version,"
                    + " note, created_at, last_verdict, last_result, verified_at FROM fixes WHERE project = ?"
                    + (patternId == null ? "" : " AND pattern_id = ?") + " ORDER BY deployed_at, "
                    + db.byCodePoint("fix_id"))) {
                ps.setString(1, project);
                if (patternId != null) {
                    ps.setString(2, patternId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new FixRecord(project, rs.getString(1), rs.getString(2), db.time(rs, 3),
                                rs.getString(4), db.text(rs, 5), db.time(rs, 6), rs.getString(7), rs.getString(8),
                                db.time(rs, 9)));
                    }
                }
            }
            return out;
        });
    }
}
