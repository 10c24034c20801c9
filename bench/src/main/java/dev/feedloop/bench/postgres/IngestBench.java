package dev.feedloop.bench.postgres;

import dev.feedloop.Feedloop;
import dev.feedloop.capture.CaptureRules;
import dev.feedloop.store.postgres.PostgresStore;
import dev.feedloop.store.postgres.PostgresUrl;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.web.ApiServer;
import java.io.IOException;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Batched ingest through the HTTP API (POST /v1/responses with JSON arrays) into SQLite and into
 * PostgreSQL, the same client for both, and a raw COPY of the same rows into the same PostgreSQL
 * table (same schema and indexes, one COPY and commit per batch) as the ceiling, in one run:
 * CLIENTS threads each send BATCH-record arrays for SECONDS after WARMUP seconds of the same load.
 * The server runs in this JVM (one process for server and client, as on a small host); PostgreSQL
 * is an embedded PostgreSQL 14 with synchronous_commit on, SQLite runs at FEEDLOOP_DURABILITY=full
 * (the default): every answer is after a durable commit on both.
 *
 * <pre>
 * mvn -q -o -pl bench -am package -DskipTests
 * java -Xmx1g -cp "bench/target/feedloop-bench.jar:bench/target/lib/*" dev.feedloop.bench.postgres.IngestBench \
 *     [seconds=20] [clients=4] [batch=1000] [warmup=10] [runs=copy,postgres,sqlite] [rounds=1]
 * </pre>
 *
 * <p>With several rounds the runs alternate (COPY, HTTP, COPY, HTTP, ...), each on a fresh schema, and
 * the median of the rounds' ratios is printed: on a shared host whose speed drifts by tens of percent
 * within minutes, a ratio is only meaningful between runs measured close together.
 *
 * <p>{@code -Dfeedloop.bench.statements=true} prints PostgreSQL's busiest statements after each
 * PostgreSQL run (pg_stat_statements, warm-up included).
 */
public final class IngestBench {
    static final String KEY = "ingest-bench-admin-key";

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        System.out.printf(Locale.ROOT, "ingest: %d clients x %d-record batches, %d s measured after %d s warm-up,"
                + " %d cores%n", clients, batch, seconds, warmup, Runtime.getRuntime().availableProcessors());
        String only = args.length > 4 ? args[4] : "copy,postgres,sqlite";
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        Path dir = Files.createTempDirectory("feedloop-pg-ingest");
        List<Double> ratios = new ArrayList<>();
        try (Pg pg = new Pg()) {
            for (int round = 1; round <= rounds; round++) {
                if (rounds > 1) {
                    System.out.printf(Locale.ROOT, "%nround %d of %d%n", round, rounds);
                }
                double copy = only.contains("copy") ? pgRun(pg, 8, url -> copy(url, seconds, clients, batch, warmup))
                        : Double.NaN;
                double postgres = only.contains("postgres")
                        ? pgRun(pg, 12, url -> http("postgres", url, seconds, clients, batch, warmup)) : Double.NaN;
                double sqlite = only.contains("sqlite") ? http("sqlite", dir.resolve("bench-" + round + ".db").toString(),
                        seconds, clients, batch, warmup) : Double.NaN;
                System.out.printf(Locale.ROOT, "HTTP into PostgreSQL / raw COPY: %.2f; HTTP into PostgreSQL / HTTP into"
                        + " SQLite: %.2f%n", postgres / copy, postgres / sqlite);
                ratios.add(postgres / copy);
            }
        }
        if (rounds > 1) {
            List<Double> sorted = new ArrayList<>(ratios);
            sorted.sort(null);
            double median = rounds % 2 == 1 ? sorted.get(rounds / 2)
                    : (sorted.get(rounds / 2 - 1) + sorted.get(rounds / 2)) / 2;
            System.out.printf(Locale.ROOT, "%nHTTP into PostgreSQL / raw COPY by round: %s; median %.2f%n",
                    ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList(), median);
        }
    }

    /** One run on a fresh schema, dropped after it (rounds would fill the disk), statements printed when kept. */
    private static double pgRun(Pg pg, int statements, PgRun run) throws Exception {
        pg.resetStatements();
        String url = pg.freshUrl();
        try {
            return run.rate(url);
        } finally {
            pg.printStatements(statements);
            pg.dropSchema(url);
        }
    }

    private interface PgRun {
        double rate(String url) throws Exception;
    }

    /** Records per second stored through the HTTP API. */
    static double http(String name, String db, int seconds, int clients, int batch, int warmup) throws Exception {
        try (Feedloop feedloop = Feedloop.open(db, Clock.systemUTC(), SqliteStore.Durability.FULL, KEY)) {
            ApiServer server = feedloop.apiServer(64L << 20).start("127.0.0.1", 0);
            try {
                URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/responses");
                Load load = new Load(clients, (client, seq) -> {
                    HttpClient http = HTTP.get();
                    HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + KEY)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json(client, seq, batch))).build();
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    while ((r.statusCode() == 503 || r.statusCode() == 429) && !STOP) { // back-pressure: retry, as the SDKs do
                        RETRIES.incrementAndGet();
                        Thread.sleep(100);
                        r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    }
                    if (STOP && r.statusCode() != 202) {
                        return 0;
                    }
                    if (r.statusCode() != 202 || !r.body().contains("\"stored\":" + batch)) {
                        throw new IllegalStateException("answered " + r.statusCode() + ": " + r.body());
                    }
                    return batch;
                });
                RETRIES.set(0);
                double rate = load.run(name + " HTTP", seconds, warmup);
                System.out.printf(Locale.ROOT, "%-20s %,d requests retried after 503/429%n", "", RETRIES.get());
                return rate;
            } finally {
                server.close();
            }
        }
    }

    /** Requests answered 503/429 (back-pressure) and sent again. */
    static final AtomicLong RETRIES = new AtomicLong();
    /** Set when a measured run ends: clients stop retrying. */
    static volatile boolean STOP;
    private static final ThreadLocal<HttpClient> HTTP = ThreadLocal.withInitial(() -> HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).build());
    private static final ThreadLocal<Connection> COPY = new ThreadLocal<>();

    /** Rows per second of raw COPY into the same table, one COPY and commit per batch. */
    static double copy(String url, int seconds, int clients, int batch, int warmup) throws Exception {
        PostgresStore.open(PostgresUrl.parse(url, null), Clock.systemUTC(), CaptureRules.STANDARD).close();
        List<Connection> opened = new ArrayList<>();
        try {
            Load load = new Load(clients, (client, seq) -> {
                Connection c = COPY.get();
                if (c == null) {
                    c = Pg.connect(url);
                    COPY.set(c);
                    synchronized (opened) {
                        opened.add(c);
                    }
                }
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                long n = copy.copyIn("COPY responses (project, request_id, ts, prompt_version, model, user_input,"
                        + " llm_output, retrieved_context, doc_count, max_retrieval_score, session_id, user_id, tags,"
                        + " reasked, ingested_at) FROM STDIN (FORMAT csv)", new StringReader(csv(client, seq, batch)));
                if (n != batch) {
                    throw new IllegalStateException("copied " + n + " rows of " + batch);
                }
                return batch;
            });
            return load.run("postgres raw COPY", seconds, warmup);
        } finally {
            for (Connection c : opened) {
                c.close();
            }
        }
    }

    static final String INPUT = "How much does it cost to bring a second suitcase on my flight to Lisbon next week?";
    static final String OUTPUT = "A second checked bag costs 45 EUR when you add it online up to 24 hours before"
            + " departure, and 70 EUR at the airport. Each bag may weigh up to 23 kg. You can add it under Manage"
            + " booking, then Extras; the price is shown before you pay and is charged per direction.";
    static final String DOC = "Checked baggage: the first bag is included on Flex fares; additional bags cost 45 EUR"
            + " online and 70 EUR at the airport.";

    static String json(int client, long seq, int batch) {
        StringBuilder b = new StringBuilder(batch * 900).append('[');
        for (int i = 0; i < batch; i++) {
            if (i > 0) {
                b.append(',');
            }
            String id = "c" + client + "-" + seq + "-" + i;
            b.append("{\"request_id\":\"").append(id).append("\",\"prompt_version\":\"v7\",\"model\":\"model-a\",")
                    .append("\"user_input\":\"").append(INPUT).append(' ').append(i).append("\",\"llm_output\":\"")
                    .append(OUTPUT).append("\",\"retrieved_context\":[{\"doc_id\":\"kb-12\",\"text\":\"").append(DOC)
                    .append("\",\"score\":0.82},{\"doc_id\":\"kb-40\",\"score\":0.61}],\"session_id\":\"s-")
                    .append(client).append('-').append(seq).append('-').append(i / 4) // four questions a session
                    .append("\",\"user_id\":\"user-").append(i % 97)
                    .append("\",\"tags\":{\"env\":\"prod\"}}");
        }
        return b.append(']').toString();
    }

    static String csv(int client, long seq, int batch) {
        StringBuilder b = new StringBuilder(batch * 900);
        String now = Instant.now().toString();
        String docs = "\"[{\"\"doc_id\"\": \"\"kb-12\"\", \"\"text\"\": \"\"" + DOC + "\"\", \"\"score\"\": 0.82},"
                + " {\"\"doc_id\"\": \"\"kb-40\"\", \"\"score\"\": 0.61}]\"";
        for (int i = 0; i < batch; i++) {
            b.append("default,c").append(client).append('-').append(seq).append('-').append(i).append(',')
                    .append(now).append(",v7,model-a,\"").append(INPUT).append(' ').append(i).append("\",\"")
                    .append(OUTPUT).append("\",").append(docs).append(",2,0.82,s-").append(client).append('-')
                    .append(seq).append('-').append(i / 4).append(",u_").append(Integer.toHexString(("user-" + (i % 97)).hashCode()))
                    .append(",\"{\"\"env\"\": \"\"prod\"\"}\",false,").append(now).append('\n');
        }
        return b.toString();
    }

    /** CLIENTS threads calling one operation in a loop; each call returns the records it stored. */
    static final class Load {
        interface Call {
            int run(int client, long seq) throws Exception;
        }

        private final int clients;
        private final Call call;

        Load(int clients, Call call) {
            this.clients = clients;
            this.call = call;
        }

        double run(String name, int seconds, int warmup) throws Exception {
            AtomicLong records = new AtomicLong();
            AtomicLong counting = new AtomicLong(); // 0 in warm-up, 1 measuring, 2 stop
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                running.add(pool.submit(() -> {
                    for (long seq = 0; counting.get() < 2; seq++) {
                        int n = call.run(client, seq);
                        if (counting.get() == 1) {
                            records.addAndGet(n);
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(warmup * 1000L);
            counting.set(1);
            long start = System.nanoTime();
            long jvmCpu = jvmCpuNanos();
            long pgCpu = postgresCpuNanos();
            Thread.sleep(seconds * 1000L);
            long stored = records.get();
            double elapsed = (System.nanoTime() - start) / 1e9;
            jvmCpu = jvmCpuNanos() - jvmCpu;
            pgCpu = postgresCpuNanos() - pgCpu;
            counting.set(2);
            STOP = true;
            for (Future<?> f : running) {
                f.get();
            }
            pool.shutdown();
            STOP = false;
            double rate = stored / elapsed;
            System.out.printf(Locale.ROOT, "%-20s %,10.0f records/s (%,d in %.1f s); CPU per record: this JVM %.1f us,"
                    + " PostgreSQL %.1f us%n", name, rate, stored, elapsed, jvmCpu / 1e3 / stored, pgCpu / 1e3 / stored);
            return rate;
        }

        /** CPU time of this process (server and clients), all threads. */
        private static long jvmCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        /** CPU time of every PostgreSQL process on this machine, from /proc (Linux); 0 elsewhere. */
        private static long postgresCpuNanos() {
            long ticks = 0;
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path proc : procs) {
                    try {
                        String stat = Files.readString(proc.resolve("stat"));
                        int close = stat.lastIndexOf(')');
                        if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                            continue;
                        }
                        String[] fields = stat.substring(close + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    } catch (IOException | RuntimeException gone) {
                        // the process ended while we read it
                    }
                }
            } catch (IOException e) {
                return 0;
            }
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        }
    }
}
