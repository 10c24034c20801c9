package dev.feedloop.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Where, in a table's rowid order, the rows ingested after a given time begin.
 *
 * <p>{@code feedback} and {@code responses} rows are inserted by one writer in the order they are
 * ingested, each with its {@code ingested_at} taken at that moment, and SQLite gives a new row a
 * rowid above every existing one. So {@code ingested_at} never decreases along the rowid order, and
 * "ingested after t" is "rowid from some r on": found by binary search on the table's own B-tree,
 * about 25 lookups for 30 million rows, instead of a second index on {@code ingested_at} that every
 * ingested row would have to update. (Should the clock step back, rows ingested around the step
 * are found a moment early or late: the readers are background catch-ups that triage backs up.)
 *
 * <p>Rowids are not kept anywhere: {@code VACUUM} may renumber them, and each call asks afresh.
 */
final class IngestOrder {
    private IngestOrder() {
    }

    /**
     * The smallest rowid from which on every row of {@code table} was ingested after
     * {@code ingestedAfter} (epoch ms): one above the largest rowid when there is none.
     *
     * @param table {@code feedback} or {@code responses}
     */
    static long firstRowIngestedAfter(Connection c, String table, long ingestedAfter) throws SQLException {
        if (!table.equals("feedback") && !table.equals("responses")) {
            throw new IllegalArgumentException("no ingest order for table " + table);
        }
        long low;
        long high;
        try (PreparedStatement bounds = c.prepareStatement("SELECT min(rowid), max(rowid) FROM " + table);
                ResultSet rs = bounds.executeQuery()) {
            rs.next();
            if (rs.getObject(1) == null) {
                return 1;
            }
            low = rs.getLong(1);
            high = rs.getLong(2) + 1;
        }
        // invariant: every row below 'low' was ingested at or before the time, and the first row at
        // or above 'high' (if any) after it
        try (PreparedStatement probe = c.prepareStatement(
                "SELECT rowid, ingested_at FROM " + table + " WHERE rowid >= ? ORDER BY rowid LIMIT 1")) {
            while (low < high) {
                long mid = low + (high - low) / 2;
                probe.setLong(1, mid);
                try (ResultSet rs = probe.executeQuery()) {
                    if (!rs.next()) {
                        high = mid; // rows at the top were deleted meanwhile
                    } else if (rs.getLong(2) > ingestedAfter) {
                        high = mid;
                    } else {
                        low = rs.getLong(1) + 1; // skips the gap below the row found too
                    }
                }
            }
        }
        return low;
    }
}
