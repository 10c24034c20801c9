package dev.feedloop.store.sqlite;

import dev.feedloop.store.RetentionStore.Dropped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * Retention on SQLite: the text columns of responses are NOT NULL here, so their text becomes empty;
 * the JSON of retrieved documents loses its "text" fields (SQLite's JSON1 functions).
 */
final class SqliteRetention {
    private static final String WATERMARK = "retention.text_dropped_before:";
    private final ConnectionPool readers;
    private final GroupCommitter writer;

    SqliteRetention(SqliteParts parts) {
        this.readers = parts.readers();
        this.writer = parts.writer();
    }

    Dropped dropText(String project, Instant from, Instant to) {
        return writer.submit(c -> {
            long feedback;
            try (PreparedStatement ps = c.prepareStatement("UPDATE feedback SET edited_output = NULL,"
                    + " comment = CASE WHEN comment IS NULL THEN NULL ELSE '' END WHERE project = ?"
                    + " AND request_id IN (SELECT request_id FROM responses WHERE project = ? AND ts >= ? AND ts < ?)"
                    + " AND (edited_output IS NOT NULL OR comment <> '')")) {
                ps.setString(1, project);
                ps.setString(2, project);
                ps.setLong(3, from.toEpochMilli());
                ps.setLong(4, to.toEpochMilli());
                feedback = ps.executeUpdate();
            }
            long responses;
            try (PreparedStatement ps = c.prepareStatement("UPDATE responses SET user_input = '', llm_output = '',"
                    + " retrieved_context = CASE WHEN retrieved_context IS NULL THEN NULL ELSE"
                    + " (SELECT json_group_array(json_remove(value, '$.text')) FROM json_each(responses.retrieved_context))"
                    + " END WHERE project = ? AND ts >= ? AND ts < ? AND (user_input <> '' OR llm_output <> '')")) {
                ps.setString(1, project);
                ps.setLong(2, from.toEpochMilli());
                ps.setLong(3, to.toEpochMilli());
                responses = ps.executeUpdate();
            }
            return new Dropped(responses, feedback);
        });
    }

    Optional<Instant> oldestResponse(String project) {
        return readers.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT min(ts) FROM responses WHERE project = ?")) {
                ps.setString(1, project);
                try (ResultSet rs = ps.executeQuery()) {
                    long ts = rs.getLong(1);
                    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ts));
                }
            }
        });
    }

    Optional<Instant> textDroppedBefore(String project) {
        return readers.read(c -> {
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
        writer.submit(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO settings (name, value) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
                ps.setString(1, WATERMARK + project);
                ps.setString(2, Long.toString(cutoff.toEpochMilli()));
                return ps.executeUpdate();
            }
        });
    }
}
