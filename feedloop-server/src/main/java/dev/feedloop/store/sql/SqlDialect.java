package dev.feedloop.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * What one database does its own way, for the SQL both stores share ({@link SqlStore}): how work
 * reaches a connection (SQLite's reader pool and single writer, PostgreSQL's pool and retried transactions),
 * how a time is stored (epoch milliseconds, {@code timestamptz}), how text is stored (PostgreSQL's
 * text cannot hold NUL, see {@code PgText}) and how text sorts byte by byte. Everything else, the
 * tables, columns and statements, is the same on both, {@code INSERT ... ON CONFLICT} included.
 */
public interface SqlDialect {
    /** Work on a connection. */
    interface Work<R> {
        R run(Connection connection) throws SQLException;
    }

    /** Runs a read. */
    <R> R read(Work<R> read);

    /** Runs work in one transaction, committed before this returns. */
    <R> R write(Work<R> work);

    /** Binds a time; null binds SQL NULL. */
    void setTime(PreparedStatement ps, int index, Instant at) throws SQLException;

    /** Reads a time; null for SQL NULL. */
    Instant time(ResultSet rs, int index) throws SQLException;

    /** Binds a text that may be null, in its stored form. */
    void setText(PreparedStatement ps, int index, String text) throws SQLException;

    /** Reads a text bound by {@link #setText}. */
    String text(ResultSet rs, int index) throws SQLException;

    /** An {@code ORDER BY} term that sorts a text column by code point, whatever the database's collation. */
    String byCodePoint(String column);

    /** An {@code ORDER BY} term for the order rows were added in: SQLite's rowid, PostgreSQL's {@code seq}. */
    String insertionOrder();
}
