package dev.feedloop.bench.cluster;

import dev.feedloop.triage.cluster.ClusterConfig;
import dev.feedloop.triage.cluster.Clusterer;

/** Plain Ward cuts used as references; above maxWardItems they run on micro-clusters. */
final class Baselines {
    private Baselines() {
    }

    static int[] wardAtK(float[][] x, int k, ClusterConfig config) {
        return new Clusterer(config).tree(x).cutAtK(k);
    }

    /** scipy's Ward height h corresponds to a merge cost of h^2/2. */
    static int[] wardAtScipyDistance(float[][] x, double height, ClusterConfig config) {
        return new Clusterer(config).tree(x).cutAtCost(height * height / 2);
    }
}
