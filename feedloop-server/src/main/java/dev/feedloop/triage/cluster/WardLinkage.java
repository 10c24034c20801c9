package dev.feedloop.triage.cluster;

import java.util.Arrays;

/**
 * Exact Ward agglomeration of weighted points by the nearest-neighbour chain algorithm
 * (Murtagh 1983; Müllner, "Modern hierarchical, agglomerative clustering algorithms",
 * arXiv:1109.2378, 2011): O(m^2) time and a condensed m(m-1)/2 matrix of doubles.
 *
 * <p>Items may be centroids of micro-clusters with their sizes as weights: the Lance–Williams
 * update for Ward, {@code d(k, i+j) = ((n_i+n_k) d(k,i) + (n_j+n_k) d(k,j) - n_k d(i,j)) / (n_i+n_j+n_k)}
 * on {@code d = 2 n_i n_j / (n_i + n_j) |c_i - c_j|^2}, is an identity for any clusters with
 * centroids, so merges above the micro-cluster level are exactly Ward's.
 */
public final class WardLinkage {
    /** Largest item count accepted: the matrix then takes about 200 MB. */
    public static final int MAX_ITEMS = 7_000;

    private WardLinkage() {
    }

    /**
     * Clusters {@code points} (unit or not) with the given positive weights.
     *
     * @throws IllegalArgumentException if sizes disagree, a weight is not positive, or there are
     *     more than {@link #MAX_ITEMS} points
     */
    public static Dendrogram build(float[][] points, double[] weights) {
        int m = points.length;
        if (weights.length != m) {
            throw new IllegalArgumentException("need one weight per point, got " + weights.length + " for " + m);
        }
        if (m > MAX_ITEMS) {
            throw new IllegalArgumentException("exact Ward takes at most " + MAX_ITEMS + " items, got " + m
                    + "; use Clusterer, which forms micro-clusters first");
        }
        for (double w : weights) {
            if (!(w > 0)) {
                throw new IllegalArgumentException("weights must be positive, got " + w);
            }
        }
        if (m <= 1) {
            return new Dendrogram(m, new int[0], new int[0], new double[0]);
        }
        double[] d = initialDistances(points, weights);
        return nnChain(m, d, weights.clone());
    }

    private static double[] initialDistances(float[][] points, double[] weights) {
        int m = points.length;
        double[] d = new double[m * (m - 1) / 2];
        float[] sq = new float[m];
        for (int i = 0; i < m; i++) {
            sq[i] = Kernels.dot(points[i], points[i]);
        }
        float[][] t = Kernels.transpose(points);
        java.util.stream.IntStream.range(0, m).parallel().forEach(i -> {
            float[] g = new float[m];
            Kernels.dotAll(points[i], t, g);
            int base = index(i, i + 1, m);
            for (int j = i + 1; j < m; j++) {
                double sqDist = Math.max(0, sq[i] + sq[j] - 2.0 * g[j]);
                d[base + j - i - 1] = 2 * weights[i] * weights[j] / (weights[i] + weights[j]) * sqDist;
            }
        });
        return d;
    }

    /** Position of pair (i, j), i < j, in the condensed upper-triangle matrix. */
    static int index(int i, int j, int m) {
        return (int) ((long) i * (2L * m - i - 1) / 2 + (j - i - 1));
    }

    private static Dendrogram nnChain(int m, double[] d, double[] size) {
        boolean[] active = new boolean[m];
        Arrays.fill(active, true);
        int[] chain = new int[m];
        int top = 0;
        int[] left = new int[m - 1];
        int[] right = new int[m - 1];
        double[] cost = new double[m - 1];
        int firstActive = 0;
        for (int step = 0; step < m - 1; step++) {
            if (top == 0) {
                while (!active[firstActive]) {
                    firstActive++;
                }
                chain[top++] = firstActive;
            }
            int a;
            int b;
            double dab;
            while (true) {
                a = chain[top - 1];
                int prev = top >= 2 ? chain[top - 2] : -1;
                // Prefer the previous chain element on ties, or the chain could cycle.
                b = prev;
                dab = prev >= 0 ? d[pair(a, prev, m)] : Double.POSITIVE_INFINITY;
                for (int x = 0; x < m; x++) {
                    if (x != a && active[x]) {
                        double dx = d[pair(a, x, m)];
                        if (dx < dab) {
                            dab = dx;
                            b = x;
                        }
                    }
                }
                if (b == prev) {
                    break;
                }
                chain[top++] = b;
            }
            top -= 2;
            left[step] = Math.min(a, b);
            right[step] = Math.max(a, b);
            cost[step] = dab / 2;
            merge(d, size, active, m, Math.min(a, b), Math.max(a, b), dab);
        }
        return sorted(m, left, right, cost);
    }

    /** Merges j into i (i keeps the slot) with the Lance–Williams update for Ward. */
    private static void merge(double[] d, double[] size, boolean[] active, int m, int i, int j, double dij) {
        active[j] = false;
        double ni = size[i];
        double nj = size[j];
        for (int k = 0; k < m; k++) {
            if (k == i || !active[k]) {
                continue;
            }
            double nk = size[k];
            int ik = pair(i, k, m);
            d[ik] = ((ni + nk) * d[ik] + (nj + nk) * d[pair(j, k, m)] - nk * dij) / (ni + nj + nk);
        }
        size[i] = ni + nj;
    }

    private static int pair(int a, int b, int m) {
        return a < b ? index(a, b, m) : index(b, a, m);
    }

    private static Dendrogram sorted(int m, int[] left, int[] right, double[] cost) {
        Integer[] order = new Integer[cost.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Stable sort: equal costs keep the order NN-chain found them in, for determinism.
        Arrays.sort(order, (x, y) -> Double.compare(cost[x], cost[y]));
        int[] l = new int[order.length];
        int[] r = new int[order.length];
        double[] c = new double[order.length];
        for (int k = 0; k < order.length; k++) {
            l[k] = left[order[k]];
            r[k] = right[order[k]];
            c[k] = cost[order[k]];
        }
        return new Dendrogram(m, l, r, c);
    }
}
