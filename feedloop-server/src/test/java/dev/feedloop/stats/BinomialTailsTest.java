package dev.feedloop.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tails, two-sided p-value and Clopper-Pearson bounds against exact decimal sums (see {@link ExactBinomial}). */
class BinomialTailsTest {

    @ParameterizedTest(name = "x={0} n={1} p={2}/{3}")
    @CsvSource({
        "12, 52, 5200, 10200",
        "0, 7, 2500, 4500",
        "3, 40, 1, 4",
        "430, 930, 41000, 81000",
        "25, 50, 1, 2",
        "20, 50, 1, 2",
        "60, 61, 3, 5",
    })
    void tails_matchExactDecimalSums(int x, int n, long num, long den) {
        double p = (double) num / den;
        ExactBinomial exact = new ExactBinomial(n, num, den);

        assertThat(BinomialTails.lowerTail(x, n, p)).isCloseTo(exact.lowerTail(x), withinPercentage(1e-8));
        assertThat(BinomialTails.upperTail(x, n, p)).isCloseTo(exact.upperTail(x), withinPercentage(1e-8));
        assertThat(BinomialTails.twoSidedMinLike(x, n, p)).isCloseTo(exact.twoSidedMinLike(x), withinPercentage(1e-8));
    }

    @Test
    void twoSided_observationAtTheMean_isOne() {
        assertThat(BinomialTails.twoSidedMinLike(25, 50, 0.5)).isEqualTo(1.0);
        assertThat(BinomialTails.twoSidedMinLike(0, 0, 0.3)).isEqualTo(1.0);
    }

    @Test
    void tails_outsideTheSupport_areZeroOrOne() {
        assertThat(BinomialTails.lowerTail(-1, 10, 0.4)).isZero();
        assertThat(BinomialTails.lowerTail(10, 10, 0.4)).isEqualTo(1.0);
        assertThat(BinomialTails.upperTail(0, 10, 0.4)).isEqualTo(1.0);
        assertThat(BinomialTails.upperTail(11, 10, 0.4)).isZero();
    }

    @Test
    void clopperPearson_atZeroAndAll_hasClosedForm() {
        // x = 0: upper solves (1 - p)^n = a/2; x = n: lower solves p^n = a/2 (Clopper & Pearson 1934)
        double[] none = BinomialTails.clopperPearson(0, 20, 0.95);
        double[] all = BinomialTails.clopperPearson(20, 20, 0.95);

        assertThat(none[0]).isZero();
        assertThat(none[1]).isCloseTo(1 - Math.pow(0.025, 1.0 / 20), within(1e-12));
        assertThat(all[0]).isCloseTo(Math.pow(0.025, 1.0 / 20), within(1e-12));
        assertThat(all[1]).isEqualTo(1.0);
    }

    @Test
    void clopperPearson_bounds_leaveHalfAlphaInEachExactTail() {
        // the defining equations: P(X >= x | lower) = a/2 and P(X <= x | upper) = a/2
        int x = 17;
        int n = 45;
        double[] bounds = BinomialTails.clopperPearson(x, n, 0.90);
        long den = 1_000_000_000_000L;

        double upperTailAtLower = new ExactBinomial(n, Math.round(bounds[0] * den), den).upperTail(x);
        double lowerTailAtUpper = new ExactBinomial(n, Math.round(bounds[1] * den), den).lowerTail(x);

        assertThat(upperTailAtLower).isCloseTo(0.05, within(1e-9));
        assertThat(lowerTailAtUpper).isCloseTo(0.05, within(1e-9));
    }
}
