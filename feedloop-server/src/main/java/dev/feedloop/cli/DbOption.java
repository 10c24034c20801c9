package dev.feedloop.cli;

import dev.feedloop.Feedloop;
import dev.feedloop.config.Settings;
import dev.feedloop.store.sqlite.SqliteStore;
import java.time.Clock;
import picocli.CommandLine.Option;

/** The {@code --db} option every command shares, and opening Feedloop on it. */
final class DbOption {
    @Option(names = "--db", paramLabel = "PATH|URL",
            description = "SQLite database file or jdbc:sqlite: URL, or a PostgreSQL URL"
                    + " jdbc:postgresql://host:5432/db?user=NAME (default: $FEEDLOOP_DB or ./feedloop.db).")
    String db;

    String resolve() {
        return db != null ? db : Settings.get(Settings.DB, System.getenv());
    }

    /**
     * Opens an existing database: commands that only read or correct what is there must not leave an
     * empty database behind a mistyped path.
     *
     * @throws IllegalArgumentException when there is no database at the path
     */
    Feedloop open() {
        String path = resolve();
        if (!Feedloop.exists(path)) {
            throw new IllegalArgumentException("there is no database at " + path + "; give --db (or FEEDLOOP_DB) the"
                    + " path of an existing one (a new one is created by 'feedloop serve', 'feedloop import' or"
                    + " 'feedloop demo --db PATH')");
        }
        return openOrCreate();
    }

    /** Opens the database, creating and migrating it when it does not exist yet. */
    Feedloop openOrCreate() {
        var env = System.getenv();
        SqliteStore.Durability durability = Settings.get(Settings.DURABILITY, env).equals("full")
                ? SqliteStore.Durability.FULL : SqliteStore.Durability.NORMAL;
        return Feedloop.open(resolve(), Clock.systemUTC(), durability, Settings.get(Settings.API_KEY, env),
                Settings.get(Settings.PSEUDONYM_SECRET, env));
    }
}
