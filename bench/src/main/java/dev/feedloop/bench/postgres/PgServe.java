package dev.feedloop.bench.postgres;

import dev.feedloop.cli.Main;

/**
 * {@code feedloop serve} on an embedded PostgreSQL 14 (the same server settings as the other
 * PostgreSQL benchmarks), for bench/ingest's {@code ours-pg} run: starts PostgreSQL, then the server
 * with {@code --db} set to a fresh schema and the remaining arguments, in this JVM; PostgreSQL stops
 * when the server does.
 *
 * <pre>
 * FEEDLOOP_API_KEY=... java -cp "bench/target/feedloop-bench.jar:bench/target/lib/*" \
 *     dev.feedloop.bench.postgres.PgServe --port 0
 * </pre>
 */
public final class PgServe {
    private PgServe() {
    }

    public static void main(String[] args) throws Exception {
        int code;
        try (Pg pg = new Pg()) {
            String[] serve = new String[args.length + 3];
            serve[0] = "serve";
            serve[1] = "--db";
            serve[2] = pg.freshUrl();
            System.arraycopy(args, 0, serve, 3, args.length);
            code = Main.run(serve);
        }
        System.exit(code);
    }
}
