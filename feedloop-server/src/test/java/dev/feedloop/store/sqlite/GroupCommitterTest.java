package dev.feedloop.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipelined group commit: nothing is acknowledged before the log flush that covers it. */
class GroupCommitterTest {
    @TempDir
    Path dir;
    private String url;
    private Connection reader;

    @BeforeEach
    void schema() throws SQLException {
        url = "jdbc:sqlite:" + dir.resolve("t.db");
        reader = DriverManager.getConnection(url);
        try (Statement st = reader.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("CREATE TABLE t (v INTEGER)");
        }
    }

    @AfterEach
    void closeReader() throws SQLException {
        reader.close();
    }

    private GroupCommitter writer(WalSync.Barrier barrier) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA synchronous = NORMAL");
        }
        return new GroupCommitter(c, new WalSync(barrier), null, "test-writer");
    }

    private static CompletableFuture<Integer> insert(GroupCommitter writer, int v) {
        return writer.submitAsync(c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate("INSERT INTO t VALUES (" + v + ")");
            }
        });
    }

    private long rows() throws SQLException {
        try (Statement st = reader.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
            return rs.getLong(1);
        }
    }

    @Test
    void acknowledgesOnlyAfterTheFlushThatFollowsTheCommit() throws Exception {
        CountDownLatch flushMayFinish = new CountDownLatch(1);
        AtomicInteger flushes = new AtomicInteger();
        try (GroupCommitter writer = writer(() -> {
            try {
                flushMayFinish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flushes.incrementAndGet();
        })) {
            CompletableFuture<Integer> first = insert(writer, 1);
            // committed (another connection sees it) but not flushed, so not acknowledged
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (rows() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(rows()).isEqualTo(1);
            // the writer does not wait for the flush: a second write commits meanwhile
            CompletableFuture<Integer> second = insert(writer, 2);
            while (rows() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(rows()).isEqualTo(2);
            Thread.sleep(50);
            assertThat(first).isNotDone();
            assertThat(second).isNotDone();

            flushMayFinish.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(flushes.get()).isBetween(1, 2);
        }
    }

    @Test
    void aFailedFlushFailsItsWritesAndEveryLaterOne() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (GroupCommitter writer = writer(() -> {
            calls.incrementAndGet();
            throw new IOException("disk on fire");
        })) {
            CompletableFuture<Integer> write = insert(writer, 1);
            assertThatThrownBy(() -> write.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(StoreException.class)
                    .hasMessageContaining("disk on fire");
            assertThat(writer.isAlive()).isFalse();
            assertThatThrownBy(() -> insert(writer, 2).get(10, TimeUnit.SECONDS))
                    .hasMessageContaining("stopped accepting writes");
            assertThat(calls.get()).isEqualTo(1);
        }
    }

    @Test
    void closeFlushesAndAcknowledgesWhatIsQueued() throws Exception {
        AtomicInteger flushes = new AtomicInteger();
        CompletableFuture<Integer> last;
        try (GroupCommitter writer = writer(flushes::incrementAndGet)) {
            for (int i = 0; i < 99; i++) {
                insert(writer, i);
            }
            last = insert(writer, 99);
        }
        assertThat(last).isCompletedWithValue(1);
        assertThat(rows()).isEqualTo(100);
        assertThat(flushes.get()).isPositive();
    }

    @Test
    void theRealBarrierFlushesTheLogFile() throws Exception {
        try (GroupCommitter writer = writer(WalSync.walFileOf(dir.resolve("t.db")))) {
            assertThat(insert(writer, 7).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void submit_diskFull_failsWithASentence_notTheDriversMessage() throws Exception {
        try (GroupCommitter writer = writer(() -> { })) {
            assertThatThrownBy(() -> writer.submit(c -> {
                throw new org.sqlite.SQLiteException("[SQLITE_FULL] Insertion failed because database is full"
                        + " (database or disk is full)", org.sqlite.SQLiteErrorCode.SQLITE_FULL);
            })).isInstanceOf(StoreException.class)
                    .hasMessage("write failed: the disk is full; free some space and try again");
        }
    }
}
