package dev.feedloop.bench.triage;

import dev.feedloop.Feedloop;
import dev.feedloop.demo.GroundTruth;
import dev.feedloop.demo.WorldSpec;
import dev.feedloop.eval.Evaluation;
import dev.feedloop.store.NegativeRow;
import dev.feedloop.triage.Triage;
import dev.feedloop.triage.TriageConfig;
import dev.feedloop.triage.TriageReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Triage quality on the default simulated world (six planted patterns over six weeks), through
 * whatever {@link Feedloop#triage} wires:
 * <ol>
 * <li>(a) triage week by week, as a team would run it, scored against the truth;</li>
 * <li>(b) one triage over the whole span on a database with no patterns, scored the same way;</li>
 * <li>(c) stable ids: how far (a)'s pattern ids agree with (b)'s on the same negatives.</li>
 * </ol>
 * (b) starts from a copy of (a)'s database with every triage table emptied, so both see the same
 * cached vectors and differ only in how the span was cut.
 *
 * <pre>
 * mvn -q -o -pl bench -am package -DskipTests
 * java -Xmx2g -cp "bench/target/feedloop-bench.jar:bench/target/lib/*" \
 *     dev.feedloop.bench.triage.TriageQualityBench [work-dir] [seed]
 * </pre>
 * Without a work dir it simulates into a fresh temporary one and deletes it afterwards; with one,
 * it reuses the world a previous run left there.
 */
public final class TriageQualityBench {
    /** TriageConfig.DEFAULT, or with the thresholds given as system properties (experiments only). */
    static final TriageConfig CONFIG = configFromProperties();

    private TriageQualityBench() {
    }

    public static void main(String[] args) throws IOException {
        boolean temporary = args.length == 0 || args[0].equals("-");
        Path dir = temporary ? Files.createTempDirectory("triage-quality") : Path.of(args[0]);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : WorldSpec.DEFAULT_SEED;
        WorldSpec spec = WorldSpec.defaults().withSeed(seed);
        System.out.printf(Locale.ROOT, "Triage quality: %d days x %d responses/day, seed %d, %s%n", spec.days(),
                spec.perDay(), seed, CONFIG);
        long started = System.nanoTime();
        try {
            BenchWorld world = BenchWorld.prepare(spec, dir, System.out);
            Run weekly = weekly(world);
            Run whole = whole(world, weekly.db);
            stability(world, weekly, whole);
        } finally {
            if (temporary) {
                BenchWorld.deleteTree(dir);
            }
        }
        System.out.printf(Locale.ROOT, "%nelapsed %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** What one way of triaging the world left behind. */
    private record Run(Path db, Evaluation.Score score, Map<String, String> labels, List<String> negatives) {
    }

    private static Run weekly(BenchWorld world) {
        System.out.printf("%n(a) week by week%n");
        Path db = world.copy("weekly.db");
        try (Feedloop feedloop = BenchWorld.open(db)) {
            loadModel(feedloop);
            Triage triage = feedloop.triage(CONFIG);
            List<TriageReport> reports = new ArrayList<>();
            System.out.printf("  %-10s %9s %8s %4s %10s %8s %8s%n", "week of", "negatives", "patterns", "new",
                    "unassigned", "wall s", "cpu s");
            for (Instant from = world.start(); from.isBefore(world.end()); from = from.plus(Duration.ofDays(7))) {
                Instant to = min(from.plus(Duration.ofDays(7)), world.end());
                StageTimer timer = new StageTimer(false);
                TriageReport r = triage.run(world.project(), from, to, timer);
                List<StageTimer.Stage> stages = timer.finish();
                reports.add(r);
                System.out.printf(Locale.ROOT, "  %-10s %,9d %8d %4d %,10d %8.1f %8.1f%n",
                        from.toString().substring(0, 10), r.negatives(), r.patterns().size(),
                        r.patterns().stream().filter(TriageReport.PatternSummary::isNew).count(),
                        r.unassignedRequestIds().size(), timer.totalWall(), timer.totalCpu());
                System.out.printf("    wall/cpu s: %s%n", StageTimer.compact(stages));
            }
            weekByWeekIds(world.truth(), reports);
            return finish(world, feedloop, db);
        }
    }

    private static Run whole(BenchWorld world, Path weeklyDb) {
        System.out.printf("%n(b) one run over the whole span (fresh patterns, same vector cache)%n");
        Path db = BenchWorld.copy(weeklyDb, world.dir().resolve("whole.db"));
        BenchWorld.forgetTriage(db);
        try (Feedloop feedloop = BenchWorld.open(db)) {
            loadModel(feedloop);
            StageTimer timer = new StageTimer(false);
            TriageReport r = feedloop.triage(CONFIG).run(world.project(), world.start(), world.end(),
                    timer);
            List<StageTimer.Stage> stages = timer.finish();
            System.out.printf(Locale.ROOT, "  %,d negatives, %d patterns, %,d unassigned; %.1f s wall, %.1f s cpu%n",
                    r.negatives(), r.patterns().size(), r.unassignedRequestIds().size(), timer.totalWall(),
                    timer.totalCpu());
            for (StageTimer.Stage s : stages) {
                System.out.printf(Locale.ROOT, "    %-48s %7.1f s wall %7.1f s cpu%n", s.announced(), s.wallSeconds(),
                        s.cpuSeconds());
            }
            return finish(world, feedloop, db);
        }
    }

    private static Run finish(BenchWorld world, Feedloop feedloop, Path db) {
        Evaluation.Score score = Evaluation.score(world.truth(), feedloop.store(), world.project());
        printScore(score);
        List<String> negatives = feedloop.store().negatives(world.project(), world.start(), world.end(),
                CONFIG.rules()).stream().map(NegativeRow::requestId).toList();
        return new Run(db, score, BenchWorld.labels(feedloop, world.project()), negatives);
    }

    private static void stability(BenchWorld world, Run weekly, Run whole) {
        System.out.printf("%n(c) stability: week-by-week ids vs one run over the whole span%n");
        if (!weekly.negatives.equals(whole.negatives)) {
            throw new IllegalStateException("the two databases disagree on the negatives: " + weekly.negatives.size()
                    + " vs " + whole.negatives.size());
        }
        Agreement agreement = Agreement.of(weekly.negatives, weekly.labels, whole.labels);
        int inWeekly = (int) weekly.negatives.stream().filter(weekly.labels::containsKey).count();
        int inWhole = (int) weekly.negatives.stream().filter(whole.labels::containsKey).count();
        System.out.printf(Locale.ROOT, "  negatives %,d; assigned week by week %,d, in the whole run %,d, in both %,d%n",
                agreement.items(), inWeekly, inWhole, agreement.labelledBoth());
        System.out.printf(Locale.ROOT, "  AGREEMENT %.3f (%,d of %,d assigned in both keep their pattern under the best"
                        + " one-to-one id matching)%n", agreement.share(), agreement.matched(),
                agreement.labelledBoth());
        long literal = weekly.negatives.stream().filter(id -> weekly.labels.containsKey(id)
                && weekly.labels.get(id).equals(whole.labels.get(id))).count();
        System.out.printf(Locale.ROOT, "  literal ids: %,d of %,d (%.3f) carry the very same id string in both (a run"
                + " numbers its new patterns largest first, so two databases agree on an id only when the pattern was"
                + " created in the same run with the same rank)%n", literal,
                agreement.labelledBoth(), (double) literal / agreement.labelledBoth());
        System.out.printf(Locale.ROOT, "  ARI %.3f over all negatives (unassigned one label), %.3f over those assigned"
                + " in both%n", agreement.ari(), agreement.ariBoth());
        Map<String, String> truthLabels = truthLabels(world.truth());
        System.out.printf(Locale.ROOT, "  ARI against the truth (noise one label): week by week %.3f, whole span %.3f%n",
                ari(weekly.negatives, truthLabels, weekly.labels), ari(weekly.negatives, truthLabels, whole.labels));
        System.out.printf("  %-28s %-9s %-9s %s%n", "planted pattern", "weekly id", "whole id", "matched to each other");
        Map<String, String> pairOf = new HashMap<>();
        agreement.pairs().forEach(p -> pairOf.put(p.first(), p.second()));
        for (int k = 0; k < weekly.score.matches().size(); k++) {
            Evaluation.Match a = weekly.score.matches().get(k);
            Evaluation.Match b = whole.score.matches().get(k);
            String ida = a.found() ? a.foundId() : "-";
            String idb = b.found() ? b.foundId() : "-";
            String verdict = !a.found() || !b.found() ? "n/a" : idb.equals(pairOf.get(ida)) ? "yes"
                    : "no (" + ida + " -> " + pairOf.getOrDefault(ida, "nothing") + ")";
            System.out.printf("  %-28s %-9s %-9s %s%n", clip(a.plantedId(), 28), ida, idb, verdict);
        }
        System.out.printf("  largest matched pairs (weekly id -> whole id: overlap / weekly size / whole size):%n   ");
        agreement.pairs().stream().limit(12).forEach(p -> System.out.printf(Locale.ROOT, " %s->%s %d/%d/%d;",
                p.first(), p.second(), p.overlap(), p.firstSize(), p.secondSize()));
        System.out.printf(Locale.ROOT, "%n  weekly patterns %d, whole-span patterns %d, matched pairs %d%n",
                new HashSet<>(weekly.labels.values()).size(), new HashSet<>(whole.labels.values()).size(),
                agreement.pairs().size());
    }

    /** For each planted pattern, the pattern id that holds most of its failures in each week. */
    private static void weekByWeekIds(GroundTruth truth, List<TriageReport> reports) {
        System.out.printf("  id holding most of each planted pattern's failures per week (share of them):%n");
        System.out.printf("  %-28s", "planted pattern");
        reports.forEach(r -> System.out.printf(" %-15s", r.from().toString().substring(0, 10)));
        System.out.println();
        for (GroundTruth.Pattern p : truth.patterns()) {
            Set<String> failing = new HashSet<>(p.failingRequestIds());
            System.out.printf("  %-28s", clip(p.id(), 28));
            for (TriageReport r : reports) {
                System.out.printf(" %-15s", bestIn(r, failing));
            }
            System.out.println();
        }
    }

    private static String bestIn(TriageReport r, Set<String> failing) {
        int inWeek = 0;
        for (String id : r.unassignedRequestIds()) {
            inWeek += failing.contains(id) ? 1 : 0;
        }
        String best = null;
        int bestOverlap = 0;
        for (TriageReport.PatternSummary s : r.patterns()) {
            int overlap = 0;
            for (String id : s.requestIds()) {
                overlap += failing.contains(id) ? 1 : 0;
            }
            inWeek += overlap;
            if (overlap > bestOverlap) {
                bestOverlap = overlap;
                best = s.id();
            }
        }
        // failures in patterns the report leaves out (dismissed) are not counted: rare and human-made
        if (inWeek == 0) {
            return "(none)";
        }
        return best == null ? "- (0/" + inWeek + ")"
                : String.format(Locale.ROOT, "%s %.0f%%", best, 100.0 * bestOverlap / inWeek);
    }

    private static void printScore(Evaluation.Score s) {
        System.out.printf("  %-28s %-17s %7s %-7s %5s %5s %5s %4s %s%n", "planted pattern", "cause", "members",
                "found", "F1", "prec", "rec", "frag", "found cause");
        for (Evaluation.Match m : s.matches()) {
            System.out.printf(Locale.ROOT, "  %-28s %-17s %7d %-7s %5.2f %5.2f %5.2f %4d %s%n", clip(m.plantedId(), 28),
                    m.cause(), m.planted(), m.found() ? m.foundId() : "-", m.f1(), m.precision(), m.recall(),
                    m.fragments(), m.found() ? m.foundCause() : "-");
        }
        System.out.printf(Locale.ROOT, "  SCORE recall %.2f (%d/%d found), purity %.3f, spurious %d, patterns %d,"
                        + " cause accuracy %.2f%n", s.recall(), s.matches().stream().filter(Evaluation.Match::found)
                        .count(), s.matches().size(), s.purity(), s.spurious(), s.foundPatterns(), s.causeAccuracy());
    }

    private static Map<String, String> truthLabels(GroundTruth truth) {
        Map<String, String> out = new HashMap<>();
        truth.patterns().forEach(p -> p.failingRequestIds().forEach(id -> out.put(id, p.id())));
        return out;
    }

    private static double ari(List<String> ids, Map<String, String> first, Map<String, String> second) {
        return Agreement.ari(ids.stream().map(id -> first.getOrDefault(id, Agreement.NONE)).toList(),
                ids.stream().map(id -> second.getOrDefault(id, Agreement.NONE)).toList());
    }

    /**
     * -Dtriage.assignThreshold, -Dtriage.mergeThreshold, -Dtriage.consolidateThreshold,
     * -Dtriage.outputChars override the defaults; anything else stays as in TriageConfig.DEFAULT.
     */
    private static TriageConfig configFromProperties() {
        TriageConfig d = TriageConfig.DEFAULT;
        return new TriageConfig(d.rules(), prop("triage.assignThreshold", d.assignThreshold()),
                prop("triage.mergeThreshold", d.mergeThreshold()),
                prop("triage.consolidateThreshold", d.consolidateThreshold()), d.minClusterSize(), d.minLift(),
                d.sampleSize(), (int) prop("triage.outputChars", d.outputChars()), d.exemplars());
    }

    private static double prop(String name, double fallback) {
        String value = System.getProperty(name);
        return value == null ? fallback : Double.parseDouble(value);
    }

    /** Loads the embedding model before any timing, so no stage pays for it. */
    static double loadModel(Feedloop feedloop) {
        long t0 = System.nanoTime();
        feedloop.embedder().modelId();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
