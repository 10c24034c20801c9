package dev.feedloop.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ClusterMetricsTest {

    private static final int[] TRUTH = {0, 0, 0, 1, 1, 1};
    private static final int[] PRED = {0, 0, 1, 1, 2, 2};

    @Test
    void ari_handExample_matchesFormula() {
        // Pairs within cells: C(2,2) + C(2,2) = 2; rows: 3 + 3 = 6; columns: 1 + 1 + 1 = 3;
        // expected = 6 * 3 / C(6,2) = 1.2; max = (6 + 3) / 2 = 4.5; ARI = 0.8 / 3.3.
        assertThat(ClusterMetrics.ari(TRUTH, PRED)).isCloseTo(0.8 / 3.3, within(1e-12));
    }

    @Test
    void nmi_handExample_matchesFormula() {
        // MI = 2/3 ln 2; H(truth) = ln 2; H(pred) = ln 3; NMI = MI / ((ln 2 + ln 3) / 2).
        double expected = (2.0 / 3 * Math.log(2)) / ((Math.log(2) + Math.log(3)) / 2);
        assertThat(ClusterMetrics.nmi(TRUTH, PRED)).isCloseTo(expected, within(1e-12));
        assertThat(expected).isCloseTo(0.5158037429793889, within(1e-12)); // scikit-learn's value
    }

    @Test
    void noiseAsSingletons_givesEachNoisePointItsOwnLabel() {
        assertThat(ClusterMetrics.noiseAsSingletons(new int[] {0, -1, 1, -1})).containsExactly(0, 2, 1, 3);
    }

    @Property(tries = 200)
    void metrics_identicalPartitionsUpToRenaming_scoreOne(
            @ForAll @Size(min = 2, max = 40) int[] raw, @ForAll @IntRange(min = 1, max = 50) int shift) {
        int[] a = java.util.Arrays.stream(raw).map(v -> Math.floorMod(v, 5)).toArray();
        int[] b = java.util.Arrays.stream(a).map(v -> v * 7 + shift).toArray();

        assertThat(ClusterMetrics.nmi(a, b)).isCloseTo(1.0, within(1e-9));
        assertThat(ClusterMetrics.ari(a, b)).isCloseTo(1.0, within(1e-9));
    }
}
