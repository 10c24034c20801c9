package dev.feedloop.stats;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class RateComparisonProperties {

    private static final double RELATIVE = 1e-6;

    @Property(tries = 300)
    void pValues_areProbabilities(@ForAll @IntRange(max = 3000) int x1, @ForAll @LongRange(min = 1, max = 1_000_000) long n1,
            @ForAll @IntRange(max = 3000) int x2, @ForAll @LongRange(min = 1, max = 1_000_000) long n2) {
        RateComparison c = RateComparison.of(new RateWindow(x1, n1), new RateWindow(x2, n2), 0.95);

        assertThat(c.pValueTwoSided()).isBetween(0.0, 1.0);
        assertThat(c.pValueReduction()).isBetween(0.0, 1.0);
        assertThat(c.pValueIncrease()).isBetween(0.0, 1.0);
        // the two one-sided tails overlap at x2, so together they hold at least all the mass
        assertThat(c.pValueReduction() + c.pValueIncrease()).isGreaterThanOrEqualTo(1 - 1e-9);
    }

    @Property(tries = 300)
    void interval_containsTheRateRatio(@ForAll @IntRange(max = 3000) int x1, @ForAll @LongRange(min = 1, max = 1_000_000) long n1,
            @ForAll @IntRange(max = 3000) int x2, @ForAll @LongRange(min = 1, max = 1_000_000) long n2,
            @ForAll @IntRange(min = 50, max = 99) int percent) {
        RateComparison c = RateComparison.of(new RateWindow(x1, n1), new RateWindow(x2, n2), percent / 100.0);

        assertThat(c.ciLow()).isLessThanOrEqualTo(c.rateRatio() * (1 + RELATIVE));
        assertThat(c.ciHigh()).isGreaterThanOrEqualTo(c.rateRatio() * (1 - RELATIVE));
    }

    @Property(tries = 300)
    void swappingWindows_invertsRatioAndInterval(@ForAll @IntRange(max = 3000) int x1, @ForAll @LongRange(min = 1, max = 1_000_000) long n1,
            @ForAll @IntRange(max = 3000) int x2, @ForAll @LongRange(min = 1, max = 1_000_000) long n2) {
        RateWindow a = new RateWindow(x1, n1);
        RateWindow b = new RateWindow(x2, n2);
        RateComparison forward = RateComparison.of(a, b, 0.95);
        RateComparison backward = RateComparison.of(b, a, 0.95);

        assertRelativelyClose(backward.rateRatio(), 1 / forward.rateRatio());
        assertRelativelyClose(backward.ciLow(), 1 / forward.ciHigh());
        assertRelativelyClose(backward.ciHigh(), 1 / forward.ciLow());
        assertRelativelyClose(backward.pValueReduction(), forward.pValueIncrease());
        assertRelativelyClose(backward.pValueTwoSided(), forward.pValueTwoSided());
    }

    @Property(tries = 300)
    void oneMoreOccurrenceAfter_neverLooksMoreLikeAFix(@ForAll @IntRange(max = 3000) int x1,
            @ForAll @LongRange(min = 1, max = 1_000_000) long n1, @ForAll @IntRange(max = 3000) int x2,
            @ForAll @LongRange(min = 1, max = 1_000_000) long n2) {
        RateWindow before = new RateWindow(x1, n1);
        RateComparison fewer = RateComparison.of(before, new RateWindow(x2, n2), 0.95);
        RateComparison more = RateComparison.of(before, new RateWindow(x2 + 1L, n2), 0.95);

        assertThat(more.rateRatio()).isGreaterThanOrEqualTo(fewer.rateRatio());
        assertThat(more.ciLow()).isGreaterThanOrEqualTo(fewer.ciLow() * (1 - RELATIVE));
        assertThat(more.ciHigh()).isGreaterThanOrEqualTo(fewer.ciHigh() * (1 - RELATIVE));
        assertThat(more.pValueReduction()).isGreaterThanOrEqualTo(fewer.pValueReduction() * (1 - RELATIVE));
        assertThat(more.pValueIncrease()).isLessThanOrEqualTo(fewer.pValueIncrease() * (1 + RELATIVE));
    }

    @Property(tries = 150)
    void verdict_canBeReadOffItsInterval(@ForAll @IntRange(max = 600) int x1, @ForAll @LongRange(min = 500, max = 100_000) long n1,
            @ForAll @IntRange(max = 600) int x2, @ForAll @LongRange(min = 500, max = 100_000) long n2) {
        VerdictPolicy policy = VerdictPolicy.DEFAULT;
        FixVerdict v = FixVerdicts.verify(new RateWindow(x1, n1), new RateWindow(x2, n2), policy);

        switch (v.verdict()) {
            case EFFECTIVE -> {
                assertThat(v.ciHigh()).isLessThanOrEqualTo(1 + RELATIVE);
                assertThat(v.rateRatio()).isLessThanOrEqualTo(policy.targetRatio());
            }
            case NOT_EFFECTIVE -> assertThat(v.ciLow()).isGreaterThanOrEqualTo(policy.targetRatio() * (1 - RELATIVE));
            case INCONCLUSIVE -> {
                assertThat(v.ciLow()).isLessThanOrEqualTo(policy.targetRatio() * (1 + RELATIVE));
                assertThat(v.neededAdditionalExposure().orElse(0)).isNotNegative();
            }
        }
        if (v.worse()) {
            assertThat(v.ciLow()).isGreaterThanOrEqualTo(1 - RELATIVE);
        }
    }

    private static void assertRelativelyClose(double actual, double expected) {
        if (Double.isInfinite(expected) || expected == 0) {
            assertThat(actual).isEqualTo(expected);
        } else {
            assertThat(actual).isCloseTo(expected, org.assertj.core.api.Assertions.withinPercentage(RELATIVE * 100));
        }
    }
}
