package dev.feedloop.bench.triage;

import dev.feedloop.Feedloop;
import dev.feedloop.config.Settings;
import dev.feedloop.demo.WorldSpec;
import dev.feedloop.jobs.Scheduler;
import dev.feedloop.store.ApiKeyRecord;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.triage.BackgroundEmbedder;
import dev.feedloop.triage.TriageConfig;
import dev.feedloop.triage.embed.Embedder;
import dev.feedloop.web.ApiServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Does the server's background embedder keep up with ingest? Starts Feedloop's server in this JVM
 * on a fresh SQLite file, wired as {@code feedloop serve} wires it (the real scheduler running the
 * real {@link BackgroundEmbedder} every 15 s, the default local model on one thread), and replays a
 * simulated world through {@code POST /v1/responses} and {@code /v1/feedback} with an ingest key,
 * paced at RATE responses/s (feedback at its share, in world order) for SECONDS after WARMUP
 * seconds. Every 10 s it samples responses acknowledged and stored, negatives so far, the backlog
 * (negatives whose two texts are not both in the vector cache, counted exactly by
 * {@link EmbedBacklog}), vectors cached, process CPU, the CPU of the embedder's and the model's
 * threads, the share of time the embedder is running ({@link EmbedderDuty}: near 100 % it has no
 * headroom left) and the load average (the machine is shared). After ingest stops it polls every
 * second until the backlog and the ingest inbox are empty.
 *
 * <p>Verdict: it keeps up when the backlog does not grow over the last half of the measured
 * stretch (the fitted line rises by less than 10 % of the negatives that arrived in it) and drains
 * within 60 s of the end of ingest. Measure for minutes, not seconds: the embedder runs every 15 s
 * plus its run time, so its backlog is a sawtooth that a short stretch mistakes for a trend.
 *
 * <pre>
 * mvn -q -o -pl bench -am package -DskipTests
 * java -Xmx2g -cp "bench/target/feedloop-bench.jar:bench/target/lib/*" dev.feedloop.bench.triage.EmbedKeepUpBench \
 *     [rate=200] [seconds=300] [warmup=30] [drain-limit=300] [batch=100]
 * </pre>
 * or {@code bench/triage/run.sh keep-up [rate] [seconds] ...}. The client runs in the same process
 * as the server, so process CPU includes the replay's HTTP client.
 */
public final class EmbedKeepUpBench {
    static final int SAMPLE_EVERY_SECONDS = 10;
    /** The most the fitted backlog may grow over the last half, as a share of the negatives that arrived in it. */
    static final double BOUNDED_GROWTH = 0.10;
    static final double DRAIN_LIMIT_FOR_VERDICT = 60;

    private EmbedKeepUpBench() {
    }

    /** One sample; t in seconds from the start of the measured stretch (negative in the warm-up). */
    record Sample(double t, long acked, long feedback, long stored, long negatives, long backlog, double oldest,
            long vectors, double cpuCores, double embedCpu, double embedderBusy, double load) {
    }

    public static void main(String[] args) throws Exception {
        double rate = args.length > 0 ? Double.parseDouble(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int drainLimit = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        System.out.printf(Locale.ROOT, "Background embedding vs ingest: %.0f responses/s for %d s after %d s warm-up,"
                        + " batches of %d; %d cores, load average %.2f, max heap %d MiB%n", rate, seconds, warmup,
                batch, Runtime.getRuntime().availableProcessors(), loadAverage(),
                Runtime.getRuntime().maxMemory() >> 20);

        long needed = (long) Math.ceil(rate * (warmup + seconds) * 1.05);
        WorldSpec spec = WorldSpec.defaults().withPerDay((int) Math.ceil((double) needed / WorldSpec.DEFAULT_DAYS));
        long t0 = System.nanoTime();
        Replay.Traffic traffic = Replay.simulate(spec);
        long negatives = traffic.truth().counts().negatives();
        System.out.printf(Locale.ROOT, "world: %d days x %,d responses/day: %,d responses, %,d feedback events,"
                        + " %,d negatives planted or noise (%.1f %%), simulated in %.1f s%n", spec.days(),
                spec.perDay(), traffic.responses(), traffic.events().size() - traffic.responses(), negatives,
                100.0 * negatives / traffic.responses(), (System.nanoTime() - t0) / 1e9);

        Path dir = Files.createTempDirectory("feedloop-keep-up");
        Path db = dir.resolve("feedloop.db");
        try {
            run(traffic, db, rate, seconds, warmup, drainLimit, batch);
        } finally {
            BenchWorld.deleteTree(dir);
        }
    }

    private static void run(Replay.Traffic traffic, Path db, double rate, int seconds, int warmup, int drainLimit,
            int batch) throws Exception {
        Map<String, String> env = System.getenv();
        SqliteStore.Durability durability = Settings.get(Settings.DURABILITY, env).equals("full")
                ? SqliteStore.Durability.FULL : SqliteStore.Durability.NORMAL;
        String project = traffic.truth().project();
        // as ServeCommand: the model on one thread, beside ingest; the scheduler with the configured periods
        try (Feedloop feedloop = Feedloop.open(db.toString(), Clock.systemUTC(), durability, "", null)
                .defaultEmbeddingThreads(1)) {
            String key = feedloop.keys().create(project, ApiKeyRecord.Scope.INGEST);
            long t0 = System.nanoTime();
            Embedder model = feedloop.embedder();
            model.embed(List.of("warm the model up"));
            System.out.printf(Locale.ROOT, "model %s loaded in %.1f s; durability %s; database %s%n", model.modelId(),
                    (System.nanoTime() - t0) / 1e9, durability, db);
            ApiServer server = feedloop.apiServer(Settings.get(Settings.MAX_BODY_BYTES, env));
            Scheduler scheduler = feedloop.scheduler();
            server.start("127.0.0.1", 0);
            scheduler.start(Settings.get(Settings.TRIAGE_EVERY, env), Settings.get(Settings.VERIFY_EVERY, env));
            EmbedBacklog backlog = new EmbedBacklog(feedloop.store(), project, new BackgroundEmbedder(feedloop.store(),
                    feedloop.embeddings(), TriageConfig.DEFAULT, feedloop.clock()), model,
                    TriageConfig.DEFAULT.rules(), feedloop.clock());
            try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + db);
                 EmbedderDuty duty = new EmbedderDuty()) {
                Replay replay = new Replay(traffic, URI.create("http://127.0.0.1:" + server.port()), key, rate, batch);
                Sampler sampler = new Sampler(replay, backlog, sql, duty);
                List<Sample> samples = measure(replay, sampler, seconds, warmup, drainLimit);
                report(samples, seconds, replay);
            } finally {
                scheduler.close();
                server.close();
            }
        }
    }

    /** Runs the replay through warm-up and the measured stretch, then waits for the backlog to drain. */
    private static List<Sample> measure(Replay replay, Sampler sampler, int seconds, int warmup, int drainLimit)
            throws InterruptedException {
        List<Sample> samples = new ArrayList<>();
        System.out.printf("%n%7s %9s %9s %6s %9s %8s %6s %8s %5s %5s %5s %5s%n", "t s", "acked", "stored",
                "inbox", "negatives", "backlog", "oldest", "vectors", "cpu", "embed", "busy", "load");
        Thread sender = new Thread(replay, "replay");
        long start = System.nanoTime() + warmup * 1_000_000_000L; // t = 0 at the end of the warm-up
        samples.add(print(sampler.sample(-warmup)));
        sender.start();
        // on a grid through t = 0, so that the measured stretch starts with a sample
        int first = warmup > 0 ? -((warmup - 1) / SAMPLE_EVERY_SECONDS) * SAMPLE_EVERY_SECONDS : SAMPLE_EVERY_SECONDS;
        for (int t = first; t <= seconds; t += SAMPLE_EVERY_SECONDS) {
            sleepUntil(start + t * 1_000_000_000L);
            samples.add(print(sampler.sample(t)));
            if (replay.failure() != null || !sender.isAlive()) {
                System.out.println("the replay stopped early: " + (replay.failure() != null
                        ? replay.failure().getMessage() : "the world ran out"));
                break;
            }
        }
        replay.stop();
        sender.join();
        long stop = System.nanoTime();
        for (int s = 1; s <= drainLimit; s++) {
            sleepUntil(stop + s * 1_000_000_000L);
            Sample drained = sampler.sample((System.nanoTime() - start) / 1e9);
            boolean empty = drained.backlog() == 0 && drained.stored() == drained.acked();
            if (empty || s % SAMPLE_EVERY_SECONDS == 0) {
                samples.add(print(drained));
            }
            if (empty) {
                break;
            }
        }
        return samples;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private static Sample print(Sample s) {
        System.out.printf(Locale.ROOT, "%7.0f %,9d %,9d %,6d %,9d %,8d %6.0f %,8d %5.2f %5.2f %4.0f%% %5.2f%n",
                s.t(), s.acked(), s.stored(), s.acked() - s.stored(), s.negatives(), s.backlog(), s.oldest(),
                s.vectors(), s.cpuCores(), s.embedCpu(), 100 * s.embedderBusy(), s.load());
        return s;
    }

    private static void report(List<Sample> samples, int seconds, Replay replay) {
        Sample first = samples.stream().filter(s -> s.t() >= 0).findFirst().orElseThrow();
        Sample end = samples.stream().filter(s -> s.t() <= seconds).reduce((a, b) -> b).orElseThrow();
        double span = end.t() - first.t();
        double negRate = (end.negatives() - first.negatives()) / span;
        List<Sample> during = samples.stream().filter(s -> s.t() > first.t() && s.t() <= end.t()).toList();
        System.out.printf(Locale.ROOT, "%nover the measured %.0f s: ingest %.1f responses/s acknowledged (%.1f stored),"
                        + " %.1f feedback/s; %,d requests, %,d retried after 503/429%n", span,
                (end.acked() - first.acked()) / span, (end.stored() - first.stored()) / span,
                (end.feedback() - first.feedback()) / span, replay.requests(), replay.retries());
        System.out.printf(Locale.ROOT, "negatives %.1f/s (%.1f %% of responses stored), %.1f texts/s with their two"
                        + " each; new vectors cached %.1f texts/s (re-ask pair inputs too; a text seen before is not"
                        + " embedded again)%n", negRate,
                100 * (end.negatives() - first.negatives()) / (double) Math.max(1, end.stored() - first.stored()),
                2 * negRate, (end.vectors() - first.vectors()) / span);
        double busy = mean(during, Sample::embedderBusy);
        // the scheduler waits 15 s between runs, so a saturated embedder shows less than 100 % here
        System.out.printf(Locale.ROOT, "process CPU %.2f cores, of which embedding %.2f; the background embedder busy"
                        + " %.0f %% of the time; load average %.2f%n", mean(during, Sample::cpuCores),
                mean(during, Sample::embedCpu), 100 * busy, mean(during, Sample::load));

        List<Sample> lastHalf = samples.stream().filter(s -> s.t() >= seconds / 2.0 && s.t() <= end.t()).toList();
        double slope = slope(lastHalf); // negatives per second
        double halfSpan = lastHalf.get(lastHalf.size() - 1).t() - lastHalf.get(0).t();
        double arrived = lastHalf.get(lastHalf.size() - 1).negatives() - lastHalf.get(0).negatives();
        double growth = slope * halfSpan / Math.max(1, arrived);
        System.out.printf(Locale.ROOT, "backlog in the last half: mean %.0f, max %,d, fitted trend %+.1f negatives/min"
                        + " (%+.1f %% of the %,.0f negatives that arrived in it); oldest waiting negative at most"
                        + " %.0f s (%.0f s in the first half)%n", mean(lastHalf, s -> s.backlog()),
                lastHalf.stream().mapToLong(Sample::backlog).max().orElse(0), 60 * slope, 100 * growth, arrived,
                lastHalf.stream().mapToDouble(Sample::oldest).max().orElse(0),
                during.stream().filter(s -> s.t() < seconds / 2.0).mapToDouble(Sample::oldest).max().orElse(0));
        Sample last = samples.get(samples.size() - 1);
        boolean drained = last.backlog() == 0 && last.stored() == last.acked();
        double drain = last.t() - end.t();
        System.out.printf(Locale.ROOT, "after ingest stopped (backlog %,d): %s%n", end.backlog(), drained
                ? String.format(Locale.ROOT, "drained in %.0f s", drain)
                : String.format(Locale.ROOT, "still %,d negatives not embedded after %.0f s", last.backlog(), drain));
        boolean keepsUp = growth < BOUNDED_GROWTH && drained && drain <= DRAIN_LIMIT_FOR_VERDICT;
        System.out.printf(Locale.ROOT, "VERDICT at %.0f responses/s: %s%n", (end.acked() - first.acked()) / span,
                keepsUp ? "keeps up" : "does NOT keep up");
    }

    private static double mean(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        return samples.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    /** Least-squares slope of the backlog over time. */
    static double slope(List<Sample> samples) {
        double mt = mean(samples, Sample::t);
        double mb = mean(samples, s -> s.backlog());
        double num = 0;
        double den = 0;
        for (Sample s : samples) {
            num += (s.t() - mt) * (s.backlog() - mb);
            den += (s.t() - mt) * (s.t() - mt);
        }
        return den == 0 ? 0 : num / den;
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Takes one sample: counts from the replay, the store and the process. */
    private static final class Sampler {
        private final Replay replay;
        private final EmbedBacklog backlog;
        private final Connection sql;
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private long lastNanos = System.nanoTime();
        private long lastCpu = os.getProcessCpuTime();
        private long lastEmbedCpu = embedCpu();
        private final EmbedderDuty duty;

        Sampler(Replay replay, EmbedBacklog backlog, Connection sql, EmbedderDuty duty) {
            this.replay = replay;
            this.backlog = backlog;
            this.sql = sql;
            this.duty = duty;
        }

        Sample sample(double t) {
            long stored = rows("responses"); // before the acknowledgements, so that inbox = acked - stored >= 0
            long acked = replay.responses();
            EmbedBacklog.Count count = backlog.count();
            long now = System.nanoTime();
            long cpu = os.getProcessCpuTime();
            long embed = embedCpu();
            double wall = Math.max(1, now - lastNanos);
            Sample s = new Sample(t, acked, replay.feedback(), stored, count.negatives(), count.backlog(),
                    count.oldestSeconds(), rows("embeddings"), (cpu - lastCpu) / wall, (embed - lastEmbedCpu) / wall,
                    duty.sinceLast(), loadAverage());
            lastNanos = now;
            lastCpu = cpu;
            lastEmbedCpu = embed;
            return s;
        }

        private long rows(String table) {
            try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                return rs.next() ? rs.getLong(1) : 0;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot count the " + table + ": " + e.getMessage(), e);
            }
        }

        /** CPU time of the scheduler's thread (the background embedder) and the model's worker threads. */
        private long embedCpu() {
            return Thread.getAllStackTraces().keySet().stream()
                    .filter(th -> th.getName().equals("feedloop-jobs") || th.getName().equals("feedloop-embed"))
                    .mapToLong(th -> threads.getThreadCpuTime(th.getId())).sum();
        }
    }
}
