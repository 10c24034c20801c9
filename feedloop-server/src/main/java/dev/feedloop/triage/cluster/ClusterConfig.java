package dev.feedloop.triage.cluster;

/**
 * Settings of {@link Clusterer}. Defaults ({@link #defaults()}) were chosen on banking77, HWU64,
 * StackOverflow-20 and a 150-group mix of them, and checked by leave-one-data-set-out (see
 * {@code bench/cluster/RESULTS.md}, "Which cut holds on data it was not tuned on").
 *
 * <p>Ward merges, cheapest first, while a merge costs at most
 * {@code max(minMergeCost, min(sizeFactor * S, mergeThreshold * TSS))}, where S is the mean size of
 * the clusters formed so far as a random text sees it ({@code sum(size^2) / n}) and TSS the total
 * sum of squares. Merging two groups of s texts costs about {@code s / 2} times their squared
 * centroid distance, so the cost that separates real groups grows with the size of the groups, not
 * with the number of texts: a cut relative to TSS under-splits many small groups, a fixed cut
 * over-splits large ones.
 *
 * @param mergeThreshold ceiling of the size-aware cut as a fraction of the total sum of squares of
 *     the unit vectors about their mean: the size term feeds on itself (merging raises S), and
 *     without a ceiling a slightly large {@code sizeFactor} merges everything. Default 0.0025.
 * @param minClusterSize clusters smaller than this are reported as noise (label -1). Default 3.
 * @param refineIterations spherical k-means rounds that polish the cut (0 turns it off). Default 10.
 * @param maxWardItems above this many vectors, Ward runs on that many micro-clusters formed by
 *     bisecting k-means instead of on the vectors themselves. Default 4000 (a 64 MB matrix).
 * @param minMergeCost merges adding at most this much to the within-cluster sum of squares of
 *     the unit vectors always happen. 1.5 is scipy's Ward distance 1.73 (cost = distance^2 / 2),
 *     e.g. two groups of 20 whose centroids are 0.39 apart; it decides sets of many small groups
 *     (banking77, 40 per intent; 150 groups of 30). Default 1.5.
 * @param sizeFactor merge cost allowed per member of a typical cluster (S above). 0 leaves the
 *     floor alone. Default 0.035.
 * @param seed seed of the micro-clustering; the same input and seed give the same result
 */
public record ClusterConfig(double mergeThreshold, int minClusterSize, int refineIterations,
        int maxWardItems, double minMergeCost, double sizeFactor, long seed) {

    public static final double DEFAULT_MERGE_THRESHOLD = 0.0025;
    public static final int DEFAULT_MIN_CLUSTER_SIZE = 3;
    public static final int DEFAULT_REFINE_ITERATIONS = 10;
    public static final int DEFAULT_MAX_WARD_ITEMS = 4000;
    public static final double DEFAULT_MIN_MERGE_COST = 2.0;
    public static final double DEFAULT_SIZE_FACTOR = 0.035;
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
        if (!(sizeFactor >= 0) || Double.isInfinite(sizeFactor)) {
            throw new IllegalArgumentException("sizeFactor must be finite and >= 0, got " + sizeFactor);
        }
    }

    public static ClusterConfig defaults() {
        return new ClusterConfig(DEFAULT_MERGE_THRESHOLD, DEFAULT_MIN_CLUSTER_SIZE,
                DEFAULT_REFINE_ITERATIONS, DEFAULT_MAX_WARD_ITEMS, DEFAULT_MIN_MERGE_COST, DEFAULT_SIZE_FACTOR,
                DEFAULT_SEED);
    }

    public ClusterConfig withMergeThreshold(double value) {
        return new ClusterConfig(value, minClusterSize, refineIterations, maxWardItems, minMergeCost, sizeFactor, seed);
    }

    public ClusterConfig withMinClusterSize(int value) {
        return new ClusterConfig(mergeThreshold, value, refineIterations, maxWardItems, minMergeCost, sizeFactor, seed);
    }

    public ClusterConfig withRefineIterations(int value) {
        return new ClusterConfig(mergeThreshold, minClusterSize, value, maxWardItems, minMergeCost, sizeFactor, seed);
    }

    public ClusterConfig withMaxWardItems(int value) {
        return new ClusterConfig(mergeThreshold, minClusterSize, refineIterations, value, minMergeCost, sizeFactor, seed);
    }

    public ClusterConfig withMinMergeCost(double value) {
        return new ClusterConfig(mergeThreshold, minClusterSize, refineIterations, maxWardItems, value, sizeFactor, seed);
    }

    public ClusterConfig withSizeFactor(double value) {
        return new ClusterConfig(mergeThreshold, minClusterSize, refineIterations, maxWardItems, minMergeCost, value, seed);
    }

    public ClusterConfig withSeed(long value) {
        return new ClusterConfig(mergeThreshold, minClusterSize, refineIterations, maxWardItems, minMergeCost, sizeFactor, value);
    }
}
