package dev.feedloop.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.feedloop.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The pool and the two ways the store uses it: a read on a pooled connection, and a unit of work in
 * one committed transaction (retried once when PostgreSQL cancels it for a deadlock or a
 * serialization failure, which concurrent instances can cause).
 */
final class PgDatabase implements AutoCloseable {
    private final HikariDataSource pool;
    private final String name;

    PgDatabase(HikariDataSource pool, String name) {
        this.pool = pool;
        this.name = name;
    }

    interface Work<R> {
        R run(Connection connection) throws SQLException;
    }

    /** Runs a read in autocommit mode. */
    <R> R read(Work<R> read) {
        try (Connection c = connection()) {
            return read.run(c);
        } catch (SQLException e) {
            throw new StoreException("read failed on " + name + ": " + PgProblems.message(e), e);
        }
    }

    /** Runs work in one transaction, committed before this returns. */
    <R> R inTransaction(Work<R> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = connection()) {
                c.setAutoCommit(false);
                try {
                    R result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollback(c);
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (attempt < 3 && PgProblems.retriable(e)) {
                    continue;
                }
                throw new StoreException("write failed on " + name + ": " + PgProblems.message(e), e);
            }
        }
    }

    /** A connection of the pool, to hold for a while (a session lock); the caller closes it. */
    Connection connection() throws SQLException {
        if (pool.isClosed()) {
            throw new StoreException("the database " + name + " is closed", null);
        }
        return pool.getConnection();
    }

    boolean open() {
        return !pool.isClosed();
    }

    String name() {
        return name;
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
