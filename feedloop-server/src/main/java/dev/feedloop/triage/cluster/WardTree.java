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

    private int[] expand(int[] itemLabels) {
        int[] out = new int[itemOf.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = itemLabels[itemOf[i]];
        }
        return out;
    }
}
