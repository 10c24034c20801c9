package dev.feedloop.bench.cluster;

import dev.feedloop.triage.Assigner;
import dev.feedloop.triage.TriageConfig;
import dev.feedloop.triage.cluster.ClusterResult;
import dev.feedloop.triage.cluster.Clusterer;
import dev.feedloop.triage.embed.Vectors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Calibrates the threshold of {@link Assigner}, the rule triage ships, and compares it with two
 * simpler rules. Patterns are the intents of banking77-train, built as triage stores patterns
 * ({@link KnownPatterns}: unit centroid, 24 exemplars); the queries are banking77-test. Open set: 20
 * random draws where only 75 % of the intents are known patterns, so a query of an unknown intent
 * must stay unassigned (any assignment of it counts as a wrong one). Precision = correct among
 * assigned; recall = correct among queries of known intents.
 *
 * <p>The sweep evaluates the rules on similarities computed once; the blend rows are checked equal,
 * query by query, to what {@link Assigner#match} decides on the closed set at every threshold.
 */
final class CalibrationBench {
    private static final int DRAWS = 20;
    /** The sweep, in hundredths. */
    private static final int FROM = 70;
    private static final int TO = 95;
    /** The bar a default is held to: precision on the open set. */
    private static final double PRECISION_BAR = 0.90;

    /** The shipped rule and two references. */
    enum Rule {
        BLEND("blend (Assigner, shipped)"), CENTROID("ref: centroid alone"), EXEMPLAR("ref: nearest exemplar alone");

        final String label;

        Rule(String label) {
            this.label = label;
        }
    }

    private CalibrationBench() {
    }

    record Split(float[][] trainX, int[] trainY, float[][] testX, int[] testY, int classes) {
    }

    /** Cosine of each query to each pattern's centroid and to its nearest exemplar. */
    record Sims(double[][] centroid, double[][] nearest) {
        static Sims of(float[][] queries, List<Assigner.Target> targets) {
            double[][] c = new double[queries.length][targets.size()];
            double[][] n = new double[queries.length][targets.size()];
            IntStream.range(0, queries.length).parallel().forEach(i -> {
                for (int k = 0; k < targets.size(); k++) {
                    Assigner.Target t = targets.get(k);
                    c[i][k] = Vectors.dot(queries[i], t.centroid());
                    double best = -1;
                    for (float[] e : t.exemplars()) {
                        best = Math.max(best, Vectors.dot(queries[i], e));
                    }
                    n[i][k] = t.exemplars().isEmpty() ? c[i][k] : best;
                }
            });
            return new Sims(c, n);
        }
    }

    static void run(String model) throws Exception {
        Split banking = banking(model);
        List<Assigner.Target> targets = KnownPatterns.byLabel(banking.trainX, banking.trainY, banking.classes);
        Sims sims = Sims.of(banking.testX, targets);
        double shipped = TriageConfig.DEFAULT.assignThreshold();
        System.out.println("\n### assignment calibration, banking77 train -> test, " + model + "\n");
        System.out.printf("%d patterns (intents of banking77-train, %d exemplars each), %d queries (banking77-test)%n%n",
                targets.size(), TriageConfig.DEFAULT.exemplars(), banking.testX.length);
        System.out.println(HEADER);
        Map<Rule, Double> calibrated = new HashMap<>();
        Map<Rule, double[]> bestF1 = new HashMap<>();
        for (Rule rule : Rule.values()) {
            for (int t = FROM; t <= TO; t++) {
                double th = t / 100.0;
                double[] open = printRow(rule, th, banking, sims);
                if (open[0] >= PRECISION_BAR && !calibrated.containsKey(rule)) {
                    calibrated.put(rule, th);
                }
                double f1 = 2 * open[0] * open[1] / Math.max(1e-12, open[0] + open[1]);
                if (!bestF1.containsKey(rule) || f1 > bestF1.get(rule)[1]) {
                    bestF1.put(rule, new double[] {th, f1, open[0], open[1]});
                }
            }
        }
        System.out.printf("%nBlend rows checked equal to Assigner.match: %s%n", checkAgainstAssigner(banking, targets, sims));
        System.out.printf("%nShipped threshold (TriageConfig.DEFAULT.assignThreshold): %.2f%n", shipped);
        for (Rule rule : Rule.values()) {
            double[] f = bestF1.get(rule);
            System.out.printf("%s: lowest threshold with open-set precision >= %.2f: %s; best open-set F1 %.3f at %.2f"
                    + " (precision %.3f, recall %.3f)%n", rule.label, PRECISION_BAR,
                    calibrated.containsKey(rule) ? String.format("%.2f", calibrated.get(rule)) : "none", f[1], f[0],
                    f[2], f[3]);
        }
        transfer(model, shipped, calibrated);
        unsupervised(banking, shipped, calibrated.get(Rule.BLEND));
    }

    private static final String HEADER = "| rule | threshold | closed-set precision | closed-set coverage "
            + "| open-set precision | open-set recall | unknown assigned |\n|---|---:|---:|---:|---:|---:|---:|";

    /** Prints one row; returns the open-set precision and recall. */
    private static double[] printRow(Rule rule, double th, Split s, Sims sims) {
        double[] closed = evaluate(rule, s, sims, th, allKnown(s.classes));
        double[] open = openSet(rule, s, sims, th);
        System.out.printf("| %s | %.2f | %.3f | %.3f | %.3f | %.3f | %.3f |%n", rule.label, th, closed[0], closed[3],
                open[0], open[1], open[2]);
        return open;
    }

    /** Runs the shipped class on every query at every threshold of the sweep (all patterns known). */
    private static String checkAgainstAssigner(Split s, List<Assigner.Target> targets, Sims sims) {
        boolean[] known = allKnown(s.classes);
        long differ = 0;
        for (int t = FROM; t <= TO; t++) {
            double th = t / 100.0;
            Assigner assigner = new Assigner(targets, th);
            differ += IntStream.range(0, s.testX.length).parallel()
                    .filter(i -> assigner.match(s.testX[i]).target() != decide(Rule.BLEND, sims, i, th, known))
                    .count();
        }
        int checks = s.testX.length * (TO - FROM + 1);
        return differ == 0 ? "all " + checks + " decisions (" + s.testX.length + " queries x " + (TO - FROM + 1)
                + " thresholds) agree" : differ + " of " + checks + " decisions DIFFER";
    }

    /**
     * The pattern a rule assigns query i to among the known ones, or -1. BLEND is {@link Assigner#match}
     * on precomputed similarities (checked equal by {@link #checkAgainstAssigner}).
     */
    static int decide(Rule rule, Sims sims, int i, double th, boolean[] known) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < known.length; c++) {
            if (!known[c]) {
                continue;
            }
            double score = switch (rule) {
                case BLEND -> sims.centroid[i][c] < th - Assigner.EXEMPLAR_MARGIN ? Double.NEGATIVE_INFINITY
                        : Assigner.score(sims.centroid[i][c], sims.nearest[i][c]);
                case CENTROID -> sims.centroid[i][c];
                case EXEMPLAR -> sims.nearest[i][c];
            };
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return bestScore >= th ? best : -1;
    }

    /** The same rules on HWU64 (random 80/20 split per text, open set as above). */
    private static void transfer(String model, double shipped, Map<Rule, Double> calibrated) throws Exception {
        Dataset ds = Dataset.byName("hwu64");
        Dataset.Loaded data = ds.load();
        float[][] x = CachedVectors.of(ds, data.texts(), model);
        Random r = new Random(11);
        List<float[]> trX = new ArrayList<>();
        List<Integer> trY = new ArrayList<>();
        List<float[]> teX = new ArrayList<>();
        List<Integer> teY = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            boolean test = r.nextDouble() < 0.2;
            (test ? teX : trX).add(x[i]);
            (test ? teY : trY).add(data.labels()[i]);
        }
        Split s = new Split(trX.toArray(float[][]::new), trY.stream().mapToInt(Integer::intValue).toArray(),
                teX.toArray(float[][]::new), teY.stream().mapToInt(Integer::intValue).toArray(), data.classes());
        Sims sims = Sims.of(s.testX, KnownPatterns.byLabel(s.trainX, s.trainY, s.classes));
        System.out.println("\nTransfer to hwu64 (random 80/20 split), at the shipped threshold and at each rule's"
                + " banking77 calibration:\n");
        System.out.println(HEADER);
        for (Rule rule : Rule.values()) {
            TreeSet<Double> ths = new TreeSet<>(List.of(shipped));
            if (calibrated.containsKey(rule)) {
                ths.add(calibrated.get(rule));
            }
            for (double th : ths) {
                printRow(rule, th, s, sims);
            }
        }
    }

    /** Patterns found by our Clusterer on banking77-train; correct = the pattern's majority intent. */
    private static void unsupervised(Split s, double shipped, Double calibrated) {
        ClusterResult r = new Clusterer().cluster(s.trainX);
        int[] majority = new int[r.clusterCount()];
        List<Assigner.Target> targets = new ArrayList<>();
        for (int c = 0; c < majority.length; c++) {
            Map<Integer, Integer> votes = new HashMap<>();
            List<float[]> members = new ArrayList<>();
            for (int i : r.members(c)) {
                votes.merge(s.trainY[i], 1, Integer::sum);
                members.add(s.trainX[i]);
            }
            majority[c] = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            targets.add(KnownPatterns.of("cluster-" + c, members));
        }
        TreeSet<Double> ths = new TreeSet<>(List.of(shipped));
        if (calibrated != null) {
            ths.add(calibrated);
        }
        for (double th : ths) {
            Assigner a = new Assigner(targets, th);
            int assigned = 0;
            int correct = 0;
            for (int i = 0; i < s.testX.length; i++) {
                Assigner.Match hit = a.match(s.testX[i]);
                if (hit.matched()) {
                    assigned++;
                    correct += majority[hit.target()] == s.testY[i] ? 1 : 0;
                }
            }
            System.out.printf("%nUnsupervised patterns (%d clusters found on banking77-train), Assigner at %.2f: "
                    + "precision %.3f (vs the pattern's majority intent), coverage %.3f%n", r.clusterCount(), th,
                    (double) correct / Math.max(1, assigned), (double) assigned / s.testX.length);
        }
    }

    private static boolean[] allKnown(int classes) {
        boolean[] known = new boolean[classes];
        java.util.Arrays.fill(known, true);
        return known;
    }

    private static double[] openSet(Rule rule, Split s, Sims sims, double th) {
        Random r = new Random(3);
        double[] sum = new double[4];
        for (int d = 0; d < DRAWS; d++) {
            List<Integer> ids = new ArrayList<>();
            for (int c = 0; c < s.classes; c++) {
                ids.add(c);
            }
            java.util.Collections.shuffle(ids, r);
            boolean[] known = new boolean[s.classes];
            for (int k = 0; k < Math.round(s.classes * 0.75); k++) {
                known[ids.get(k)] = true;
            }
            double[] e = evaluate(rule, s, sims, th, known);
            for (int k = 0; k < 4; k++) {
                sum[k] += e[k] / DRAWS;
            }
        }
        return sum;
    }

    /** precision, recall on known intents, share of unknown-intent queries assigned, coverage. */
    private static double[] evaluate(Rule rule, Split s, Sims sims, double th, boolean[] known) {
        int assigned = 0;
        int correct = 0;
        int knownQueries = 0;
        int unknownQueries = 0;
        int unknownAssigned = 0;
        for (int i = 0; i < s.testX.length; i++) {
            int best = decide(rule, sims, i, th, known);
            boolean isKnown = known[s.testY[i]];
            knownQueries += isKnown ? 1 : 0;
            unknownQueries += isKnown ? 0 : 1;
            if (best >= 0) {
                assigned++;
                correct += best == s.testY[i] ? 1 : 0;
                unknownAssigned += isKnown ? 0 : 1;
            }
        }
        return new double[] {(double) correct / Math.max(1, assigned), (double) correct / Math.max(1, knownQueries),
                unknownQueries == 0 ? 0 : (double) unknownAssigned / unknownQueries, (double) assigned / s.testX.length};
    }

    private static Split banking(String model) throws Exception {
        Dataset train = Dataset.byName("banking77-train");
        Dataset test = Dataset.byName("banking77");
        Dataset.Loaded tr = train.load();
        Dataset.Loaded te = test.load();
        Map<String, Integer> ids = new HashMap<>();
        int[] trY = java.util.Arrays.stream(tr.labelNames()).mapToInt(n -> ids.computeIfAbsent(n, k -> ids.size())).toArray();
        int[] teY = java.util.Arrays.stream(te.labelNames()).mapToInt(n -> ids.computeIfAbsent(n, k -> ids.size())).toArray();
        return new Split(CachedVectors.of(train, tr.texts(), model), trY, CachedVectors.of(test, te.texts(), model),
                teY, ids.size());
    }
}
