package dev.feedloop.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class IngestOrderTest {
    /** One row: how many ms after the previous one it was ingested, and whether it is deleted later. */
    record Row(int step, boolean deleted) {
    }

    @Provide
    Arbitrary<List<Row>> rows() {
        // small steps so that many rows share a millisecond; deletions leave gaps in the rowids
        return Arbitraries.integers().between(0, 3)
                .flatMap(step -> Arbitraries.of(true, false, false).map(deleted -> new Row(step, deleted)))
                .list().ofMaxSize(300);
    }

    @Property(tries = 200)
    void agreesWithAScanForEveryTime(@ForAll("rows") List<Row> rows) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE feedback (event_id TEXT, ingested_at BIGINT NOT NULL)");
            }
            List<long[]> kept = new ArrayList<>(); // rowid, ingested_at
            long time = 1_000;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO feedback VALUES (?, ?)");
                    PreparedStatement delete = c.prepareStatement("DELETE FROM feedback WHERE rowid = ?")) {
                for (Row row : rows) {
                    time += row.step();
                    insert.setString(1, "e" + time);
                    insert.setLong(2, time);
                    insert.executeUpdate();
                    // a deleted top row's rowid is given again: the order holds among the rows kept
                    long rowid = lastRowid(c);
                    if (row.deleted()) {
                        delete.setLong(1, rowid);
                        delete.executeUpdate();
                    } else {
                        kept.add(new long[] {rowid, time});
                    }
                }
            }
            for (long t = 998; t <= time + 1; t++) {
                long from = IngestOrder.firstRowIngestedAfter(c, "feedback", t);
                for (long[] row : kept) {
                    assertThat(row[0] >= from).as("row %d ingested at %d, asked after %d, from %d", row[0], row[1], t, from)
                            .isEqualTo(row[1] > t);
                }
            }
        }
    }

    private static long lastRowid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT last_insert_rowid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anEmptyTableStartsAtTheFirstRowid() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE responses (ingested_at BIGINT NOT NULL)");
            }
            assertThat(IngestOrder.firstRowIngestedAfter(c, "responses", 0)).isEqualTo(1);
        }
    }

    @Test
    void onlyTheIngestedTablesHaveAnOrder() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            assertThatThrownBy(() -> IngestOrder.firstRowIngestedAfter(c, "api_keys; DROP TABLE x", 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
