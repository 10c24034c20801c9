package dev.feedloop.store.postgres;

import dev.feedloop.store.sql.SqlDialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** PostgreSQL's side of the shared SQL: pooled reads, retried transactions, timestamptz, escaped text. */
final class PgDialect implements SqlDialect {
    private final PgDatabase db;

    PgDialect(PgDatabase db) {
        this.db = db;
    }

    @Override
    public <R> R read(Work<R> read) {
        return db.read(read::run);
    }

    @Override
    public <R> R write(Work<R> work) {
        return db.inTransaction(work::run);
    }

    @Override
    public void setTime(PreparedStatement ps, int index, Instant at) throws SQLException {
        PgText.setTs(ps, index, at);
    }

    @Override
    public Instant time(ResultSet rs, int index) throws SQLException {
        return PgText.instant(rs, index);
    }

    @Override
    public void setText(PreparedStatement ps, int index, String text) throws SQLException {
        ps.setString(index, PgText.escape(text));
    }

    @Override
    public String text(ResultSet rs, int index) throws SQLException {
        return PgText.unescape(rs.getString(index));
    }

    @Override
    public String byCodePoint(String column) {
        return column + " COLLATE \"C\"";
    }

    @Override
    public String insertionOrder() {
        return "seq";
    }
}
