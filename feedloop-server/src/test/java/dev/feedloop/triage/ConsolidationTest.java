package dev.feedloop.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsolidationTest {
    /** Unit vectors at the given angles (degrees) in a plane; vector i is {@code vectors[i]}. */
    private static float[][] atAngles(double... degrees) {
        float[][] v = new float[degrees.length][];
        for (int i = 0; i < degrees.length; i++) {
            double r = Math.toRadians(degrees[i]);
            v[i] = new float[] {(float) Math.cos(r), (float) Math.sin(r), 0};
        }
        return v;
    }

    private static List<List<Integer>> singletons(int n) {
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(List.of(i));
        }
        return out;
    }

    @Test
    void merge_twoFragmentsOfOneDirection_joinAndADistantClusterStaysApart() {
        float[][] v = atAngles(0, 2, 10, 12, 80, 82);
        List<List<Integer>> clusters = List.of(List.of(0, 1), List.of(4, 5), List.of(2, 3));

        List<List<Integer>> merged = Consolidation.merge(clusters, v, 0.95);

        assertThat(merged).containsExactly(List.of(0, 1, 2, 3), List.of(4, 5));
    }

    @Test
    void merge_chainOfDriftingClusters_doesNotSnowballIntoOne() {
        // 0 and 60 degrees are different (cosine 0.5); 28 degrees sits between them. Centroid linkage
        // would merge 0 and 28 (0.883), whose centroid at 14 degrees is 0.695 from 60, and swallow it;
        // the average of the pairs (0.848 and 0.5) is 0.674, below the threshold.
        float[][] v = atAngles(0, 28, 60);

        List<List<Integer>> merged = Consolidation.merge(singletons(3), v, 0.68);

        assertThat(merged).containsExactly(List.of(0, 1), List.of(2));
    }

    @Test
    void merge_twoGroups_joinWhenTheMeanOfTheirFragmentPairsReachesTheThreshold() {
        // 40 and 50 join first (0.985), then 0 and 20 (0.940); between the two groups the four
        // fragment pairs average (0.766 + 0.643 + 0.940 + 0.866) / 4 = 0.804, while their centroids
        // (10 and 45 degrees) are 0.819 apart: at 0.81 centroid linkage would join them, average does not
        float[][] v = atAngles(0, 20, 40, 50);

        assertThat(Consolidation.merge(singletons(4), v, 0.80)).containsExactly(List.of(0, 1, 2, 3));
        assertThat(Consolidation.merge(singletons(4), v, 0.81)).containsExactly(List.of(0, 1), List.of(2, 3));
    }

    @Test
    void merge_nothingAboveTheThreshold_keepsEveryClusterInOrder() {
        float[][] v = atAngles(0, 45, 90);

        assertThat(Consolidation.merge(singletons(3), v, 0.9)).containsExactly(List.of(0), List.of(1), List.of(2));
    }
}
