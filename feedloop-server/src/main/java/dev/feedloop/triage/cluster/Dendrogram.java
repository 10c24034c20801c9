package dev.feedloop.triage.cluster;

import java.util.Arrays;

/**
 * The merge history of an agglomerative clustering over {@code leaves} items, merges sorted by
 * cost. For Ward the cost of a merge is the increase of the within-cluster sum of squares,
 * {@code n_a n_b / (n_a + n_b) * |c_a - c_b|^2}; scipy's Ward "distance" is {@code sqrt(2 * cost)}.
 *
 * @param leaves number of items clustered
 * @param left a leaf inside one side of each merge
 * @param right a leaf inside the other side
 * @param cost merge costs, non-decreasing
 */
public record Dendrogram(int leaves, int[] left, int[] right, double[] cost) {
    public Dendrogram {
        if (leaves < 0 || left.length != right.length || left.length != cost.length
                || left.length != Math.max(0, leaves - 1)) {
            throw new IllegalArgumentException("a dendrogram over " + leaves + " leaves needs "
                    + Math.max(0, leaves - 1) + " merges, got " + left.length);
        }
        for (int i = 1; i < cost.length; i++) {
            if (cost[i] < cost[i - 1]) {
                throw new IllegalArgumentException("merge costs must not decrease, got " + cost[i - 1]
                        + " then " + cost[i] + " at merge " + i);
            }
        }
    }

    /** Leaf labels 0..k-1 after applying every merge whose cost is at most {@code maxCost}. */
    public int[] cutAtCost(double maxCost) {
        int merges = 0;
        while (merges < cost.length && cost[merges] <= maxCost) {
            merges++;
        }
        return apply(merges);
    }

    /**
     * Leaf labels 0..k-1 for exactly {@code k} clusters.
     *
     * @throws IllegalArgumentException if k is not in [1, leaves]
     */
    public int[] cutAtK(int k) {
        if (k < 1 || k > Math.max(1, leaves)) {
            throw new IllegalArgumentException("k must be in [1, " + leaves + "], got " + k);
        }
        return apply(leaves - k);
    }

    /** Number of clusters left after the merges of cost at most {@code maxCost}. */
    public int clustersAtCost(double maxCost) {
        int merges = 0;
        while (merges < cost.length && cost[merges] <= maxCost) {
            merges++;
        }
        return leaves - merges;
    }

    private int[] apply(int merges) {
        int[] parent = new int[leaves];
        for (int i = 0; i < leaves; i++) {
            parent[i] = i;
        }
        for (int m = 0; m < merges; m++) {
            int a = find(parent, left[m]);
            int b = find(parent, right[m]);
            parent[Math.max(a, b)] = Math.min(a, b);
        }
        int[] labels = new int[leaves];
        int[] idOfRoot = new int[leaves];
        Arrays.fill(idOfRoot, -1);
        int next = 0;
        for (int i = 0; i < leaves; i++) {
            int r = find(parent, i);
            if (idOfRoot[r] < 0) {
                idOfRoot[r] = next++;
            }
            labels[i] = idOfRoot[r];
        }
        return labels;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
