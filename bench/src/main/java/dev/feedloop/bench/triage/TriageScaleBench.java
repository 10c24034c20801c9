package dev.feedloop.bench.triage;

import dev.feedloop.Feedloop;
import dev.feedloop.bench.postgres.Pg;
import dev.feedloop.capture.CaptureRules;
import dev.feedloop.demo.WorldSpec;
import dev.feedloop.eval.Evaluation;
import dev.feedloop.store.postgres.FromSqlite;
import dev.feedloop.store.postgres.PostgresStore;
import dev.feedloop.store.postgres.PostgresUrl;
import dev.feedloop.store.sqlite.SqliteStore;
import dev.feedloop.triage.TriageConfig;
import dev.feedloop.triage.TriageReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Time and heap of one triage run over the whole span of a simulated world scaled to about 10k,
 * 30k and 100k negatives, through whatever {@link Feedloop#triage} wires:
 * <ul>
 * <li>cold: a freshly imported database, so every negative and the lift sample are embedded;</li>
 * <li>cached: the same database after the cold run with every triage table emptied, so it starts
 * with no pattern but every vector is in the cache (the state after the background embedder). Run
 * alone, it reuses the vectors a previous run left in {@code run.db}, or warms them unmeasured.</li>
 * <li>cached-pg: the same as cached on PostgreSQL (an embedded PostgreSQL 14, as bench/postgres
 * uses): {@code run.db} with its triage tables emptied is copied by {@code feedloop migrate}'s code
 * ({@link FromSqlite}, not timed) into a fresh schema, then triaged there. Run after cached in one
 * invocation, it compares the two stores on the same rows and vectors.</li>
 * </ul>
 * Targets (the issue): cached at most 60 s at 100k with -Xmx2g; cold at most 6 minutes with the
 * default model. Wall and process CPU are reported per stage because the machine is shared.
 *
 * <pre>
 * mvn -q -o -pl bench -am package -DskipTests
 * java -Xmx2g -cp "bench/target/feedloop-bench.jar:bench/target/lib/*" \
 *     dev.feedloop.bench.triage.TriageScaleBench [sizes=10000,30000,100000] [modes=cold,cached(,cached-pg)] [work-dir]
 * </pre>
 * Worlds are simulated and imported into {@code work-dir/n<size>/} once and reused by later runs
 * with the same spec (the 100k world takes several minutes to build); delete the work dir after a
 * change to capture or the simulator, since the stored rows would be stale.
 */
public final class TriageScaleBench {
    /**
     * Negatives per response in the default world at the default rules: 8,458 of 63,423 responses
     * (seed 42, measured by TriageQualityBench at 6fb1e50; a figure edit now needs a new figure, which
     * gives 8,454). Scaling responses per day scales negatives.
     */
    static final double NEGATIVES_PER_RESPONSE = 8_458.0 / 63_423;
    private static final Path DEFAULT_WORK = Path.of(System.getProperty("java.io.tmpdir"), "feedloop-triage-scale");

    private TriageScaleBench() {
    }

    /** One measured run. */
    record Result(int target, String mode, int negatives, int patterns, int unassigned, long vectorsBefore,
            long vectorsAfter, double modelLoadSeconds, List<StageTimer.Stage> stages, double wall, double cpu,
            HeapWatch.Usage heap) {
    }

    public static void main(String[] args) {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "10000,30000,100000").split(","))
                .mapToInt(s -> Integer.parseInt(s.strip())).toArray();
        Set<String> modes = new LinkedHashSet<>(List.of((args.length > 1 ? args[1] : "cold,cached").split(",")));
        Path work = args.length > 2 ? Path.of(args[2]) : DEFAULT_WORK;
        for (String m : modes) {
            if (!List.of("cold", "cached", "cached-pg").contains(m)) {
                throw new IllegalArgumentException("modes are cold, cached and cached-pg, got " + m);
            }
        }
        System.out.printf(Locale.ROOT, "Triage scale: sizes %s, modes %s, max heap %d MiB, %d cores, work dir %s%n",
                Arrays.toString(sizes), modes, Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors(), work);
        List<Result> results = new ArrayList<>();
        for (int target : sizes) {
            results.addAll(measure(target, modes, work));
        }
        printSummary(results);
    }

    static WorldSpec spec(int targetNegatives) {
        int perDay = (int) Math.round(targetNegatives / NEGATIVES_PER_RESPONSE / WorldSpec.DEFAULT_DAYS);
        return WorldSpec.defaults().withPerDay(perDay);
    }

    private static List<Result> measure(int target, Set<String> modes, Path work) {
        WorldSpec spec = spec(target);
        System.out.printf(Locale.ROOT, "%n== about %,d negatives: %d days x %,d responses/day%n", target, spec.days(),
                spec.perDay());
        BenchWorld world = BenchWorld.prepare(spec, work.resolve("n" + target), System.out);
        Path db = world.dir().resolve("run.db");
        List<Result> out = new ArrayList<>();
        if (modes.contains("cold")) {
            out.add(run(world, world.copy("run.db"), target, "cold"));
        } else if (!Files.exists(db) || BenchWorld.cachedVectors(db) == 0) {
            // cached needs the vectors: pay the embedding once, unmeasured
            System.out.println("  warming the vector cache (unmeasured run)");
            run(world, world.copy("run.db"), target, "warm-up");
        } else {
            System.out.printf(Locale.ROOT, "  reusing the %,d cached vectors of %s%n", BenchWorld.cachedVectors(db), db);
        }
        if (modes.contains("cached")) {
            BenchWorld.forgetTriage(db);
            out.add(run(world, db, target, "cached"));
        }
        if (modes.contains("cached-pg")) {
            BenchWorld.forgetTriage(db);
            try (Pg pg = new Pg()) {
                String url = pg.freshUrl();
                PostgresStore.open(PostgresUrl.parse(url, null), Clock.systemUTC(), CaptureRules.STANDARD).close();
                long t0 = System.nanoTime();
                new FromSqlite(db, PostgresUrl.parse(url, null), 5_000).copy((table, done, total) -> { });
                System.out.printf(Locale.ROOT, "  copied %s into PostgreSQL in %.1f s (not counted)%n", db,
                        (System.nanoTime() - t0) / 1e9);
                Supplier<Feedloop> open = () -> Feedloop.open(url, Clock.systemUTC(), SqliteStore.Durability.NORMAL,
                        "", BenchWorld.PSEUDONYM_SECRET);
                out.add(run(world, open, () -> postgresVectors(url), target, "cached-pg"));
            }
        }
        return out;
    }

    private static long postgresVectors(String url) {
        try (Connection c = Pg.connect(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM embeddings")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the vectors of " + url + ": " + e.getMessage(), e);
        }
    }

    private static Result run(BenchWorld world, Path db, int target, String mode) {
        return run(world, () -> BenchWorld.open(db), () -> BenchWorld.cachedVectors(db), target, mode);
    }

    private static Result run(BenchWorld world, Supplier<Feedloop> open, LongSupplier vectors, int target,
            String mode) {
        long vectorsBefore = vectors.getAsLong();
        double load;
        StageTimer timer;
        TriageReport report;
        HeapWatch.Usage heap;
        List<StageTimer.Stage> stages;
        try (Feedloop feedloop = open.get()) {
            load = TriageQualityBench.loadModel(feedloop);
            try (HeapWatch watch = new HeapWatch()) {
                timer = new StageTimer(true);
                report = feedloop.triage(TriageConfig.DEFAULT).run(world.project(), world.start(), world.end(), timer);
                stages = timer.finish();
                heap = watch.usage();
            }
        }
        Result r = new Result(target, mode, report.negatives(), report.patterns().size(),
                report.unassignedRequestIds().size(), vectorsBefore, vectors.getAsLong(), load, stages,
                timer.totalWall(), timer.totalCpu(), heap);
        print(r);
        score(world, open);
        return r;
    }

    /** The run's patterns against the truth (outside the timing): does triage still find them at this size? */
    private static void score(BenchWorld world, Supplier<Feedloop> open) {
        try (Feedloop feedloop = open.get()) {
            Evaluation.Score s = Evaluation.score(world.truth(), feedloop.store(), world.project());
            System.out.printf(Locale.ROOT, "    score: recall %.2f (%d/%d), purity %.3f, spurious %d, patterns %d,"
                            + " cause accuracy %.2f; F1 per planted pattern %s%n", s.recall(),
                    s.matches().stream().filter(Evaluation.Match::found).count(), s.matches().size(), s.purity(),
                    s.spurious(), s.foundPatterns(), s.causeAccuracy(), s.matches().stream().map(m -> String.format(
                            Locale.ROOT, "%.2f", m.f1())).toList());
        }
    }

    private static void print(Result r) {
        System.out.printf(Locale.ROOT, "  %s: %,d negatives -> %d patterns, %,d unassigned; vectors cached %,d -> %,d;"
                        + " model load %.1f s (not counted)%n", r.mode, r.negatives, r.patterns, r.unassigned,
                r.vectorsBefore, r.vectorsAfter, r.modelLoadSeconds);
        for (StageTimer.Stage s : r.stages) {
            System.out.printf(Locale.ROOT, "    %-52s %8.1f s wall %8.1f s cpu%n", TriageQualityBench.clip(
                    s.announced(), 52), s.wallSeconds(), s.cpuSeconds());
        }
        System.out.printf(Locale.ROOT, "    %-52s %8.1f s wall %8.1f s cpu; heap peak used %,d MiB, peak live after GC"
                        + " %,d MiB, %d GCs %.1f s%n", "total", r.wall, r.cpu, r.heap.peakUsedBytes() >> 20,
                r.heap.peakLiveBytes() >> 20, r.heap.collections(), r.heap.collectionMillis() / 1e3);
    }

    private static void printSummary(List<Result> results) {
        List<String> names = new ArrayList<>();
        results.forEach(r -> r.stages.forEach(s -> {
            if (!names.contains(s.name())) {
                names.add(s.name());
            }
        }));
        System.out.printf("%nSUMMARY (wall s / cpu s per stage; heap MiB; max heap %d MiB)%n",
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("  %-7s %-7s %8s", "target", "mode", "negs");
        names.forEach(n -> System.out.printf(" %13s", TriageQualityBench.clip(n, 13)));
        System.out.printf(" %13s %6s %6s%n", "total", "peak", "live");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "  %-7d %-7s %,8d", r.target, r.mode, r.negatives);
            for (String n : names) {
                StageTimer.Stage s = r.stages.stream().filter(x -> x.name().equals(n)).findFirst().orElse(null);
                System.out.printf(Locale.ROOT, " %13s", s == null ? "-"
                        : String.format(Locale.ROOT, "%.1f/%.1f", s.wallSeconds(), s.cpuSeconds()));
            }
            System.out.printf(Locale.ROOT, " %13s %6d %6d%n", String.format(Locale.ROOT, "%.1f/%.1f", r.wall, r.cpu),
                    r.heap.peakUsedBytes() >> 20, r.heap.peakLiveBytes() >> 20);
        }
    }
}
