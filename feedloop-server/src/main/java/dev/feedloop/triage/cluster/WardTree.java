package dev.feedloop.triage.cluster;

/**
 * Ward's tree over a set of vectors, possibly built on micro-clusters.
 *
 * @param dendrogram merges over the items
 * @param itemOf the item (leaf of {@code dendrogram}) holding each input vector
 * @param totalSumOfSquares sum of squared distances of the unit vectors to their mean
 */
public record WardTree(Dendrogram dendrogram, int[] itemOf, double totalSumOfSquares) {
    public WardTree {
        for (int i : itemOf) {
            if (i < 0 || i >= Math.max(1, dendrogram.leaves())) {
                throw new IllegalArgumentException("item " + i + " outside the dendrogram's "
                        + dendrogram.leaves() + " leaves");
            }
        }
    }

    /** Labels of the input vectors for exactly {@code k} clusters (fewer if there are fewer items). */
    public int[] cutAtK(int k) {
        return expand(dendrogram.cutAtK(Math.min(k, dendrogram.leaves())));
    }

    /** Labels of the input vectors after every merge of cost at most {@code maxCost}. */
    public int[] cutAtCost(double maxCost) {
        return expand(dendrogram.cutAtCost(maxCost));
    }

    /** Labels of the input vectors after the first {@code merges} merges (cheapest first). */
    public int[] cutAfter(int merges) {
        return expand(dendrogram.cutAtK(Math.max(1, dendrogram.leaves() - merges)));
    }

    /**
     * Where the size-aware rule of {@link ClusterConfig} stops: merges are applied, cheapest first,
     * while one costs at most {@code max(minCost, min(sizeFactor * S, maxCost))}, S being the
     * size-weighted mean cluster size {@code sum(size^2) / n} of the clusters formed so far.
     *
     * @return the number of merges applied and the cost limit in force where it stopped
     */
    public Cut sizeAwareCut(double sizeFactor, double minCost, double maxCost) {
        int m = dendrogram.leaves();
        int[] parent = new int[m];
        double[] size = new double[m];
        for (int g : itemOf) {
            size[g]++;
        }
        double sumSq = 0;
        for (int i = 0; i < m; i++) {
            parent[i] = i;
            sumSq += size[i] * size[i];
        }
        double n = itemOf.length;
        double[] cost = dendrogram.cost();
        int merges = 0;
        double limit = minCost;
        for (; merges < cost.length; merges++) {
            limit = Math.max(minCost, Math.min(sizeFactor * sumSq / n, maxCost));
            if (cost[merges] > limit) {
                break;
            }
            int a = find(parent, dendrogram.left()[merges]);
            int b = find(parent, dendrogram.right()[merges]);
            sumSq += 2 * size[a] * size[b];
            parent[Math.max(a, b)] = Math.min(a, b);
            size[Math.min(a, b)] += size[Math.max(a, b)];
        }
        return new Cut(merges, limit);
    }

    /** Outcome of {@link #sizeAwareCut}: merges applied, and the cost limit where it stopped. */
    public record Cut(int merges, double cost) {
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private int[] expand(int[] itemLabels) {
        int[] out = new int[itemOf.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = itemLabels[itemOf[i]];
        }
        return out;
    }
}
