package dev.feedloop.store.sqlite;

import dev.feedloop.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer thread that batches concurrent writes into one transaction (group commit): every
 * caller waits until the transaction holding its work is committed, so an acknowledged write is
 * durable, while the cost of a commit (an fsync) is shared by everyone who arrived meanwhile.
 * A unit that fails is retried alone, so it does not fail its neighbours.
 *
 * <p>The writer thread only runs SQL. Completing a caller's future runs whatever the caller chained
 * on it (the HTTP server writes its answer there), so completions are handed to a small pool of
 * acknowledger threads: measured with async-profiler under 50 concurrent single-event posts, half
 * of the writer thread's time went to writing HTTP answers when it completed them itself.
 *
 * <p>With a {@link WalSync}, the connection commits without flushing and the sync thread flushes
 * the log before anything is acknowledged, so the writer runs the next transaction during the
 * flush instead of waiting for it.
 */
public final class GroupCommitter implements AutoCloseable {
    /** Bounds one transaction so a flood of writes still commits (and answers) regularly. */
    static final int MAX_UNITS_PER_COMMIT = 256;
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    public interface Work<R> {
        R run(Connection connection) throws SQLException;
    }

    private record Unit<R>(Work<R> work, CompletableFuture<R> done) {
    }

    /** Steps around each transaction, run on the writer thread. */
    public interface Hooks {
        /** Before the first unit of a transaction (again before each unit retried alone). */
        default void begin() {
        }

        /** After every unit ran and before the commit: part of the transaction. */
        default void beforeCommit(Connection connection) throws SQLException {
        }

        /** After a group is done, committed or not. */
        default void end() {
        }
    }

    private static final int CORES = Math.max(1, Runtime.getRuntime().availableProcessors());

    private static final Unit<Void> STOP = new Unit<>(c -> null, new CompletableFuture<>());

    private final Connection connection;
    private final boolean transactional;
    private final BlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final ExecutorService acknowledgers;
    private final WalSync sync;
    private final java.util.concurrent.locks.Lock gate;
    private volatile Hooks hooks = new Hooks() { };
    private volatile boolean closed;

    /**
     * The writer of a database file on {@code connection}: checkpoints are left to
     * {@code checkpointer} (the writer's own stays as a safety net at a higher threshold) and, for
     * full durability, commits reach the OS only and a {@link WalSync} flushes the log before
     * anything is acknowledged.
     */
    static GroupCommitter forFile(Connection connection, java.nio.file.Path file, SqliteStore.Durability durability,
            Checkpointer checkpointer, String threadName) throws SQLException {
        try (java.sql.Statement st = connection.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint = " + Checkpointer.WRITER_SAFETY_FRAMES);
            if (durability == SqliteStore.Durability.FULL) {
                st.execute("PRAGMA synchronous = NORMAL");
            }
        }
        WalSync sync = durability == SqliteStore.Durability.FULL ? new WalSync(WalSync.walFileOf(file)) : null;
        return new GroupCommitter(connection, sync, checkpointer.gate(), threadName);
    }

    /**
     * @param sync flushes the log before acknowledging, or null when each commit is durable by itself
     *             (or durability is not asked for)
     * @param gate held around each transaction (see {@link Checkpointer#gate()}), or null
     */
    GroupCommitter(Connection connection, WalSync sync, java.util.concurrent.locks.Lock gate, String threadName)
            throws SQLException {
        this(connection, true, sync, gate, threadName);
    }

    /**
     * @param transactional false when the groups only read the connection (the ingest inbox, whose
     *                      durable step is its own log): each statement then reads on its own, and
     *                      a group that reads nothing pays for no transaction
     */
    public GroupCommitter(Connection connection, boolean transactional, WalSync sync,
            java.util.concurrent.locks.Lock gate, String threadName) throws SQLException {
        this.connection = connection;
        this.transactional = transactional;
        this.sync = sync;
        this.gate = gate;
        connection.setAutoCommit(!transactional);
        int ackThreads = CORES;
        this.acknowledgers = Executors.newFixedThreadPool(ackThreads, r -> {
            Thread t = new Thread(r, "feedloop-ack");
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs {@code work} in the next transaction; the future completes once that transaction is
     * committed, so a caller need not hold a thread while it waits.
     */
    public <R> CompletableFuture<R> submitAsync(Work<R> work) {
        if (closed) {
            return CompletableFuture.failedFuture(new StoreException("the store is closed", null));
        }
        if (sync != null && !sync.healthy()) {
            return CompletableFuture.failedFuture(new StoreException("the store stopped accepting writes after"
                    + " flushing its log to disk failed; restart it once the disk is healthy", null));
        }
        CompletableFuture<R> done = new CompletableFuture<>();
        queue.add(new Unit<>(work, done));
        return done;
    }

    /** Runs {@code work} in the next transaction and returns once that transaction is committed. */
    <R> R submit(Work<R> work) {
        CompletableFuture<R> done = submitAsync(work);
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a commit", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StoreException("write failed: " + SqliteProblems.inUse(cause), cause);
        }
    }

    private void loop() {
        List<Unit<?>> group = new ArrayList<>();
        while (true) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(group, MAX_UNITS_PER_COMMIT - 1);
            boolean stop = removeStop(group);
            if (!group.isEmpty()) {
                if (gate != null) {
                    gate.lock();
                }
                try {
                    commit(group);
                } catch (Throwable e) {
                    // never leave callers waiting on a dead writer: fail this group, keep serving
                    LOG.error("the writer failed; {} writes are not stored", group.size(), e);
                    rollbackQuietly();
                    StoreException failure = new StoreException("write failed: " + SqliteProblems.inUse(e), e);
                    List<Unit<?>> failed = List.copyOf(group);
                    acknowledge(() -> failed.forEach(u -> u.done().completeExceptionally(failure)));
                } finally {
                    if (gate != null) {
                        gate.unlock();
                    }
                    runEnd();
                }
            }
            group.clear();
            if (stop) {
                return;
            }
        }
    }

    /**
     * Runs the group in one transaction. Writes are built not to fail (duplicates are ignored by the
     * SQL), so the common case pays for no savepoints (in SQLite each costs a statement compile);
     * when one unit does fail, the transaction is rolled back and each unit runs alone, so only the
     * failing one is refused.
     */
    private void commit(List<Unit<?>> group) {
        List<Object> results = new ArrayList<>(group.size());
        try {
            hooks.begin();
            for (Unit<?> unit : group) {
                results.add(unit.work().run(connection));
            }
            hooks.beforeCommit(connection);
            if (transactional) {
                connection.commit();
            }
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            if (group.size() == 1) {
                fail(group, e);
                return;
            }
            for (Unit<?> unit : group) {
                commit(List.of(unit));
            }
            return;
        }
        List<Unit<?>> units = List.copyOf(group);
        if (sync == null) {
            completeAll(units, results);
            return;
        }
        sync.afterCommit(new WalSync.Pending() {
            @Override
            public void durable() {
                completeAll(units, results);
            }

            @Override
            public void failed(java.io.IOException e) {
                fail(units, new StoreException("the write was committed but flushing it to disk failed: "
                        + e.getMessage(), e));
            }
        });
    }

    /**
     * Completes the committed units' futures on the acknowledger threads, in as many slices as
     * there are threads, so the answers are written in parallel while the writer starts the next
     * transaction.
     */
    private void completeAll(List<Unit<?>> units, List<Object> results) {
        // CORES is read once: in a container the JDK reads cgroup files on every availableProcessors()
        int slices = Math.min(units.size(), CORES);
        for (int s = 0; s < slices; s++) {
            int from = units.size() * s / slices;
            int to = units.size() * (s + 1) / slices;
            acknowledge(() -> {
                for (int i = from; i < to; i++) {
                    complete(units.get(i), results.get(i));
                }
            });
        }
    }

    private void fail(List<Unit<?>> group, Exception e) {
        StoreException failure = e instanceof StoreException se ? se
                : new StoreException("write failed: " + SqliteProblems.inUse(e), e);
        List<Unit<?>> failed = List.copyOf(group);
        acknowledge(() -> failed.forEach(u -> u.done().completeExceptionally(failure)));
    }

    private void acknowledge(Runnable completions) {
        try {
            acknowledgers.execute(completions);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            completions.run(); // only after close(): nobody else is left to answer
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> void complete(Unit<R> unit, Object result) {
        unit.done().complete((R) result);
    }

    private void rollbackQuietly() {
        if (!transactional) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed", e);
        }
    }

    /** Removes STOP (found by identity: record equality would compare every unit's fields). */
    private static boolean removeStop(List<Unit<?>> group) {
        for (int i = group.size() - 1; i >= 0; i--) {
            if (group.get(i) == STOP) {
                group.remove(i);
                return true;
            }
        }
        return false;
    }

    /** Sets the steps run around each transaction. */
    public void hooks(Hooks hooks) {
        this.hooks = hooks;
    }

    private void runEnd() {
        try {
            hooks.end();
        } catch (RuntimeException e) {
            LOG.warn("after-commit step failed", e);
        }
    }

    /** True when called on the writer thread (inside a {@link Work}). */
    public boolean onWriterThread() {
        return Thread.currentThread() == thread;
    }

    /** False once the writer thread has stopped: the store can no longer write. */
    public boolean isAlive() {
        return thread.isAlive() && !closed && (sync == null || sync.healthy());
    }

    /** Finishes every queued write, then stops the thread and closes the connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        try {
            thread.join();
            if (sync != null) {
                sync.close();
            }
            acknowledgers.shutdown();
            acknowledgers.awaitTermination(10, TimeUnit.SECONDS);
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.warn("closing the writer connection failed", e);
        }
    }
}
