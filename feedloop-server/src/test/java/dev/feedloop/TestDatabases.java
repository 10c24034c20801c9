package dev.feedloop;

import dev.feedloop.store.postgres.TestPostgres;
import java.nio.file.Path;

/**
 * The database a test that runs on both stores opens: a SQLite file in the test's folder, or, when
 * the build runs the suite again with {@code -Dfeedloop.test.store=postgres} (feedloop-server's pom
 * does), a fresh schema of the embedded PostgreSQL.
 */
public final class TestDatabases {
    private TestDatabases() {
    }

    public static boolean postgres() {
        return "postgres".equals(System.getProperty("feedloop.test.store"));
    }

    /** The {@code --db} value for a new, empty database. */
    public static String fresh(Path dir, String fileName) {
        return postgres() ? TestPostgres.freshUrl() : dir.resolve(fileName).toString();
    }
}
