package dev.feedloop.triage.cluster;

import dev.feedloop.triage.embed.Vectors;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Groups sentence vectors into clusters without being told how many.
 *
 * <p>Pipeline: vectors are scaled to unit length; Ward's agglomeration (exact, by
 * {@link WardLinkage}) runs on the vectors, or above {@link ClusterConfig#maxWardItems()} on
 * micro-clusters from bisecting k-means weighted by size; merges are applied while one costs at most
 * {@link ClusterConfig#sizeFactor()} times the typical cluster size so far (capped at
 * {@link ClusterConfig#mergeThreshold()} of the total sum of squares, never below
 * {@link ClusterConfig#minMergeCost()}: see {@link ClusterConfig}); spherical k-means
 * polishes that partition; clusters below {@link ClusterConfig#minClusterSize()} become noise.
 *
 * <pre>{@code
 * ClusterResult r = new Clusterer().cluster(vectors);
 * int patterns = r.clusterCount();          // found, not given
 * int label = r.labels()[0];                // -1 if the first text is noise
 * }</pre>
 *
 * <p>Memory is O(n d) plus a matrix over at most {@code maxWardItems} items; 100k vectors of 384
 * dimensions fit in a 2 GiB heap. Deterministic for a given input and seed.
 */
public final class Clusterer {
    private final ClusterConfig config;

    public Clusterer() {
        this(ClusterConfig.defaults());
    }

    public Clusterer(ClusterConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
    }

    public ClusterConfig config() {
        return config;
    }

    /**
     * Clusters the vectors (rows); the input array is not modified.
     *
     * @throws IllegalArgumentException if rows differ in length or hold NaN or infinite values
     */
    public ClusterResult cluster(float[][] vectors) {
        float[][] x = unitRows(vectors);
        if (x.length == 0) {
            return new ClusterResult(new int[0], new float[0][], new int[0], 0, 0);
        }
        WardTree tree = ward(x);
        WardTree.Cut cut = tree.sizeAwareCut(config.sizeFactor(), config.minMergeCost(),
                config.mergeThreshold() * tree.totalSumOfSquares());
        int[] labels = tree.cutAfter(cut.merges());
        int k = Arrays.stream(labels).max().orElse(0) + 1;
        if (k > 1 && config.refineIterations() > 0) {
            labels = KMeans.refineSpherical(x, labels, k, config.refineIterations());
        }
        return finish(x, labels, k, tree.dendrogram().leaves(), cut.cost());
    }

    /**
     * Ward's tree of the unit-scaled vectors, on micro-clusters above
     * {@link ClusterConfig#maxWardItems()}: the first half of {@link #cluster}, for callers that
     * cut it themselves (a fixed k, a hierarchy view).
     *
     * @throws IllegalArgumentException as {@link #cluster}, or if there are no vectors
     */
    public WardTree tree(float[][] vectors) {
        float[][] x = unitRows(vectors);
        if (x.length == 0) {
            throw new IllegalArgumentException("need at least one vector");
        }
        return ward(x);
    }

    private WardTree ward(float[][] x) {
        int n = x.length;
        int[] itemOf;
        float[][] items;
        double[] weights;
        if (n <= config.maxWardItems()) {
            itemOf = IntStream.range(0, n).toArray();
            items = x;
            weights = new double[n];
            Arrays.fill(weights, 1.0);
        } else {
            itemOf = MicroClusters.bisect(x, config.maxWardItems(), new SplittableRandom(config.seed()));
            int m = Arrays.stream(itemOf).max().orElse(0) + 1;
            items = KMeans.means(x, itemOf, m, false);
            weights = new double[m];
            for (int g : itemOf) {
                weights[g]++;
            }
        }
        return new WardTree(WardLinkage.build(items, weights), itemOf, totalSumOfSquares(x));
    }

    /** Sum of squared distances to the mean, the scale the ceiling of the cut is relative to. */
    static double totalSumOfSquares(float[][] x) {
        int dim = x[0].length;
        double[] mean = new double[dim];
        double sumSq = 0;
        for (float[] v : x) {
            for (int d = 0; d < dim; d++) {
                mean[d] += v[d];
                sumSq += (double) v[d] * v[d];
            }
        }
        double meanSq = 0;
        for (int d = 0; d < dim; d++) {
            meanSq += mean[d] * mean[d];
        }
        return Math.max(0, sumSq - meanSq / x.length);
    }

    /** Relabels by size (largest first), turns small clusters into noise and computes centroids. */
    private ClusterResult finish(float[][] x, int[] labels, int k, int wardItems, double cut) {
        int[] size = new int[k];
        int[] first = new int[k];
        Arrays.fill(first, Integer.MAX_VALUE);
        for (int i = 0; i < labels.length; i++) {
            size[labels[i]]++;
            first[labels[i]] = Math.min(first[labels[i]], i);
        }
        Integer[] order = IntStream.range(0, k).filter(c -> size[c] >= config.minClusterSize())
                .boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingInt(c -> -size[c]).thenComparingInt(c -> first[c]));
        int[] newId = new int[k];
        Arrays.fill(newId, -1);
        int[] sizes = new int[order.length];
        for (int r = 0; r < order.length; r++) {
            newId[order[r]] = r;
            sizes[r] = size[order[r]];
        }
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = newId[labels[i]];
        }
        float[][] centroids = KMeans.means(x, out, order.length, true);
        return new ClusterResult(out, centroids, sizes, wardItems, cut);
    }

    private static float[][] unitRows(float[][] vectors) {
        if (vectors == null) {
            throw new IllegalArgumentException("vectors must not be null");
        }
        float[][] out = new float[vectors.length][];
        int dim = vectors.length == 0 ? 0 : vectors[0].length;
        for (int i = 0; i < vectors.length; i++) {
            float[] v = vectors[i];
            if (v == null || v.length != dim || dim == 0) {
                throw new IllegalArgumentException("row " + i + " has length "
                        + (v == null ? "null" : v.length) + ", expected " + dim + " (> 0)");
            }
            double sq = 0;
            for (float f : v) {
                if (!Float.isFinite(f)) {
                    throw new IllegalArgumentException("row " + i + " holds a non-finite value " + f);
                }
                sq += (double) f * f;
            }
            // Embedders already return unit vectors: share them instead of copying 150 MB at 100k.
            out[i] = Math.abs(sq - 1) < 1e-4 ? v : Vectors.l2Normalize(v.clone());
        }
        return out;
    }
}
