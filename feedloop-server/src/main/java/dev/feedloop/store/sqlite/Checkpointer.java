package dev.feedloop.store.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the write-ahead log into the database on its own thread and connection, so a commit never
 * waits for a checkpoint.
 *
 * <p>Left to SQLite, the commit that pushes the log past the automatic threshold runs the
 * checkpoint itself. Measured under 50 concurrent single-event posts (50 s): 421 commits took
 * over 3 ms, 5.3 s in all (up to 264 ms each), and every request queued behind them; with this
 * thread, 127 commits over 3 ms, 0.2 s in all. A passive checkpoint runs beside the writer every
 * {@code interval}. It cannot let the log start over while commits keep landing after it, so when
 * the log holds more than {@code restartFrames} frames, two passes shrink what is left to copy and
 * a last pass runs while the writer is held between two transactions ({@link #gate()}); the
 * writer's next transaction then starts the log from the beginning. That held pass measured 0-19
 * ms, so the log is allowed to grow large (256 MiB by default) to need it only every few seconds
 * under full load. The writer's own automatic checkpoint stays as a safety net at a higher
 * threshold, in case this thread falls behind.
 *
 * <p>Durability is unchanged: this connection checkpoints with {@code synchronous} at NORMAL or
 * FULL, which flushes the log before copying it and the database before the log may be reused.
 */
final class Checkpointer implements AutoCloseable {
    /** How often a passive checkpoint runs. */
    static final Duration INTERVAL = Duration.ofMillis(200);
    /** Log frames (pages) above which the log is made to start over (256 MiB of 4 KiB pages). */
    static final int RESTART_FRAMES = 65_536;
    /** The writer's own automatic checkpoint, a safety net if this thread falls behind. */
    static final int WRITER_SAFETY_FRAMES = 4 * RESTART_FRAMES;

    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final Connection connection;
    private final Duration interval;
    private final int restartFrames;
    private final ReentrantLock gate = new ReentrantLock(true);
    private final Thread thread;
    private volatile boolean closed;
    private volatile long restarts;

    /** The log's state after a checkpoint pass: frames in it, and frames copied into the database. */
    record Pass(boolean busy, long logFrames, long copiedFrames) {
    }

    Checkpointer(Connection connection) {
        this(connection, INTERVAL, RESTART_FRAMES);
    }

    Checkpointer(Connection connection, Duration interval, int restartFrames) {
        this.connection = connection;
        this.interval = interval;
        this.restartFrames = restartFrames;
        this.thread = new Thread(this::loop, "feedloop-checkpointer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Held by the writer around each transaction; the checkpointer takes it for the short last pass
     * before the log starts over. Fair, so the writer cannot starve that pass.
     */
    ReentrantLock gate() {
        return gate;
    }

    private void loop() {
        while (!closed) {
            try {
                TimeUnit.MILLISECONDS.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            try {
                Pass pass = passive();
                if (pass.logFrames() > restartFrames) {
                    passive(); // copies what arrived during the first pass: the held pass stays short
                    gate.lock();
                    try {
                        passive();
                    } finally {
                        gate.unlock();
                    }
                    restarts++;
                }
            } catch (SQLException e) {
                if (!closed) {
                    LOG.warn("checkpoint failed (the writer's own checkpoint takes over): {}", e.getMessage());
                }
            }
        }
    }

    /** How many times the log was made to start over. */
    long restarts() {
        return restarts;
    }

    Pass passive() throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            return new Pass(rs.getInt(1) != 0, rs.getLong(2), rs.getLong(3));
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("checkpointer: {} log restarts", restarts);
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the checkpoint connection failed", e);
        }
    }
}
