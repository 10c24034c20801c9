package dev.feedloop.bench.verify;

import dev.feedloop.stats.FixVerdict;
import dev.feedloop.stats.FixVerdicts;
import dev.feedloop.stats.RateWindow;
import dev.feedloop.stats.Verdict;
import dev.feedloop.stats.VerdictPolicy;
import java.util.Locale;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Simulated fix verifications: our exact rate test against the reference design's rule
 * (raw counts, "effective" when they drop by more than 30 %).
 *
 * <p>Each trial draws a before window of 2,000-50,000 responses (log-uniform), an after window
 * of the same traffic times a factor, and Poisson occurrences with the before window's expected
 * count fixed per row (5 to 500). Run by hand:
 * <pre>
 * mvn -q -o -pl bench -am package -DskipTests
 * java -cp "bench/target/feedloop-bench.jar:bench/target/lib/*" dev.feedloop.bench.verify.VerifySimulation [trials] [seed]
 * </pre>
 */
public final class VerifySimulation {

    private static final int[] EXPECTED_BEFORE = {5, 10, 20, 40, 100, 500};
    private static final double MIN_RESPONSES = 2_000;
    private static final double MAX_RESPONSES = 50_000;
    /** The reference design calls a fix effective above this raw-count reduction (seed article, step 4). */
    private static final double NAIVE_BAR_PCT = 30;

    private final RandomGenerator random;
    private final VerdictPolicy policy;
    private final int trials;

    VerifySimulation(RandomGenerator random, VerdictPolicy policy, int trials) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be >= 1, got " + trials);
        }
        this.random = random;
        this.policy = policy;
        this.trials = trials;
    }

    public static void main(String[] args) {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 20_261_129L;
        VerifySimulation sim = new VerifySimulation(new Well19937c(seed), VerdictPolicy.DEFAULT, trials);
        System.out.printf(Locale.ROOT, "Fix verification simulation: %d trials per row, seed %d, policy %s%n",
                trials, seed, VerdictPolicy.DEFAULT);
        long start = System.nanoTime();
        sim.run("1. False alarms: the fix does nothing (same rate), after traffic x U(0.8, 1.25)", 1.0, false);
        sim.run("2. Power: the fix halves the rate, after traffic x U(0.8, 1.25)", 0.5, false);
        sim.run("3. Traffic: the fix does nothing while traffic doubles after deployment", 1.0, true);
        sim.run("4. Traffic: the fix halves the rate while traffic doubles (raw counts stay flat)", 0.5, true);
        System.out.printf(Locale.ROOT, "%nelapsed %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    /** One scenario: a row per expected before count, then rows pooled over 40+ expected and 40+ observed. */
    void run(String title, double trueRatio, boolean trafficDoubles) {
        System.out.printf(Locale.ROOT, "%n%s%n", title);
        System.out.printf(Locale.ROOT, "  %10s | %16s %8s %9s %8s | %16s %8s | %24s %17s%n", "before", "ours: effective",
                "not_eff", "(worse)", "inconcl", "naive: effective", "'worse'", "inconclusive: median need",
                "no wait suffices");
        System.out.printf(Locale.ROOT, "  %10s | %16s %8s %9s %8s | %16s %8s | %24s %17s%n", "(expected)", "", "", "", "",
                "(drop > 30%)", "(rise>30%)", "(responses, if reachable)", "(% of all trials)");
        Tally pooled = new Tally();
        Tally observed40 = new Tally();
        for (int expected : EXPECTED_BEFORE) {
            Tally row = new Tally();
            for (int i = 0; i < trials; i++) {
                Trial t = trial(expected, trueRatio, trafficDoubles);
                row.add(t);
                if (expected >= 40) {
                    pooled.add(t);
                }
                if (t.before().occurrences() >= 40) {
                    observed40.add(t);
                }
            }
            row.print(Integer.toString(expected));
        }
        pooled.print("all >= 40");
        observed40.print("obs. >= 40");
    }

    private Trial trial(int expectedBefore, double trueRatio, boolean trafficDoubles) {
        long n1 = Math.round(MIN_RESPONSES * Math.pow(MAX_RESPONSES / MIN_RESPONSES, random.nextDouble()));
        double factor = trafficDoubles ? 2.0 : 0.8 * Math.pow(1.25 / 0.8, random.nextDouble());
        long n2 = Math.round(n1 * factor);
        double rateBefore = expectedBefore / (double) n1;
        RateWindow before = new RateWindow(poisson(expectedBefore), n1);
        RateWindow after = new RateWindow(poisson(trueRatio * rateBefore * n2), n2);
        return new Trial(before, after, FixVerdicts.verify(before, after, policy));
    }

    private long poisson(double mean) {
        return new PoissonDistribution(random, mean, PoissonDistribution.DEFAULT_EPSILON,
                PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
    }

    /** The reference design's reduction on raw counts: 0 when nothing occurred before. */
    static double naiveReductionPct(long before, long after) {
        return before == 0 ? 0 : (before - after) * 100.0 / before;
    }

    private record Trial(RateWindow before, RateWindow after, FixVerdict ours) {
    }

    /** Counts per verdict for a set of trials. */
    private static final class Tally {
        private int total;
        private int effective;
        private int notEffective;
        private int worse;
        private int inconclusive;
        private int naiveEffective;
        private int naiveWorse;
        private int unreachable;
        private final java.util.List<Long> needs = new java.util.ArrayList<>();

        void add(Trial t) {
            total++;
            Verdict v = t.ours().verdict();
            effective += v == Verdict.EFFECTIVE ? 1 : 0;
            notEffective += v == Verdict.NOT_EFFECTIVE ? 1 : 0;
            inconclusive += v == Verdict.INCONCLUSIVE ? 1 : 0;
            worse += t.ours().worse() ? 1 : 0;
            if (v == Verdict.INCONCLUSIVE) {
                if (t.ours().neededAdditionalExposure().isPresent()) {
                    needs.add(t.ours().neededAdditionalExposure().getAsLong());
                } else {
                    unreachable++;
                }
            }
            double naive = naiveReductionPct(t.before().occurrences(), t.after().occurrences());
            naiveEffective += naive > NAIVE_BAR_PCT ? 1 : 0;
            naiveWorse += naive < -NAIVE_BAR_PCT ? 1 : 0;
        }

        void print(String label) {
            String need = needs.isEmpty() ? "-" : Long.toString(needs.stream().sorted().toList().get(needs.size() / 2));
            System.out.printf(Locale.ROOT,
                    "  %10s | %15.1f%% %7.1f%% (%6.1f%%) %7.1f%% | %15.1f%% %7.1f%% | %24s %16.1f%%   (n=%d)%n",
                    label, pct(effective), pct(notEffective), pct(worse), pct(inconclusive),
                    pct(naiveEffective), pct(naiveWorse), need, pct(unreachable), total);
        }

        private double pct(int count) {
            return 100.0 * count / total;
        }
    }
}
