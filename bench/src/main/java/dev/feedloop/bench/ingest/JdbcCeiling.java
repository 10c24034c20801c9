package dev.feedloop.bench.ingest;

import dev.feedloop.capture.CaptureRules;
import dev.feedloop.store.sqlite.SqliteStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.Locale;
import org.sqlite.SQLiteConfig;

/**
 * The storage ceiling for batch ingest: plain JDBC inserts of feedback rows into a fresh database
 * made by the store's own migrations, one {@link PreparedStatement} batch per {@code --batch} rows,
 * each batch in its own transaction, with the same WAL and synchronous settings as the server.
 * The rows follow the distribution of {@code bench/ingest/batch.lua} (ids, signals, ratings, 1 in
 * 10 edited).
 *
 * <p>Usage: {@code JdbcCeiling --db FILE [--durability full|normal] [--batch 500] [--warmup 3]
 * [--seconds 20]}; prints one {@code CEILING key=value ...} line.
 */
public final class JdbcCeiling {
    private static final String INSERT_FEEDBACK = "INSERT INTO feedback (project, event_id, request_id, ts,"
            + " implicit_signal, explicit_rating, thumbs, edited_output, edit_magnitude, comment, ingested_at)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING";

    private JdbcCeiling() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, "db", "durability", "batch", "warmup", "seconds");
        Path file = Path.of(args.get("db", "ceiling.db"));
        SqliteStore.Durability durability = SqliteStore.Durability.valueOf(
                args.get("durability", "full").toUpperCase(Locale.ROOT));
        int batch = args.integer("batch", 500);
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        SqliteStore.open(file, Clock.systemUTC(), durability, CaptureRules.STANDARD).close();

        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(durability == SqliteStore.Durability.FULL ? SQLiteConfig.SynchronousMode.FULL
                : SQLiteConfig.SynchronousMode.NORMAL);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setWalAutocheckpoint(SqliteStore.WAL_CHECKPOINT_PAGES);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
                PreparedStatement ps = c.prepareStatement(INSERT_FEEDBACK)) {
            c.setAutoCommit(false);
            Rows rows = new Rows("ceiling", 0);
            run(c, ps, rows, batch, args.integer("warmup", 3) * 1_000_000_000L);
            long cpu0 = processCpuNanos();
            Result r = run(c, ps, rows, batch, args.integer("seconds", 20) * 1_000_000_000L);
            long cpu = processCpuNanos() - cpu0;
            System.out.printf(Locale.ROOT, "CEILING durability=%s batch=%d rows=%d seconds=%.2f rows_per_s=%.0f"
                    + " storage_rows_per_s=%.0f cpu_us_per_row=%.1f%n", durability.name().toLowerCase(Locale.ROOT),
                    batch, r.rows, r.wallNanos / 1e9, r.rows / (r.wallNanos / 1e9), r.rows / (r.storageNanos / 1e9),
                    cpu / 1e3 / r.rows);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private record Result(long rows, long wallNanos, long storageNanos) {
    }

    /** Inserts batches until {@code nanos} have passed; times the JDBC calls apart from row making. */
    private static Result run(Connection c, PreparedStatement ps, Rows rows, int batch, long nanos)
            throws SQLException {
        long start = System.nanoTime();
        long storage = 0;
        long count = 0;
        while (System.nanoTime() - start < nanos) {
            Row[] made = new Row[batch];
            for (int i = 0; i < batch; i++) {
                made[i] = rows.next();
            }
            long t0 = System.nanoTime();
            long now = System.currentTimeMillis();
            for (Row row : made) {
                bind(ps, row, now);
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
            storage += System.nanoTime() - t0;
            count += batch;
        }
        return new Result(count, System.nanoTime() - start, storage);
    }

    private static void bind(PreparedStatement ps, Row row, long now) throws SQLException {
        ps.setString(1, "default");
        ps.setString(2, row.eventId());
        ps.setString(3, row.requestId());
        ps.setLong(4, now);
        ps.setString(5, row.signal());
        if (row.rating() == null) {
            ps.setNull(6, Types.INTEGER);
        } else {
            ps.setInt(6, row.rating());
        }
        ps.setNull(7, Types.VARCHAR);
        ps.setString(8, row.edited());
        if (row.edited() == null) {
            ps.setNull(9, Types.REAL);
        } else {
            ps.setDouble(9, 0.1);
        }
        ps.setNull(10, Types.VARCHAR);
        ps.setLong(11, now);
    }

    record Row(String eventId, String requestId, String signal, Integer rating, String edited) {
    }

    /** The same sequence as batch.lua's {@code event(n)} for one wrk thread. */
    static final class Rows {
        private final String tag;
        private final int thread;
        private long n;

        Rows(String tag, int thread) {
            this.tag = tag;
            this.thread = thread;
        }

        Row next() {
            n++;
            String id = tag + "-" + thread + "-" + n;
            String request = "req-" + ((n * 7919 + thread * 31L) % 1000);
            if (n % 10 == 0) {
                return new Row(id, request, "edited", null, Texts.EDITED);
            }
            if (n % 4 == 0) {
                return new Row(id, request, "regenerated", (int) (1 + n % 5), null);
            }
            return new Row(id, request, "accepted", null, null);
        }
    }
}
