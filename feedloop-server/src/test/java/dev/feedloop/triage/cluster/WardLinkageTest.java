package dev.feedloop.triage.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WardLinkageTest {

    // Points 0, 1, 5, 6, 20 on a line. Ward cost = n_a n_b / (n_a + n_b) * |c_a - c_b|^2:
    // {0}+{1}: 1/2 * 1 = 0.5; {5}+{6}: 0.5; {0,1}+{5,6}: 1 * 5^2 = 25;
    // {0,1,5,6}+{20}: 4/5 * 17^2 = 231.2.
    private static final float[][] LINE = {{0}, {1}, {5}, {6}, {20}};

    @Test
    void build_smallLine_givesHandComputedCosts() {
        Dendrogram d = WardLinkage.build(LINE, new double[] {1, 1, 1, 1, 1});

        assertThat(d.cost()).containsExactly(new double[] {0.5, 0.5, 25, 231.2}, within(1e-9));
        assertThat(d.cutAtK(3)).containsExactly(0, 0, 1, 1, 2);
        assertThat(d.cutAtCost(24.9)).containsExactly(0, 0, 1, 1, 2);
        assertThat(d.cutAtCost(25)).containsExactly(0, 0, 0, 0, 1);
        assertThat(d.clustersAtCost(1000)).isEqualTo(1);
    }

    @Test
    void build_weightedCentroids_matchMergesOfTheirPoints() {
        // {0,1} and {5,6} given as centroids with weight 2: the merges above them are exact.
        Dendrogram d = WardLinkage.build(new float[][] {{0.5f}, {5.5f}, {20}}, new double[] {2, 2, 1});

        assertThat(d.cost()).containsExactly(new double[] {25, 231.2}, within(1e-9));
    }

    @Test
    void build_nonPositiveWeight_isRejected() {
        assertThatThrownBy(() -> WardLinkage.build(LINE, new double[] {1, 1, 0, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0.0");
    }

    @Test
    void cutAtK_outOfRange_isRejected() {
        Dendrogram d = WardLinkage.build(LINE, new double[] {1, 1, 1, 1, 1});

        assertThatThrownBy(() -> d.cutAtK(6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 6");
    }
}
