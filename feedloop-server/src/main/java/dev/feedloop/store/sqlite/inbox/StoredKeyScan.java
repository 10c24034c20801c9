package dev.feedloop.store.sqlite.inbox;

import dev.feedloop.store.sqlite.ConnectionPool;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.BinaryOperator;

/**
 * Reads every key of {@code responses} and {@code feedback} for a {@link StoredKeys} build, along
 * their primary-key indexes, in pages of {@link #PAGE} keys: each page is its own short read, so a
 * scan of millions of rows never holds one snapshot open (which would keep the WAL from being
 * checkpointed meanwhile). Rows stored while it runs need not be seen: see {@link StoredKeys}.
 */
final class StoredKeyScan implements StoredKeys.Scan {
    static final int PAGE = 20_000;

    private final ConnectionPool readers;

    StoredKeyScan(ConnectionPool readers) {
        this.readers = readers;
    }

    @Override
    public long estimate() {
        // rowids count the rows ever inserted (deleted ones too): never below the number held
        return readers.readNow(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT coalesce(max(rowid), 0) FROM responses)"
                    + " + (SELECT coalesce(max(rowid), 0) FROM feedback)");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public void keys(KeyFilter into) throws SQLException {
        scan("responses", "request_id", PendingKeys::responseKey, into);
        scan("feedback", "event_id", PendingKeys::feedbackKey, into);
    }

    private void scan(String table, String id, BinaryOperator<String> key, KeyFilter into) throws SQLException {
        String sql = "SELECT project, " + id + " FROM " + table + " WHERE (project, " + id + ") > (?, ?)"
                + " ORDER BY project, " + id + " LIMIT " + PAGE;
        String[] after = {"", ""};
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new SQLException("the scan of stored keys was interrupted");
            }
            int read = readers.readNow(c -> {
                int n = 0;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, after[0]);
                    ps.setString(2, after[1]);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            after[0] = rs.getString(1);
                            after[1] = rs.getString(2);
                            into.add(PendingKeys.fingerprint(key.apply(after[0], after[1])));
                            n++;
                        }
                    }
                }
                return n;
            });
            if (read < PAGE) {
                return;
            }
        }
    }
}
