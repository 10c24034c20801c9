package dev.feedloop.triage.cluster;

/**
 * Settings of {@link Clusterer}. Defaults ({@link #defaults()}) were chosen once on banking77,
 * HWU64 and StackOverflow-20 together (see {@code bench/cluster/RESULTS.md}), never per data set.
 *
 * @param mergeThreshold Ward stops merging when a merge would add more than this fraction of the
 *     data's total sum of squares (about its mean) to the within-cluster sum of squares. Relative to
 *     the total, so the number of clusters does not grow with the number of texts drawn from the
 *     same distribution. Larger gives fewer, broader clusters. Default 0.0015.
 * @param minClusterSize clusters smaller than this are reported as noise (label -1). Default 3.
 * @param refineIterations spherical k-means rounds that polish the cut (0 turns it off). Default 10.
 * @param maxWardItems above this many vectors, Ward runs on that many micro-clusters formed by
 *     bisecting k-means instead of on the vectors themselves. Default 4000 (a 64 MB matrix).
 * @param minMergeCost merges adding at most this much to the within-cluster sum of squares of
 *     the unit vectors always happen, whatever the size of the data: without this floor a few
 *     hundred texts with a handful of patterns are cut into ~100 pieces, because the relative
 *     threshold is then tiny. 2.0 is scipy's Ward distance 2.0 (cost = distance^2 / 2), e.g. two
 *     groups of 20 whose centroids are 0.45 apart. It dominates below about 3,000 texts, the
 *     relative threshold above. Default 2.0.
 * @param seed seed of the micro-clustering; the same input and seed give the same result
 */
public record ClusterConfig(double mergeThreshold, int minClusterSize, int refineIterations,
        int maxWardItems, double minMergeCost, long seed) {

    public static final double DEFAULT_MERGE_THRESHOLD = 0.0015;
    public static final int DEFAULT_MIN_CLUSTER_SIZE = 3;
    public static final int DEFAULT_REFINE_ITERATIONS = 10;
    public static final int DEFAULT_MAX_WARD_ITEMS = 4000;
    public static final double DEFAULT_MIN_MERGE_COST = 2.0;
    public static final long DEFAULT_SEED = 42L;

    public ClusterConfig {
        if (!(mergeThreshold > 0 && mergeThreshold < 1)) {
            throw new IllegalArgumentException("mergeThreshold must be in (0, 1), got " + mergeThreshold);
        }
        if (minClusterSize < 1) {
            throw new IllegalArgumentException("minClusterSize must be >= 1, got " + minClusterSize);
        }
        if (refineIterations < 0) {
            throw new IllegalArgumentException("refineIterations must be >= 0, got " + refineIterations);
        }
        if (maxWardItems < 2 || maxWardItems > WardLinkage.MAX_ITEMS) {
            throw new IllegalArgumentException("maxWardItems must be in [2, " + WardLinkage.MAX_ITEMS
                    + "], got " + maxWardItems);
        }
        if (!(minMergeCost >= 0) || Double.isInfinite(minMergeCost)) {
            throw new IllegalArgumentException("minMergeCost must be finite and >= 0, got " + minMergeCost);
        }
    }

    public static ClusterConfig defaults() {
        return new ClusterConfig(DEFAULT_MERGE_THRESHOLD, DEFAULT_MIN_CLUSTER_SIZE,
                DEFAULT_REFINE_ITERATIONS, DEFAULT_MAX_WARD_ITEMS, DEFAULT_MIN_MERGE_COST, DEFAULT_SEED);
    }

    public ClusterConfig withMergeThreshold(double value) {
        return new ClusterConfig(value, minClusterSize, refineIterations, maxWardItems, minMergeCost, seed);
    }

    public ClusterConfig withMinClusterSize(int value) {
        return new ClusterConfig(mergeThreshold, value, refineIterations, maxWardItems, minMergeCost, seed);
    }

    public ClusterConfig withRefineIterations(int value) {
        return new ClusterConfig(mergeThreshold, minClusterSize, value, maxWardItems, minMergeCost, seed);
    }

    public ClusterConfig withMaxWardItems(int value) {
        return new ClusterConfig(mergeThreshold, minClusterSize, refineIterations, value, minMergeCost, seed);
    }

    public ClusterConfig withMinMergeCost(double value) {
        return new ClusterConfig(mergeThreshold, minClusterSize, refineIterations, maxWardItems, value, seed);
    }

    public ClusterConfig withSeed(long value) {
        return new ClusterConfig(mergeThreshold, minClusterSize, refineIterations, maxWardItems, minMergeCost, value);
    }
}
