package dev.feedloop.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.OptionalLong;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PoissonPowerTest {

    private static final VerdictPolicy POLICY = VerdictPolicy.DEFAULT;

    @ParameterizedTest(name = "mu1={0} t={1} rr={2}")
    @CsvSource({"40, 1, 0.5", "100, 2, 0.7", "20, 5, 0.7", "8, 1, 0.3"})
    void power_agreesWithSeededMonteCarlo(double mu1, double t, double rr) {
        // independent check: draw both windows, run the exact one-sided test, count rejections
        int trials = 20_000;
        PoissonDistribution before = new PoissonDistribution(new Well19937c(11), mu1,
                PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS);
        PoissonDistribution after = new PoissonDistribution(new Well19937c(12), rr * mu1 * t,
                PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS);
        int rejections = 0;
        for (int i = 0; i < trials; i++) {
            int x1 = before.sample();
            int x2 = after.sample();
            if (BinomialTails.lowerTail(x2, x1 + x2, t / (1 + t)) <= 0.05) {
                rejections++;
            }
        }
        double simulated = (double) rejections / trials;

        // 4 standard errors of a proportion near 0.5 over 20 000 draws
        assertThat(PoissonPower.power(mu1, t, rr, 0.05)).isCloseTo(simulated, within(0.015));
    }

    @Test
    void power_underTheNull_staysAtOrBelowAlpha() {
        assertThat(PoissonPower.power(60, 1.3, 1.0, 0.05)).isLessThanOrEqualTo(0.05).isGreaterThan(0.02);
    }

    @Test
    void additionalExposureNeeded_largeBaseline_reachesTargetNearTheNormalApproximation() {
        RateWindow before = new RateWindow(400, 20_000);
        long afterSoFar = 2_000;

        long needed = PoissonPower.additionalExposureNeeded(before, afterSoFar, POLICY).orElseThrow();
        double total = afterSoFar + needed;

        assertThat(PoissonPower.power(400, total / 20_000, 0.7, 0.05)).isGreaterThanOrEqualTo(0.8);
        assertThat(PoissonPower.power(400, 0.97 * total / 20_000, 0.7, 0.05)).isLessThan(0.8);
        // Wald approximation on log RR (variance 1/mu1 + 1/mu2): -ln 0.7 / sqrt(1/400 + 1/(280 t))
        // = z_0.95 + z_0.8 = 2.4865 gives t = 0.1975, i.e. about 3950 responses after the fix
        assertThat(total).isCloseTo(3950, within(400.0));
    }

    @Test
    void additionalExposureNeeded_afterWindowAlreadyLargeEnough_isZero() {
        assertThat(PoissonPower.additionalExposureNeeded(new RateWindow(400, 20_000), 40_000, POLICY))
                .isEqualTo(OptionalLong.of(0));
    }

    @Test
    void additionalExposureNeeded_fewOccurrencesBefore_isUnreachable() {
        // with 10 before, even 20x the before traffic after the fix leaves power well under 0.8
        assertThat(PoissonPower.additionalExposureNeeded(new RateWindow(10, 5_000), 1_000, POLICY)).isEmpty();
        assertThat(PoissonPower.additionalExposureNeeded(new RateWindow(0, 5_000), 1_000, POLICY)).isEmpty();
    }

    @Test
    void power_invalidArguments_areRejectedWithTheValue() {
        assertThatThrownBy(() -> PoissonPower.power(0, 1, 0.5, 0.05)).hasMessageContaining("0.0");
        assertThatThrownBy(() -> PoissonPower.power(10, 1, 1.5, 0.05)).hasMessageContaining("1.5");
        assertThatThrownBy(() -> PoissonPower.power(10, 1, 0.5, 0.7)).hasMessageContaining("0.7");
    }
}
