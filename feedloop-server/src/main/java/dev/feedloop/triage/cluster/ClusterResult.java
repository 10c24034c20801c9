package dev.feedloop.triage.cluster;

import java.util.Arrays;

/**
 * Outcome of {@link Clusterer#cluster(float[][])}.
 *
 * @param labels cluster of each input vector, in [0, clusterCount()), or -1 for noise; cluster 0
 *     is the largest
 * @param centroids unit-length mean direction of each cluster, indexed by label
 * @param sizes members of each cluster, indexed by label (non-increasing)
 * @param wardItems how many items Ward ran on (the vectors, or the micro-clusters)
 * @param cutCost the merge cost at which the Ward tree was cut
 */
public record ClusterResult(int[] labels, float[][] centroids, int[] sizes, int wardItems, double cutCost) {
    public ClusterResult {
        if (centroids.length != sizes.length) {
            throw new IllegalArgumentException("one centroid per cluster: " + centroids.length
                    + " centroids, " + sizes.length + " sizes");
        }
        for (int l : labels) {
            if (l < -1 || l >= sizes.length) {
                throw new IllegalArgumentException("label " + l + " outside [-1, " + sizes.length + ")");
            }
        }
    }

    public int clusterCount() {
        return sizes.length;
    }

    public int noiseCount() {
        return (int) Arrays.stream(labels).filter(l -> l < 0).count();
    }

    /** Indices of the members of one cluster, ascending. */
    public int[] members(int cluster) {
        if (cluster < 0 || cluster >= sizes.length) {
            throw new IllegalArgumentException("cluster must be in [0, " + sizes.length + "), got " + cluster);
        }
        int[] out = new int[sizes[cluster]];
        for (int i = 0, k = 0; i < labels.length; i++) {
            if (labels[i] == cluster) {
                out[k++] = i;
            }
        }
        return out;
    }
}
