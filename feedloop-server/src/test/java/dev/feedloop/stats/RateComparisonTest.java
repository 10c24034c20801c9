package dev.feedloop.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

/**
 * Reference values. R could not be run here, so each value comes from a published R output or
 * from an independent implementation, named at the test:
 * <ul>
 *   <li>R's documented examples and their printed output ({@code ?poisson.test}, {@code ?binom.test});</li>
 *   <li>SciPy 1.17.1 {@code scipy.stats.binomtest} (same conditional reduction, its own beta
 *       routines and CI solver), run on this machine: {@code binomtest(x2, x1 + x2, n2 / (n1 + n2))},
 *       {@code .pvalue}, {@code alternative='less'|'greater'}, {@code .proportion_ci(level, 'exact')}
 *       mapped by {@code p / (1 - p) * n1 / n2}.</li>
 * </ul>
 */
class RateComparisonTest {

    @Test
    void of_rDocumentationExample_matchesPoissonTestOutput() {
        // R: poisson.test(c(11, 6+8+7), c(800, 1083+1050+878))  (eba1977, Fredericia vs. other cities)
        // printed: p-value = 0.07967; 95 percent CI 0.8584264 4.2772659; rate ratio 1.971488.
        // R's first sample is our after window: after = (11, 800), before = (21, 3011).
        RateComparison c = RateComparison.of(new RateWindow(21, 3011), new RateWindow(11, 800), 0.95);

        assertThat(c.rateRatio()).isCloseTo(1.971488, within(5e-7));
        assertThat(c.pValueTwoSided()).isCloseTo(0.07967, within(5e-6));
        assertThat(c.ciLow()).isCloseTo(0.8584264, within(5e-8));
        assertThat(c.ciHigh()).isCloseTo(4.2772659, within(5e-8));
    }

    @Test
    void of_mendelBinomialExample_matchesBinomTestOutput() {
        // R: binom.test(682, 925, p = 3/4)  (Conover 1971, p. 97; the ?binom.test example)
        // printed: p-value = 0.3825; 95 percent CI 0.7076683 0.7654066.
        // Exposures 1000 before / 3000 after make the null proportion n2 / (n1 + n2) = 3/4.
        RateComparison c = RateComparison.of(new RateWindow(243, 1000), new RateWindow(682, 3000), 0.95);

        assertThat(c.pValueTwoSided()).isCloseTo(0.3825, within(5e-5));
        assertThat(proportion(c.ciLow(), 1000, 3000)).isCloseTo(0.7076683, within(5e-8));
        assertThat(proportion(c.ciHigh(), 1000, 3000)).isCloseTo(0.7654066, within(5e-8));
    }

    @Test
    void of_interfaceExample_matchesScipy() {
        // the verify JSON example in INTERFACES.md: 40 of 5000 before, 12 of 5200 after
        RateComparison c95 = RateComparison.of(new RateWindow(40, 5000), new RateWindow(12, 5200), 0.95);
        RateComparison c90 = RateComparison.of(new RateWindow(40, 5000), new RateWindow(12, 5200), 0.90);

        assertThat(c95.rateRatio()).isCloseTo(0.2884615385, within(1e-10));
        assertThat(c95.pValueTwoSided()).isCloseTo(6.835527898e-05, withinPercentage(1e-6));
        assertThat(c95.pValueReduction()).isCloseTo(3.594306673e-05, withinPercentage(1e-6));
        assertThat(c95.pValueIncrease()).isCloseTo(0.9999902567, within(1e-9));
        assertThat(c95.ciLow()).isCloseTo(0.1377597763, within(1e-9));
        assertThat(c95.ciHigh()).isCloseTo(0.5608533704, within(1e-9));
        assertThat(c90.ciLow()).isCloseTo(0.1550980982, within(1e-9));
        assertThat(c90.ciHigh()).isCloseTo(0.5107659448, within(1e-9));
    }

    @Test
    void of_largeCountsSmallReduction_matchesScipy() {
        RateComparison c = RateComparison.of(new RateWindow(500, 40000), new RateWindow(430, 41000), 0.95);

        assertThat(c.pValueTwoSided()).isCloseTo(0.007876181133, withinPercentage(1e-6));
        assertThat(c.pValueReduction()).isCloseTo(0.004146527058, withinPercentage(1e-6));
        assertThat(c.ciLow()).isCloseTo(0.7358270937, within(1e-9));
        assertThat(c.ciHigh()).isCloseTo(0.9563797115, within(1e-9));
        assertThat(c.reductionPct()).isCloseTo(16.09756098, within(1e-7));
    }

    @Test
    void of_noOccurrencesAfter_givesZeroRatioAndFiniteUpperBound() {
        // scipy: binomtest(0, 7, 2500/4500): two-sided = less = 0.003425487391; CI upper 0.5550511841
        RateComparison c = RateComparison.of(new RateWindow(7, 2000), new RateWindow(0, 2500), 0.95);

        assertThat(c.rateRatio()).isZero();
        assertThat(c.ciLow()).isZero();
        assertThat(c.ciHigh()).isCloseTo(0.5550511841, within(1e-9));
        assertThat(c.pValueReduction()).isCloseTo(0.003425487391, withinPercentage(1e-6));
        assertThat(c.pValueTwoSided()).isCloseTo(0.003425487391, withinPercentage(1e-6));
        assertThat(c.pValueIncrease()).isEqualTo(1.0);
    }

    @Test
    void of_noOccurrencesBefore_givesUnboundedRatioAndFiniteLowerBound() {
        // scipy: binomtest(6, 6, 2500/4500): two-sided 0.03710854074, greater 0.02940119411, CI low 0.9419397806
        RateComparison c = RateComparison.of(new RateWindow(0, 2000), new RateWindow(6, 2500), 0.95);

        assertThat(c.rateRatio()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(c.ciHigh()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(c.ciLow()).isCloseTo(0.9419397806, within(1e-9));
        assertThat(c.pValueIncrease()).isCloseTo(0.02940119411, withinPercentage(1e-6));
        assertThat(c.pValueTwoSided()).isCloseTo(0.03710854074, withinPercentage(1e-6));
        assertThat(c.pValueReduction()).isEqualTo(1.0);
        assertThat(c.reductionPct()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void of_noOccurrencesAtAll_reportsNoChangeAndAnUninformativeInterval() {
        RateComparison c = RateComparison.of(new RateWindow(0, 2000), new RateWindow(0, 2500), 0.95);

        assertThat(c.rateRatio()).isEqualTo(1.0);
        assertThat(c.reductionPct()).isZero();
        assertThat(c.ciLow()).isZero();
        assertThat(c.ciHigh()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(c.pValueTwoSided()).isEqualTo(1.0);
        assertThat(c.pValueReduction()).isEqualTo(1.0);
        assertThat(c.pValueIncrease()).isEqualTo(1.0);
    }

    @Test
    void pValueRatioAbove_atTheUpperReportedBound_isHalfTheOutsideMass() {
        // the interval's ends are the one-sided tests: at RR = ciLow, P(X2 >= x2) = (1 - level) / 2
        RateComparison c = RateComparison.of(new RateWindow(40, 5000), new RateWindow(25, 5200), 0.90);

        assertThat(c.pValueRatioAbove(c.ciLow())).isCloseTo(0.05, within(1e-9));
        assertThat(c.pValueRatioBelow(c.ciHigh())).isCloseTo(0.05, within(1e-9));
        assertThat(c.pValueRatioBelow(1)).isEqualTo(c.pValueReduction());
    }

    @Test
    void rateWindow_negativeOccurrences_isRejectedWithTheValue() {
        assertThatThrownBy(() -> new RateWindow(-1, 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> new RateWindow(1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }

    @Test
    void of_confidenceLevelOutsideUnitInterval_isRejected() {
        RateWindow w = new RateWindow(3, 100);
        assertThatThrownBy(() -> RateComparison.of(w, w, 1.0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.0");
        assertThatThrownBy(() -> RateComparison.of(null, w, 0.9)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Back from the rate ratio to the binomial proportion R reports: {@code p = RR n2 / (n1 + RR n2)}. */
    private static double proportion(double ratio, double n1, double n2) {
        return ratio * n2 / (n1 + ratio * n2);
    }
}
