package dev.feedloop.cli;

import dev.feedloop.capture.CaptureRules;
import dev.feedloop.config.Settings;
import dev.feedloop.store.postgres.FromSqlite;
import dev.feedloop.store.postgres.PostgresStore;
import dev.feedloop.store.postgres.PostgresUrl;
import dev.feedloop.store.sqlite.SqliteStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Moves a SQLite database into PostgreSQL. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Copy everything of a SQLite database into PostgreSQL: responses, feedback, keys,",
            "settings, patterns and their history, triage runs, assignments, fixes, tickets, the outbox,",
            "analyses and the embedding cache. Stop the servers on the SQLite file first.",
            "Rows keep their keys; a row already in the target is skipped, so an interrupted migrate",
            "continues when run again. Prints each table's rows on both sides at the end.",
            "Exit code: 0 when every table is complete in PostgreSQL, 1 otherwise."})
final class MigrateCommand implements Callable<Integer> {
    /** Rows per committed batch: big enough for multi-row inserts, small enough to lose little when interrupted. */
    static final int BATCH = 2_000;

    @Option(names = "--from", required = true, paramLabel = "PATH", description = "The SQLite database file.")
    Path from;

    @Option(names = "--to", required = true, paramLabel = "URL",
            description = "jdbc:postgresql://host:5432/db?user=NAME (password from $FEEDLOOP_DB_PASSWORD or the URL).")
    String to;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!to.startsWith(PostgresUrl.PREFIX)) {
            throw new IllegalArgumentException("--to must be a PostgreSQL URL, jdbc:postgresql://host:5432/db?user=NAME");
        }
        if (!Files.isRegularFile(from)) {
            throw new IllegalArgumentException("there is no SQLite database at " + from + "; give --from the path of"
                    + " the feedloop.db to move");
        }
        PostgresUrl target = PostgresUrl.parse(to, Settings.get(Settings.DB_PASSWORD, System.getenv()));
        // opening the SQLite store moves what a crash left in its inbox and brings its schema up to date;
        // opening the PostgreSQL one creates or updates its tables
        SqliteStore.open(from, Clock.systemUTC(), SqliteStore.Durability.FULL, CaptureRules.STANDARD).close();
        PostgresStore.open(target, Clock.systemUTC(), CaptureRules.STANDARD).close();

        long[] lastPrint = {0};
        List<FromSqlite.TableCount> counts = new FromSqlite(from, target, BATCH).copy((table, done, total) -> {
            long now = System.nanoTime();
            if (done == total || now - lastPrint[0] > 2_000_000_000L) {
                lastPrint[0] = now;
                err.printf("%s: %,d of %,d rows%n", table, done, total);
                err.flush();
            }
        });

        Table table = new Table("", "table", ">sqlite", ">postgresql", "");
        boolean complete = true;
        for (FromSqlite.TableCount c : counts) {
            table.row(c.table(), String.format("%,d", c.source()), String.format("%,d", c.target()),
                    !c.complete() ? "MISSING ROWS" : c.target() > c.source() ? "(the target had rows of its own)" : "ok");
            complete &= c.complete();
        }
        table.print(out);
        out.println(complete ? "Every row of " + from + " is in " + target.display() + "."
                : "Some rows are missing in " + target.display() + "; run the same command again to continue.");
        return complete ? 0 : 1;
    }
}
