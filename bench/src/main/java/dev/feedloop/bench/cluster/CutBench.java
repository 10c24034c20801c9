package dev.feedloop.bench.cluster;

import dev.feedloop.triage.cluster.ClusterConfig;
import dev.feedloop.triage.cluster.Clusterer;
import dev.feedloop.triage.cluster.Dendrogram;
import dev.feedloop.triage.cluster.KMeans;
import dev.feedloop.triage.cluster.WardTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Which rule cuts Ward's tree so that it holds on data it was not tuned on: every rule is scored
 * over a grid of its parameter on each labelled set, then judged by leave-one-data-set-out (tune
 * on the other sets, score the held-out one). The cut is followed by the shipped polish (spherical
 * k-means) and small clusters become noise, as in {@link Clusterer}.
 */
final class CutBench {
    private CutBench() {
    }

    /** A labelled set with its vectors, scored once per distinct cut. */
    record Set(String name, float[][] x, int[] y, int classes) {
    }

    /** A cut rule: from a set's tree and a parameter value to labels of the vectors. */
    record Rule(String name, String param, double[] grid, BiFunction<Tree, Double, int[]> cut) {
    }

    /** A set's Ward tree with what the rules need: node sizes and within-cluster sums of squares. */
    static final class Tree {
        final WardTree ward;
        final float[][] x;
        final double[] itemSs;
        final int[] itemSize;

        Tree(WardTree ward, float[][] x) {
            this.ward = ward;
            this.x = x;
            int m = ward.dendrogram().leaves();
            itemSize = new int[m];
            for (int g : ward.itemOf()) {
                itemSize[g]++;
            }
            int[] itemOf = ward.itemOf();
            float[][] mean = new float[m][x[0].length];
            for (int i = 0; i < x.length; i++) {
                for (int d = 0; d < x[i].length; d++) {
                    mean[itemOf[i]][d] += x[i][d] / itemSize[itemOf[i]];
                }
            }
            itemSs = new double[m];
            for (int i = 0; i < x.length; i++) {
                double s = 0;
                for (int d = 0; d < x[i].length; d++) {
                    double t = x[i][d] - mean[itemOf[i]][d];
                    s += t * t;
                }
                itemSs[itemOf[i]] += s;
            }
        }
    }

    static void run(String model) throws Exception {
        List<Set> sets = sets(model);
        for (Set s : sets) {
            System.err.printf("%s: %d texts, %d labels%n", s.name, s.x.length, s.classes);
        }
        List<Rule> rules = rules();
        Map<String, double[][][]> scores = new LinkedHashMap<>(); // rule -> set -> grid -> {nmi, ari, k}
        for (Set s : sets) {
            long t0 = System.nanoTime();
            Tree tree = new Tree(new Clusterer().tree(s.x), s.x);
            Map<String, double[]> memo = new HashMap<>();
            for (Rule r : rules) {
                double[][][] byRule = scores.computeIfAbsent(r.name, k -> new double[sets.size()][][]);
                double[][] row = new double[r.grid.length][];
                for (int p = 0; p < r.grid.length; p++) {
                    int[] cut = r.cut.apply(tree, r.grid[p]);
                    row[p] = memo.computeIfAbsent(key(cut), k -> score(s, cut));
                }
                byRule[sets.indexOf(s)] = row;
            }
            System.err.printf("%s scored in %.1f s%n", s.name, (System.nanoTime() - t0) / 1e9);
        }
        for (Rule r : rules) {
            report(r, sets, scores.get(r.name));
        }
    }

    static void report(Rule r, List<Set> sets, double[][][] s) {
        System.out.printf(Locale.ROOT, "%n### %s (parameter %s)%n%n", r.name, r.param);
        StringBuilder head = new StringBuilder("| " + r.param + " |");
        for (Set set : sets) {
            head.append(' ').append(set.name).append(" NMI / ARI / k |");
        }
        System.out.println(head + " mean NMI |");
        System.out.println("|---:|" + "---:|".repeat(sets.size() + 1));
        for (int p = 0; p < r.grid.length; p++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s |", fmt(r.grid[p])));
            double mean = 0;
            for (int d = 0; d < sets.size(); d++) {
                line.append(String.format(Locale.ROOT, " %.3f / %.3f / %.0f |", s[d][p][0], s[d][p][1], s[d][p][2]));
                mean += s[d][p][0] / sets.size();
            }
            System.out.println(line + String.format(Locale.ROOT, " %.3f |", mean));
        }
        System.out.println();
        System.out.println("| held-out set | tuned on the others: " + r.param
                + " | held-out NMI / ARI / k | tuned on all sets: " + r.param
                + " | in-sample NMI / ARI / k | NMI gap | best on the set itself: " + r.param + " | NMI / ARI |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        int all = best(s, r.grid.length, -1);
        for (int d = 0; d < sets.size(); d++) {
            int out = best(s, r.grid.length, d);
            int self = argmax(s[d]);
            System.out.printf(Locale.ROOT, "| %s | %s | %.3f / %.3f / %.0f | %s | %.3f / %.3f / %.0f | %+.3f | %s | %.3f / %.3f |%n",
                    sets.get(d).name, fmt(r.grid[out]), s[d][out][0], s[d][out][1], s[d][out][2],
                    fmt(r.grid[all]), s[d][all][0], s[d][all][1], s[d][all][2], s[d][out][0] - s[d][all][0],
                    fmt(r.grid[self]), s[d][self][0], s[d][self][1]);
        }
        System.out.flush();
    }

    /** Grid index with the best mean NMI over the sets other than {@code leftOut} (-1: all sets). */
    static int best(double[][][] s, int grid, int leftOut) {
        int best = 0;
        double bestMean = -1;
        for (int p = 0; p < grid; p++) {
            double sum = 0;
            for (int d = 0; d < s.length; d++) {
                if (d != leftOut) {
                    sum += s[d][p][0];
                }
            }
            if (sum > bestMean + 1e-12) {
                bestMean = sum;
                best = p;
            }
        }
        return best;
    }

    private static int argmax(double[][] row) {
        int b = 0;
        for (int p = 1; p < row.length; p++) {
            if (row[p][0] > row[b][0] + 1e-12) {
                b = p;
            }
        }
        return b;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String key(int[] labels) {
        return labels.length + ":" + Arrays.hashCode(labels) + ":" + Arrays.stream(labels).max().orElse(0);
    }

    /** The shipped finish: spherical k-means polish, then clusters below 3 become noise. */
    static double[] score(Set s, int[] cut) {
        int k = Arrays.stream(cut).max().orElse(0) + 1;
        int[] labels = k > 1 ? KMeans.refineSpherical(s.x, cut, k, ClusterConfig.DEFAULT_REFINE_ITERATIONS) : cut;
        int[] size = new int[k];
        for (int l : labels) {
            size[l]++;
        }
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = size[labels[i]] >= ClusterConfig.DEFAULT_MIN_CLUSTER_SIZE ? labels[i] : -1;
        }
        int clusters = (int) Arrays.stream(out).filter(l -> l >= 0).distinct().count();
        int[] scored = ClusterMetrics.noiseAsSingletons(out);
        return new double[] {ClusterMetrics.nmi(s.y, scored), ClusterMetrics.ari(s.y, scored), clusters};
    }

    static List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        rules.add(new Rule("relative to TSS, floor 2.0 (shipped before)", "beta",
                new double[] {0.0005, 0.00075, 0.001, 0.00125, 0.0015, 0.00175, 0.002, 0.0025, 0.003},
                (t, b) -> t.ward.cutAtCost(Math.max(b * t.ward.totalSumOfSquares(), 2.0))));
        rules.add(new Rule("relative to TSS, no floor", "beta",
                new double[] {0.0005, 0.00075, 0.001, 0.00125, 0.0015, 0.00175, 0.002, 0.0025, 0.003},
                (t, b) -> t.ward.cutAtCost(b * t.ward.totalSumOfSquares())));
        rules.add(new Rule("fixed merge cost (scipy Ward distance sqrt(2 cost))", "cost",
                new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 14, 20},
                (t, c) -> t.ward.cutAtCost(c)));
        for (double floor : new double[] {1.0, 1.5}) {
            rules.add(new Rule("cost per member of the size-weighted mean cluster (merge while cost <= max(" + floor
                    + ", alpha sum(size^2) / n))", "alpha",
                    new double[] {0.01, 0.02, 0.025, 0.03, 0.035, 0.04, 0.045, 0.05, 0.06},
                    (t, a) -> sizeCut(t, a, floor, true, Double.POSITIVE_INFINITY)));
        }
        rules.add(new Rule("size-weighted, floor 1.5, capped at 0.0025 TSS (merge while cost <= max(1.5, min(alpha sum(size^2) / n, 0.0025 TSS)))", "alpha",
                new double[] {0.01, 0.02, 0.025, 0.03, 0.035, 0.04, 0.045, 0.05, 0.06, 0.08, 0.1},
                (t, a) -> sizeCut(t, a, 1.5, true, 0.0025)));
        rules.add(new Rule("shipped: size-aware (WardTree.sizeAwareCut), floor 2.0, capped at 0.0025 TSS (merge while cost <= max(2.0, min(alpha sum(size^2) / n, 0.0025 TSS)))", "alpha",
                new double[] {0.01, 0.02, 0.025, 0.03, 0.035, 0.04, 0.045, 0.05, 0.06, 0.08, 0.1},
                (t, a) -> t.ward.cutAfter(t.ward.sizeAwareCut(a, ClusterConfig.DEFAULT_MIN_MERGE_COST,
                        ClusterConfig.DEFAULT_MERGE_THRESHOLD * t.ward.totalSumOfSquares()).merges())));
        return rules;
    }

    /**
     * Undoes every merge whose two sides (each at least {@code minSide} vectors) have centroids
     * further apart than {@code tau} in squared distance after removing what noise alone gives
     * (pooled within variance times 1/n_a + 1/n_b), and every merge above it.
     */
    static int[] separationCut(Tree t, double tau, int minSide) {
        return flaggedCut(t, (na, nb, wa, wb, cost) -> {
            if (na < minSide || nb < minSide) {
                return false;
            }
            double d2 = cost * (na + nb) / (na * nb);
            double pooled = (wa + wb) / Math.max(1, na + nb - 2);
            return d2 - pooled * (1 / na + 1 / nb) > tau;
        });
    }

    /**
     * Merges in order of cost while the next merge costs at most {@code alpha} times the typical
     * cluster size so far (the mean n / k, or the size-weighted mean sum(size^2) / n), and always
     * while it costs at most {@code floor}.
     */
    static int[] sizeCut(Tree t, double alpha, double floor, boolean weighted, double cap) {
        double ceiling = cap * t.ward.totalSumOfSquares();
        Dendrogram d = t.ward.dendrogram();
        int m = d.leaves();
        int[] parent = new int[m];
        double[] size = new double[m];
        double n = t.x.length;
        double sumSq = 0;
        for (int i = 0; i < m; i++) {
            parent[i] = i;
            size[i] = t.itemSize[i];
            sumSq += size[i] * size[i];
        }
        int merges = 0;
        for (; merges < d.cost().length; merges++) {
            double typical = weighted ? sumSq / n : n / (m - merges);
            if (d.cost()[merges] > Math.max(floor, Math.min(ceiling, alpha * typical))) {
                break;
            }
            int a = find(parent, d.left()[merges]);
            int b = find(parent, d.right()[merges]);
            sumSq += 2 * size[a] * size[b];
            parent[Math.max(a, b)] = Math.min(a, b);
            size[Math.min(a, b)] += size[Math.max(a, b)];
        }
        return t.ward.cutAtK(m - merges);
    }

    static int[] relativeIncreaseCut(Tree t, double q, int minSide) {
        return flaggedCut(t, (na, nb, wa, wb, cost) -> na >= minSide && nb >= minSide && cost > q * (wa + wb));
    }

    interface Split {
        boolean test(double na, double nb, double wa, double wb, double cost);
    }

    /** Applies only the merges of the tree with no split merge at or below them. */
    static int[] flaggedCut(Tree t, Split split) {
        Dendrogram d = t.ward.dendrogram();
        int m = d.leaves();
        int[] parent = new int[m];
        double[] size = new double[m];
        double[] ss = new double[m];
        boolean[] flag = new boolean[m];
        for (int i = 0; i < m; i++) {
            parent[i] = i;
            size[i] = t.itemSize[i];
            ss[i] = t.itemSs[i];
        }
        // a second union-find holding only the applied merges
        int[] applied = new int[m];
        for (int i = 0; i < m; i++) {
            applied[i] = i;
        }
        for (int k = 0; k < d.cost().length; k++) {
            int a = find(parent, d.left()[k]);
            int b = find(parent, d.right()[k]);
            boolean f = flag[a] || flag[b] || split.test(size[a], size[b], ss[a], ss[b], d.cost()[k]);
            int r = Math.min(a, b);
            int o = Math.max(a, b);
            parent[o] = r;
            size[r] += size[o];
            ss[r] += ss[o] + d.cost()[k];
            flag[r] = f;
            if (!f) {
                int ra = find(applied, d.left()[k]);
                int rb = find(applied, d.right()[k]);
                applied[Math.max(ra, rb)] = Math.min(ra, rb);
            }
        }
        int[] itemLabel = new int[m];
        int[] id = new int[m];
        Arrays.fill(id, -1);
        int next = 0;
        for (int i = 0; i < m; i++) {
            int r = find(applied, i);
            if (id[r] < 0) {
                id[r] = next++;
            }
            itemLabel[i] = id[r];
        }
        int[] out = new int[t.x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = itemLabel[t.ward.itemOf()[i]];
        }
        return out;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /**
     * banking77 (test), hwu64, stackoverflow20, and "mix150": 150 groups of 30 (77 intents of
     * banking77-train, 64 of hwu64, 9 tags of stackoverflow20, 30 texts each, seed 150), the regime
     * of many small groups none of the three has.
     */
    static List<Set> sets(String model) throws Exception {
        List<Set> out = new ArrayList<>();
        Map<String, Dataset.Loaded> loaded = new LinkedHashMap<>();
        Map<String, float[][]> vectors = new HashMap<>();
        for (String name : List.of("banking77", "hwu64", "stackoverflow20", "banking77-train")) {
            Dataset ds = Dataset.byName(name);
            Dataset.Loaded data = ds.load();
            loaded.put(name, data);
            vectors.put(name, CachedVectors.of(ds, data.texts(), model));
        }
        for (String name : List.of("banking77", "hwu64", "stackoverflow20")) {
            out.add(new Set(name, vectors.get(name), loaded.get(name).labels(), loaded.get(name).classes()));
        }
        out.add(mix150(loaded, vectors));
        return out;
    }

    static Set mix150(Map<String, Dataset.Loaded> loaded, Map<String, float[][]> vectors) {
        Random r = new Random(150);
        List<float[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        int next = 0;
        for (String[] part : new String[][] {{"banking77-train", "77"}, {"hwu64", "64"}, {"stackoverflow20", "9"}}) {
            Dataset.Loaded data = loaded.get(part[0]);
            float[][] x = vectors.get(part[0]);
            int classes = data.classes();
            List<Integer> labels = new ArrayList<>();
            for (int c = 0; c < classes; c++) {
                labels.add(c);
            }
            java.util.Collections.shuffle(labels, r);
            for (int c : labels.subList(0, Integer.parseInt(part[1]))) {
                List<Integer> members = new ArrayList<>();
                for (int i = 0; i < x.length; i++) {
                    if (data.labels()[i] == c) {
                        members.add(i);
                    }
                }
                java.util.Collections.shuffle(members, r);
                for (int i : members.subList(0, 30)) {
                    xs.add(x[i]);
                    ys.add(next);
                }
                next++;
            }
        }
        return new Set("mix150", xs.toArray(float[][]::new), ys.stream().mapToInt(Integer::intValue).toArray(), next);
    }
}
