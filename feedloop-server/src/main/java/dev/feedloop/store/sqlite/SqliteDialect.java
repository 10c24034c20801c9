package dev.feedloop.store.sqlite;

import dev.feedloop.store.sql.SqlDialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * SQLite's side of the shared SQL: reads on the reader pool, writes through the one group-commit
 * writer, times as epoch milliseconds, text as it is; SQLite's default collation already sorts by
 * code point (UTF-8 bytes).
 */
final class SqliteDialect implements SqlDialect {
    private final ConnectionPool readers;
    private final GroupCommitter writer;

    SqliteDialect(SqliteParts parts) {
        this.readers = parts.readers();
        this.writer = parts.writer();
    }

    @Override
    public <R> R read(Work<R> read) {
        return readers.read(read::run);
    }

    @Override
    public <R> R write(Work<R> work) {
        return writer.submit(work::run);
    }

    @Override
    public void setTime(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, at.toEpochMilli());
        }
    }

    @Override
    public Instant time(ResultSet rs, int index) throws SQLException {
        long millis = rs.getLong(index);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    @Override
    public void setText(PreparedStatement ps, int index, String text) throws SQLException {
        ps.setString(index, text);
    }

    @Override
    public String text(ResultSet rs, int index) throws SQLException {
        return rs.getString(index);
    }

    @Override
    public String byCodePoint(String column) {
        return column;
    }

    @Override
    public String insertionOrder() {
        return "rowid";
    }
}
