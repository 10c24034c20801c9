package dev.feedloop.store.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Values between records and PostgreSQL's columns. PostgreSQL's text and jsonb cannot hold the NUL
 * character, which records may carry (SQLite keeps it); it is stored as U+FFFF followed by '0', and
 * U+FFFF itself (a noncharacter, not meant to appear in text) as two of them, so every string reads
 * back unchanged. Times are kept to the millisecond, as the SQLite store keeps them.
 */
final class PgText {
    private static final char MARK = '\uFFFF';

    private PgText() {
    }

    /** The stored form of a text; null stays null. */
    static String escape(String s) {
        if (s == null || (s.indexOf('\u0000') < 0 && s.indexOf(MARK) < 0)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\u0000') {
                b.append(MARK).append('0');
            } else if (ch == MARK) {
                b.append(MARK).append(MARK);
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    /** The text a stored form stands for. */
    static String unescape(String s) {
        if (s == null || s.indexOf(MARK) < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == MARK && i + 1 < s.length()) {
                char next = s.charAt(++i);
                b.append(next == '0' ? '\u0000' : next);
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    static OffsetDateTime ts(Instant at) {
        if (at == null) {
            return null;
        }
        // not OffsetDateTime.ofInstant: it builds the offset's ZoneRules on every call, a hot spot of batched ingest
        int nanos = at.getNano() / 1_000_000 * 1_000_000;
        return OffsetDateTime.of(LocalDateTime.ofEpochSecond(at.getEpochSecond(), nanos, ZoneOffset.UTC), ZoneOffset.UTC);
    }

    static void setTs(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, ts(at));
        }
    }

    static Instant instant(ResultSet rs, int index) throws SQLException {
        OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Double nullableDouble(ResultSet rs, int index) throws SQLException {
        double v = rs.getDouble(index);
        return rs.wasNull() ? null : v;
    }

    static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }
}
