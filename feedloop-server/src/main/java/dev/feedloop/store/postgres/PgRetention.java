package dev.feedloop.store.postgres;

import dev.feedloop.store.RetentionStore.Dropped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * Retention on PostgreSQL: the text columns become NULL (read back as empty text), the jsonb of
 * retrieved documents loses its "text" fields. Feedback is found through its responses (by
 * {@code feedback_by_request}), since feedback has no index on time.
 */
final class PgRetention {
    private static final String WATERMARK = "retention.text_dropped_before:";
    private final PgDatabase db;

    PgRetention(PgDatabase db) {
        this.db = db;
    }

    Dropped dropText(String project, Instant from, Instant to) {
        return db.inTransaction(c -> {
            long feedback;
            try (PreparedStatement ps = c.prepareStatement("UPDATE feedback f SET edited_output = NULL,"
                    + " comment = CASE WHEN f.comment IS NULL THEN NULL ELSE '' END FROM responses r"
                    + " WHERE r.project = ? AND r.ts >= ? AND r.ts < ? AND f.project = r.project"
                    + " AND f.request_id = r.request_id AND (f.edited_output IS NOT NULL OR f.comment <> '')")) {
                PgTriage.bindWindow(ps, project, from, to);
                feedback = ps.executeUpdate();
            }
            long responses;
            try (PreparedStatement ps = c.prepareStatement("UPDATE responses SET user_input = NULL, llm_output = NULL,"
                    + " retrieved_context = CASE WHEN retrieved_context IS NULL THEN NULL ELSE"
                    + " (SELECT jsonb_agg(d - 'text') FROM jsonb_array_elements(retrieved_context) d) END"
                    + " WHERE project = ? AND ts >= ? AND ts < ? AND (user_input IS NOT NULL OR llm_output IS NOT NULL)")) {
                PgTriage.bindWindow(ps, project, from, to);
                responses = ps.executeUpdate();
            }
            return new Dropped(responses, feedback);
        });
    }

    Optional<Instant> oldestResponse(String project) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT min(ts) FROM responses WHERE project = ?")) {
                ps.setString(1, project);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Optional.ofNullable(PgText.instant(rs, 1));
                }
            }
        });
    }

    Optional<Instant> textDroppedBefore(String project) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
                ps.setString(1, WATERMARK + project);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Instant.ofEpochMilli(Long.parseLong(rs.getString(1))))
                            : Optional.empty();
                }
            }
        });
    }

    void textDroppedBefore(String project, Instant cutoff) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO settings (name, value) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
                ps.setString(1, WATERMARK + project);
                ps.setString(2, Long.toString(cutoff.toEpochMilli()));
                return ps.executeUpdate();
            }
        });
    }
}
