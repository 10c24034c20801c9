package dev.feedloop.bench.triage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How far two labelings of the same negatives agree: the share of negatives labelled in both whose
 * labels correspond under the best one-to-one matching of labels, and the adjusted Rand index.
 *
 * @param items        negatives compared (all of them, for the ARI)
 * @param labelledBoth negatives with a label in both labelings
 * @param matched      of those, how many sit in a matched pair of labels
 * @param ari          adjusted Rand index over all items, unlabelled items sharing one label
 * @param ariBoth      adjusted Rand index over the items labelled in both
 * @param pairs        the matching: label of the first labeling to label of the second, with overlap
 */
record Agreement(int items, int labelledBoth, int matched, double ari, double ariBoth, List<Pair> pairs) {
    /** Label used for an unassigned negative in the ARI. */
    static final String NONE = "\u0000unassigned";

    record Pair(String first, String second, int overlap, int firstSize, int secondSize) {
    }

    double share() {
        return labelledBoth == 0 ? Double.NaN : (double) matched / labelledBoth;
    }

    /**
     * @param ids    the negatives
     * @param first  label per id (absent: unassigned)
     * @param second label per id (absent: unassigned)
     */
    static Agreement of(List<String> ids, Map<String, String> first, Map<String, String> second) {
        List<String> a = new ArrayList<>(ids.size());
        List<String> b = new ArrayList<>(ids.size());
        List<String> aBoth = new ArrayList<>();
        List<String> bBoth = new ArrayList<>();
        for (String id : ids) {
            String x = first.getOrDefault(id, NONE);
            String y = second.getOrDefault(id, NONE);
            a.add(x);
            b.add(y);
            if (!x.equals(NONE) && !y.equals(NONE)) {
                aBoth.add(x);
                bBoth.add(y);
            }
        }
        List<Pair> pairs = match(aBoth, bBoth);
        int matched = pairs.stream().mapToInt(Pair::overlap).sum();
        return new Agreement(ids.size(), aBoth.size(), matched, ari(a, b), ari(aBoth, bBoth), pairs);
    }

    /** Best one-to-one matching of labels by overlap (Hungarian method), pairs with no overlap dropped. */
    static List<Pair> match(List<String> a, List<String> b) {
        List<String> rows = new ArrayList<>(new TreeSet<>(a));
        List<String> cols = new ArrayList<>(new TreeSet<>(b));
        if (rows.isEmpty() || cols.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> ri = index(rows);
        Map<String, Integer> ci = index(cols);
        int[][] overlap = new int[rows.size()][cols.size()];
        int[] rowSize = new int[rows.size()];
        int[] colSize = new int[cols.size()];
        for (int k = 0; k < a.size(); k++) {
            int r = ri.get(a.get(k));
            int c = ci.get(b.get(k));
            overlap[r][c]++;
            rowSize[r]++;
            colSize[c]++;
        }
        boolean transpose = rows.size() > cols.size();
        int n = transpose ? cols.size() : rows.size();
        int m = transpose ? rows.size() : cols.size();
        double[][] cost = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                cost[i][j] = -(transpose ? overlap[j][i] : overlap[i][j]);
            }
        }
        int[] assigned = hungarian(cost);
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int r = transpose ? assigned[i] : i;
            int c = transpose ? i : assigned[i];
            if (overlap[r][c] > 0) {
                out.add(new Pair(rows.get(r), cols.get(c), overlap[r][c], rowSize[r], colSize[c]));
            }
        }
        out.sort((p, q) -> Integer.compare(q.overlap(), p.overlap()));
        return out;
    }

    /**
     * Minimum-cost assignment of each of n rows to a distinct one of m >= n columns, by the
     * Hungarian method with potentials in O(n^2 m) (Kuhn 1955; Munkres 1957; formulation as in
     * e-maxx.ru "Hungarian algorithm for the assignment problem").
     *
     * @return the column of each row
     */
    static int[] hungarian(double[][] cost) {
        int n = cost.length;
        int m = cost[0].length;
        if (n > m) {
            throw new IllegalArgumentException("need rows <= columns, got " + n + " x " + m);
        }
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1];
        int[] way = new int[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[m + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[m + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] rowToCol = new int[n];
        for (int j = 1; j <= m; j++) {
            if (p[j] != 0) {
                rowToCol[p[j] - 1] = j - 1;
            }
        }
        return rowToCol;
    }

    /** Adjusted Rand index (Hubert and Arabie 1985, "Comparing partitions", J. Classification 2). */
    static double ari(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("labelings differ in length: " + a.size() + " vs " + b.size());
        }
        Map<String, Long> cells = new HashMap<>();
        Map<String, Long> rows = new HashMap<>();
        Map<String, Long> cols = new HashMap<>();
        for (int k = 0; k < a.size(); k++) {
            cells.merge(a.get(k) + "\u0001" + b.get(k), 1L, Long::sum);
            rows.merge(a.get(k), 1L, Long::sum);
            cols.merge(b.get(k), 1L, Long::sum);
        }
        double index = cells.values().stream().mapToDouble(Agreement::pairs).sum();
        double sumA = rows.values().stream().mapToDouble(Agreement::pairs).sum();
        double sumB = cols.values().stream().mapToDouble(Agreement::pairs).sum();
        double expected = sumA * sumB / pairs(a.size());
        double max = (sumA + sumB) / 2;
        // identical trivial partitions (all one label, or all singletons) agree perfectly
        return max == expected ? 1.0 : (index - expected) / (max - expected);
    }

    private static double pairs(long n) {
        return n * (n - 1) / 2.0;
    }

    private static Map<String, Integer> index(List<String> labels) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            out.put(labels.get(i), i);
        }
        return out;
    }
}
