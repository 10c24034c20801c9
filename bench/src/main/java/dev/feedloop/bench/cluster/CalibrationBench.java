package dev.feedloop.bench.cluster;

import dev.feedloop.triage.cluster.ClusterResult;
import dev.feedloop.triage.cluster.Clusterer;
import dev.feedloop.triage.cluster.PatternAssigner;
import dev.feedloop.triage.embed.Vectors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Calibrates the "close enough to a known pattern" similarity. Patterns are the intents of
 * banking77-train; the queries are banking77-test. Open set: 20 random draws where only 75 % of
 * the intents are known patterns, so a query of an unknown intent must stay unassigned (any
 * assignment of it counts as a wrong one). Precision = correct among assigned; recall = correct
 * among queries of known intents.
 */
final class CalibrationBench {
    private static final int DRAWS = 20;

    private CalibrationBench() {
    }

    record Split(float[][] trainX, int[] trainY, float[][] testX, int[] testY, int classes) {
    }

    static void run(String model) throws Exception {
        Split banking = banking(model);
        System.out.println("\n### assignment calibration, banking77 train -> test, " + model + "\n");
        System.out.println(HEADER);
        for (PatternAssigner.Rule rule : PatternAssigner.Rule.values()) {
            double[][] sims = classSimilarities(banking, rule);
            for (int t = 70; t <= 95; t++) {
                printRow(rule, t / 100.0, banking, sims);
            }
        }
        System.out.println("\nDefaults in PatternAssigner for " + model + ": centroid "
                + PatternAssigner.defaultThreshold(model, PatternAssigner.Rule.CENTROID) + ", exemplar "
                + PatternAssigner.defaultThreshold(model, PatternAssigner.Rule.EXEMPLAR));
        transfer(model);
        unsupervised(banking, model);
    }

    private static final String HEADER = "| rule | threshold | closed-set precision | closed-set coverage "
            + "| open-set precision | open-set recall | unknown assigned |\n|---|---:|---:|---:|---:|---:|---:|";

    private static void printRow(PatternAssigner.Rule rule, double th, Split s, double[][] sims) {
        double[] closed = evaluate(s, sims, th, allKnown(s.classes));
        double[] open = openSet(s, sims, th);
        System.out.printf("| %s | %.2f | %.3f | %.3f | %.3f | %.3f | %.3f |%n", rule, th, closed[0], closed[3],
                open[0], open[1], open[2]);
    }

    /** The same defaults on HWU64 (random 80/20 split per label, open set as above). */
    private static void transfer(String model) throws Exception {
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
        System.out.println("\nTransfer to hwu64 (random 80/20 split), at the defaults:\n");
        System.out.println(HEADER);
        for (PatternAssigner.Rule rule : PatternAssigner.Rule.values()) {
            printRow(rule, PatternAssigner.defaultThreshold(model, rule), s, classSimilarities(s, rule));
        }
    }

    /** Patterns found by our Clusterer on banking77-train; correct = the pattern's majority intent. */
    private static void unsupervised(Split s, String model) {
        ClusterResult r = new Clusterer().cluster(s.trainX);
        int[] majority = new int[r.clusterCount()];
        for (int c = 0; c < majority.length; c++) {
            Map<Integer, Integer> votes = new HashMap<>();
            for (int i : r.members(c)) {
                votes.merge(s.trainY[i], 1, Integer::sum);
            }
            majority[c] = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }
        double th = PatternAssigner.defaultThreshold(model, PatternAssigner.Rule.CENTROID);
        PatternAssigner a = PatternAssigner.byCentroid(List.of(r.centroids()), th);
        int assigned = 0;
        int correct = 0;
        for (int i = 0; i < s.testX.length; i++) {
            PatternAssigner.Assignment hit = a.assign(s.testX[i]);
            if (hit.assigned()) {
                assigned++;
                correct += majority[hit.pattern()] == s.testY[i] ? 1 : 0;
            }
        }
        System.out.printf("%nUnsupervised patterns (%d clusters found on banking77-train), centroid rule at %.2f: "
                + "precision %.3f (vs the pattern's majority intent), coverage %.3f%n",
                r.clusterCount(), th, (double) correct / Math.max(1, assigned), (double) assigned / s.testX.length);
    }

    /**
     * Similarity of each test query to each class under a rule: to the class's unit centroid, or
     * to its most similar training example. Computed once; a threshold then only filters.
     */
    private static double[][] classSimilarities(Split s, PatternAssigner.Rule rule) {
        List<List<float[]>> members = new ArrayList<>();
        for (int c = 0; c < s.classes; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < s.trainY.length; i++) {
            members.get(s.trainY[i]).add(s.trainX[i]);
        }
        List<float[]> centroids = members.stream().map(m -> Vectors.l2Normalize(mean(m))).toList();
        double[][] sims = new double[s.testX.length][s.classes];
        java.util.stream.IntStream.range(0, s.testX.length).parallel().forEach(i -> {
            for (int c = 0; c < s.classes; c++) {
                double best = -1;
                if (rule == PatternAssigner.Rule.CENTROID) {
                    best = Vectors.dot(s.testX[i], centroids.get(c));
                } else {
                    for (float[] e : members.get(c)) {
                        best = Math.max(best, Vectors.dot(s.testX[i], e));
                    }
                }
                sims[i][c] = best;
            }
        });
        return sims;
    }

    private static boolean[] allKnown(int classes) {
        boolean[] known = new boolean[classes];
        java.util.Arrays.fill(known, true);
        return known;
    }

    private static double[] openSet(Split s, double[][] sims, double th) {
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
            double[] e = evaluate(s, sims, th, known);
            for (int k = 0; k < 4; k++) {
                sum[k] += e[k] / DRAWS;
            }
        }
        return sum;
    }

    /** precision, recall on known intents, share of unknown-intent queries assigned, coverage. */
    private static double[] evaluate(Split s, double[][] sims, double th, boolean[] known) {
        int assigned = 0;
        int correct = 0;
        int knownQueries = 0;
        int unknownQueries = 0;
        int unknownAssigned = 0;
        for (int i = 0; i < s.testX.length; i++) {
            int best = -1;
            double bestSim = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < s.classes; c++) {
                if (known[c] && sims[i][c] > bestSim) {
                    bestSim = sims[i][c];
                    best = c;
                }
            }
            boolean isKnown = known[s.testY[i]];
            knownQueries += isKnown ? 1 : 0;
            unknownQueries += isKnown ? 0 : 1;
            if (bestSim >= th) {
                assigned++;
                correct += best == s.testY[i] ? 1 : 0;
                unknownAssigned += isKnown ? 0 : 1;
            }
        }
        return new double[] {(double) correct / Math.max(1, assigned), (double) correct / Math.max(1, knownQueries),
                unknownQueries == 0 ? 0 : (double) unknownAssigned / unknownQueries, (double) assigned / s.testX.length};
    }

    private static float[] mean(List<float[]> rows) {
        float[] m = new float[rows.get(0).length];
        for (float[] r : rows) {
            for (int d = 0; d < m.length; d++) {
                m[d] += r[d] / rows.size();
            }
        }
        return m;
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
