package dev.feedloop.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class FixVerdictsTest {

    private static final VerdictPolicy POLICY = VerdictPolicy.DEFAULT;

    @Test
    void verify_interfaceExample_isEffectiveWithIntervalBelowOne() {
        FixVerdict v = FixVerdicts.verify(new RateWindow(40, 5000), new RateWindow(12, 5200), POLICY);

        assertThat(v.verdict()).isEqualTo(Verdict.EFFECTIVE);
        assertThat(v.verdict().jsonName()).isEqualTo("effective");
        assertThat(v.comparison().confidenceLevel()).isEqualTo(0.90);
        assertThat(v.ciHigh()).isLessThan(1);
        assertThat(v.reductionPct()).isGreaterThan(70);
        assertThat(v.pValue()).isLessThan(0.001);
        assertThat(v.worse()).isFalse();
        assertThat(v.neededAdditionalExposure()).isEqualTo(OptionalLong.of(0));
    }

    @Test
    void verify_sameRateWhileTrafficDoubles_isNotEffectiveButNotWorse() {
        // raw counts double (100 -> 200): the reference design's rule would read a 100 % rise
        FixVerdict v = FixVerdicts.verify(new RateWindow(100, 10_000), new RateWindow(200, 20_000), POLICY);

        assertThat(v.rateRatio()).isEqualTo(1.0);
        assertThat(v.verdict()).isEqualTo(Verdict.NOT_EFFECTIVE);
        assertThat(v.worse()).isFalse();
        assertThat(v.ciLow()).isGreaterThan(POLICY.targetRatio());
    }

    @Test
    void verify_rateDoubles_isNotEffectiveAndWorse() {
        FixVerdict v = FixVerdicts.verify(new RateWindow(50, 10_000), new RateWindow(100, 10_000), POLICY);

        assertThat(v.verdict()).isEqualTo(Verdict.NOT_EFFECTIVE);
        assertThat(v.worse()).isTrue();
        assertThat(v.ciLow()).isGreaterThan(1);
        assertThat(v.reason()).contains("rose");
    }

    @Test
    void verify_significantButSmallReduction_isNotEffective() {
        // a real 15 % drop, measured tightly enough to rule out the 30 % asked for
        FixVerdict v = FixVerdicts.verify(new RateWindow(1000, 10_000), new RateWindow(850, 10_000), POLICY);

        assertThat(v.comparison().pValueReduction()).isLessThan(0.05);
        assertThat(v.verdict()).isEqualTo(Verdict.NOT_EFFECTIVE);
        assertThat(v.worse()).isFalse();
    }

    @Test
    void verify_largeBaselineShortAfterWindow_isInconclusiveWithResponsesAndDays() {
        FixVerdict v = FixVerdicts.verify(new RateWindow(200, 10_000), new RateWindow(16, 1_000), POLICY, 250.0);

        assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        long responses = v.neededAdditionalExposure().orElseThrow();
        assertThat(responses).isPositive();
        assertThat(v.neededAdditionalDays()).isEqualTo(OptionalLong.of((long) Math.ceil(responses / 250.0)));
        assertThat(v.power()).isLessThan(POLICY.targetPower());
        assertThat(v.reason()).contains(Long.toString(responses)).contains("days");
    }

    @Test
    void verify_smallBaseline_isInconclusiveAndSaysWaitingWillNotDo() {
        FixVerdict v = FixVerdicts.verify(new RateWindow(10, 5000), new RateWindow(8, 5000), POLICY, 300.0);

        assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(v.neededAdditionalExposure()).isEmpty();
        assertThat(v.neededAdditionalDays()).isEmpty();
        assertThat(v.reason()).contains("longer before window");
    }

    @Test
    void verify_noOccurrencesEither_isInconclusiveWithoutNaN() {
        FixVerdict v = FixVerdicts.verify(new RateWindow(0, 5000), new RateWindow(0, 5000), POLICY);

        assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(v.power()).isZero();
        assertThat(v.rateRatio()).isEqualTo(1.0);
        assertThat(v.neededAdditionalExposure()).isEmpty();
    }

    @Test
    void verify_patternAppearsOnlyAfter_isWorse() {
        FixVerdict v = FixVerdicts.verify(new RateWindow(0, 5000), new RateWindow(8, 5000), POLICY);

        assertThat(v.verdict()).isEqualTo(Verdict.NOT_EFFECTIVE);
        assertThat(v.worse()).isTrue();
        assertThat(v.rateRatio()).isInfinite();
    }

    @Test
    void verify_patternVanishesAfterFewOccurrences_isEffectiveOnlyWhenTheZeroIsUnlikelyByChance() {
        // P(0 of 5 after | equal rates, equal exposure) = 0.5^5 = 0.031 <= 0.05; of 3: 0.125
        assertThat(FixVerdicts.verify(new RateWindow(5, 5000), new RateWindow(0, 5000), POLICY).verdict())
                .isEqualTo(Verdict.EFFECTIVE);
        assertThat(FixVerdicts.verify(new RateWindow(3, 5000), new RateWindow(0, 5000), POLICY).verdict())
                .isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void decide_stricterMinimumEffect_turnsEffectiveIntoInconclusive() {
        RateComparison c = RateComparison.of(new RateWindow(100, 10_000), new RateWindow(60, 10_000), 0.90);

        assertThat(FixVerdicts.decide(c, POLICY, OptionalDouble.empty()).verdict()).isEqualTo(Verdict.EFFECTIVE);
        assertThat(FixVerdicts.decide(c, POLICY.withMinEffect(0.5), OptionalDouble.empty()).verdict())
                .isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void verify_nonPositiveTraffic_isRejectedWithTheValue() {
        RateWindow w = new RateWindow(5, 100);
        assertThatThrownBy(() -> FixVerdicts.verify(w, w, POLICY, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.0");
        assertThatThrownBy(() -> FixVerdicts.verify(w, w, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void policy_outOfRangeValues_areRejectedWithTheValue() {
        assertThatThrownBy(() -> POLICY.withMinEffect(1.2)).hasMessageContaining("1.2");
        assertThatThrownBy(() -> POLICY.withAlpha(0.5)).hasMessageContaining("0.5");
        assertThatThrownBy(() -> new VerdictPolicy(0.3, 0.05, 0.01, 20)).hasMessageContaining("0.01");
        assertThatThrownBy(() -> new VerdictPolicy(0.3, 0.05, 0.8, 0.5)).hasMessageContaining("0.5");
    }
}
