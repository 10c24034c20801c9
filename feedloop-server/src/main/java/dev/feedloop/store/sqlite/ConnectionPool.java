package dev.feedloop.store.sqlite;

import dev.feedloop.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteDataSource;

/**
 * A few read connections. SQLite in WAL mode lets readers run beside the single writer, so reads
 * never wait for a commit; a fixed set of connections avoids reopening the file per query.
 */
public final class ConnectionPool implements AutoCloseable {
    private final BlockingQueue<Connection> idle;
    private final SQLiteDataSource source;
    private volatile Runnable beforeRead = () -> { };

    ConnectionPool(SQLiteDataSource source, int size) {
        this.source = source;
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            idle.add(open());
        }
    }

    Connection open() {
        try {
            return source.getConnection();
        } catch (SQLException e) {
            throw new StoreException(SqliteProblems.describe(Path.of(source.getUrl().substring("jdbc:sqlite:".length())), e),
                    e);
        }
    }

    public interface Read<R> {
        R run(Connection connection) throws SQLException;
    }

    /** Runs before every read (the store waits there for acknowledged writes to be applied). */
    void beforeRead(Runnable hook) {
        this.beforeRead = hook;
    }

    <R> R read(Read<R> read) {
        beforeRead.run();
        return readNow(read);
    }

    /**
     * A read of tables ingest never writes (API keys, settings): it skips {@link #beforeRead}, so it
     * neither waits for nor hurries the ingest inbox. Authenticating every request through
     * {@link #read} would let each unknown key force a small apply.
     */
    public <R> R readNow(Read<R> read) {
        Connection c;
        try {
            c = idle.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a database connection", e);
        }
        if (c == null) {
            throw new StoreException("no database connection became free within 30 s", null);
        }
        try {
            return read.run(c);
        } catch (SQLException e) {
            throw new StoreException("read failed: " + SqliteProblems.inUse(e), e);
        } finally {
            idle.add(c);
        }
    }

    @Override
    public void close() {
        Connection c;
        while ((c = idle.poll()) != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing at shutdown: nothing left to protect
            }
        }
    }
}
