package dev.feedloop.triage.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClustererTest {

    @Test
    void cluster_wellSeparatedBlobs_recoversThemWithoutK() {
        Blobs blobs = new Blobs(12, 40, 64, 0.25, 1);

        ClusterResult r = new Clusterer().cluster(blobs.x);

        assertThat(r.clusterCount()).isEqualTo(12);
        assertThat(r.noiseCount()).isZero();
        assertThat(adjustedRand(blobs.labels, r.labels())).isGreaterThan(0.99);
    }

    @Test
    void cluster_moreTextsFromSameBlobs_findsSameNumberOfClusters() {
        // The threshold is relative to the total sum of squares, so k must not grow with n.
        ClusterResult small = new Clusterer().cluster(new Blobs(10, 30, 48, 0.3, 2).x);
        ClusterResult large = new Clusterer().cluster(new Blobs(10, 300, 48, 0.3, 2).x);

        assertThat(small.clusterCount()).isEqualTo(10);
        assertThat(large.clusterCount()).isEqualTo(10);
    }

    @Test
    void cluster_sameInputAndSeed_isDeterministic() {
        Blobs blobs = new Blobs(15, 60, 32, 0.45, 3);
        ClusterConfig micro = ClusterConfig.defaults().withMaxWardItems(150);

        ClusterResult a = new Clusterer(micro).cluster(blobs.x);
        ClusterResult b = new Clusterer(micro).cluster(blobs.x);

        assertThat(a.labels()).isEqualTo(b.labels());
        assertThat(a.centroids()).isDeepEqualTo(b.centroids());
    }

    @Test
    void cluster_microClusterPath_agreesWithExactWard() {
        Blobs blobs = new Blobs(9, 120, 32, 0.4, 4);

        ClusterResult exact = new Clusterer().cluster(blobs.x);
        ClusterResult micro = new Clusterer(ClusterConfig.defaults().withMaxWardItems(200)).cluster(blobs.x);

        assertThat(exact.wardItems()).isEqualTo(blobs.x.length);
        assertThat(micro.wardItems()).isEqualTo(200);
        assertThat(micro.clusterCount()).isEqualTo(exact.clusterCount()).isEqualTo(9);
        assertThat(adjustedRand(exact.labels(), micro.labels())).isGreaterThan(0.98);
    }

    @Test
    void cluster_farOutliers_areNoise() {
        // A singleton orthogonal to a big cluster costs about 2 to merge: lower the floor for this test.
        ClusterConfig config = ClusterConfig.defaults().withMinMergeCost(0.5);
        Blobs blobs = new Blobs(5, 40, 32, 0.2, 5);
        float[][] x = Arrays.copyOf(blobs.x, blobs.x.length + 2);
        x[x.length - 2] = new float[32];
        x[x.length - 2][0] = 1;
        x[x.length - 1] = new float[32];
        x[x.length - 1][1] = -1;

        ClusterResult r = new Clusterer(config).cluster(x);

        assertThat(r.labels()[x.length - 2]).isEqualTo(-1);
        assertThat(r.labels()[x.length - 1]).isEqualTo(-1);
        assertThat(r.clusterCount()).isEqualTo(5);
    }

    @Test
    void cluster_labelsOrderedBySizeWithUnitCentroids() {
        Blobs big = new Blobs(1, 50, 16, 0.2, 6);
        Blobs small = new Blobs(1, 10, 16, 0.2, 7);
        float[][] x = new float[60][];
        System.arraycopy(small.x, 0, x, 0, 10);
        System.arraycopy(big.x, 0, x, 10, 50);

        ClusterResult r = new Clusterer().cluster(x);

        // The big blob may lose an extreme point to noise; the order must hold regardless.
        assertThat(r.clusterCount()).isEqualTo(2);
        assertThat(r.sizes()[0]).isGreaterThanOrEqualTo(48);
        assertThat(r.sizes()[1]).isEqualTo(10);
        assertThat(r.members(1)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        for (float[] c : r.centroids()) {
            assertThat(dev.feedloop.triage.embed.Vectors.dot(c, c)).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
        }
    }

    @Test
    void cluster_fewTightBlobs_areNotSplitIntoPieces() {
        // With few clusters the relative Ward cut alone splits each blob; the absolute floor prevents it.
        Blobs blobs = new Blobs(2, 100, 16, 0.3, 8);

        ClusterResult merged = new Clusterer().cluster(blobs.x);
        ClusterResult split = new Clusterer(ClusterConfig.defaults().withMinMergeCost(0)).cluster(blobs.x);

        assertThat(merged.clusterCount()).isEqualTo(2);
        assertThat(adjustedRand(blobs.labels, merged.labels())).isGreaterThan(0.97);
        assertThat(split.clusterCount()).isGreaterThan(2);
    }

    @Test
    void cluster_identicalVectors_formOneCluster() {
        float[][] x = new float[20][];
        Arrays.setAll(x, i -> new float[] {0.6f, 0.8f});

        ClusterResult r = new Clusterer().cluster(x);

        assertThat(r.clusterCount()).isEqualTo(1);
        assertThat(r.sizes()).containsExactly(20);
    }

    @Test
    void cluster_emptyInput_givesEmptyResult() {
        ClusterResult r = new Clusterer().cluster(new float[0][]);

        assertThat(r.labels()).isEmpty();
        assertThat(r.clusterCount()).isZero();
    }

    @Test
    void cluster_rowsOfDifferentLength_areRejected() {
        assertThatThrownBy(() -> new Clusterer().cluster(new float[][] {{1, 0}, {1, 0, 0}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1 has length 3, expected 2");
    }

    @Test
    void config_thresholdOutOfRange_isRejected() {
        assertThatThrownBy(() -> ClusterConfig.defaults().withMergeThreshold(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
    }

    /**
     * Adjusted Rand index of two labelings by counting pairs (Hubert and Arabie 1985): 1 when they
     * are the same partition up to renaming, about 0 when independent. Noise (-1) counts as one label.
     * O(n²), enough for these tests; the benchmarks have a contingency-table version (bench module).
     */
    static double adjustedRand(int[] a, int[] b) {
        long both = 0;
        long onlyA = 0;
        long onlyB = 0;
        long neither = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                boolean sameA = a[i] == a[j];
                boolean sameB = b[i] == b[j];
                if (sameA && sameB) {
                    both++;
                } else if (sameA) {
                    onlyA++;
                } else if (sameB) {
                    onlyB++;
                } else {
                    neither++;
                }
            }
        }
        double denominator = (double) (both + onlyA) * (onlyA + neither) + (double) (both + onlyB) * (onlyB + neither);
        return denominator == 0 ? 1.0 : 2.0 * ((double) both * neither - (double) onlyA * onlyB) / denominator;
    }

    @Test
    void adjustedRand_handExample_matchesTheContingencyTableValue() {
        // the example of the bench's ClusterMetricsTest: ARI = 0.8 / 3.3
        assertThat(adjustedRand(new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 2, 2}))
                .isCloseTo(0.8 / 3.3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(adjustedRand(new int[] {0, 0, 1, 1}, new int[] {5, 5, 2, 2})).isEqualTo(1.0);
    }
}
