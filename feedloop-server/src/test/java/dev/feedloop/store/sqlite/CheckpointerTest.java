package dev.feedloop.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log is copied and started over by the checkpointer, never by the writer, under constant writes. */
class CheckpointerTest {
    @TempDir
    Path dir;

    @Test
    void theLogStartsOverWhileWritesNeverStop() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("c.db");
        try (Connection setup = DriverManager.getConnection(url); Statement st = setup.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("CREATE TABLE t (v BLOB)");
        }
        Connection writerConnection = DriverManager.getConnection(url);
        try (Statement st = writerConnection.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint = 0"); // only the checkpointer copies the log
            st.execute("PRAGMA journal_size_limit = 0"); // the file shrinks when the log starts over
        }
        Checkpointer checkpointer = new Checkpointer(DriverManager.getConnection(url), Duration.ofMillis(10), 200);
        byte[] row = new byte[2_000];
        int rows = 20_000; // about 40 MiB of pages written: far more than the log may hold
        long largestLog = 0;
        try (GroupCommitter writer = new GroupCommitter(writerConnection, null, checkpointer.gate(), "test-writer")) {
            List<CompletableFuture<Integer>> pending = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                pending.add(writer.submitAsync(c -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
                        ps.setBytes(1, row);
                        return ps.executeUpdate();
                    }
                }));
                if (pending.size() == 500) {
                    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                    pending.clear();
                    largestLog = Math.max(largestLog, Files.size(dir.resolve("c.db-wal")));
                }
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            checkpointer.close();
        }
        assertThat(checkpointer.restarts()).isPositive();
        assertThat(largestLog).isLessThan(rows * (long) row.length / 4);
        try (Connection check = DriverManager.getConnection(url); Statement st = check.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
            assertThat(rs.getLong(1)).isEqualTo(rows);
        }
    }

    @Test
    void aPassiveCheckpointReportsTheLog() throws SQLException {
        String url = "jdbc:sqlite:" + dir.resolve("p.db");
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("PRAGMA wal_autocheckpoint = 0");
            st.execute("CREATE TABLE t (v INTEGER)");
            st.execute("INSERT INTO t VALUES (1)");
            Checkpointer checkpointer = new Checkpointer(DriverManager.getConnection(url), Duration.ofHours(1), 1);
            try {
                Checkpointer.Pass pass = checkpointer.passive();
                assertThat(pass.logFrames()).isPositive();
                assertThat(pass.copiedFrames()).isEqualTo(pass.logFrames());
            } finally {
                checkpointer.close();
            }
        }
    }
}
