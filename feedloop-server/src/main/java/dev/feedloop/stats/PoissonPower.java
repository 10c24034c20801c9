package dev.feedloop.stats;

import java.util.OptionalLong;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;

/**
 * Power of the one-sided exact conditional test for a rate reduction, and the after-window
 * exposure needed to reach a target power.
 *
 * <p>Exact unconditional power (Gu, Ng, Tang &amp; Schucany 2008, section 4): with expected
 * counts {@code mu1} before and {@code mu2 = rho * mu1 * t} after ({@code t = n2 / n1}), the total
 * {@code K} is Poisson({@code mu1 + mu2}) and, given {@code K = k}, the after count is
 * Binomial({@code k, mu2 / (mu1 + mu2)}). The test rejects when {@code x2 <= c_k}, the largest
 * value with {@code P(Binomial(k, t / (1 + t)) <= c_k) <= alpha}. Power is
 * {@code sum_k P(K = k) P(X2 <= c_k | k)}. The before rate is taken as observed
 * ({@code mu1 = x1}): the planning value, as in Shiue &amp; Bain (1982).
 */
public final class PoissonPower {

    /** Poisson mass beyond mean +- this many standard deviations (plus a margin for small means) is ignored. */
    private static final double TAIL_SDS = 10;

    /** Stop the exposure search when the bracket is within this factor (1 %). */
    private static final double SEARCH_PRECISION = 1.01;

    private PoissonPower() {
    }

    /**
     * Probability that the one-sided level-{@code alpha} exact conditional test detects a reduction
     * when the true rate ratio is {@code rateRatio}.
     *
     * @param expectedBefore          expected occurrences in the before window, {@code > 0}
     * @param afterToBeforeExposure   {@code n2 / n1}, {@code > 0}
     * @param rateRatio               true after/before rate ratio, in (0, 1]
     * @param alpha                   one-sided level, in (0, 0.5)
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static double power(double expectedBefore, double afterToBeforeExposure, double rateRatio, double alpha) {
        requirePositive("expectedBefore", expectedBefore);
        requirePositive("afterToBeforeExposure", afterToBeforeExposure);
        if (!(rateRatio > 0 && rateRatio <= 1)) {
            throw new IllegalArgumentException("rateRatio must be in (0, 1], got " + rateRatio);
        }
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("alpha must be in (0, 0.5), got " + alpha);
        }
        double t = afterToBeforeExposure;
        double muAfter = rateRatio * expectedBefore * t;
        double mu = expectedBefore + muAfter;
        double pi0 = t / (1 + t);
        double piTrue = muAfter / mu;
        PoissonDistribution total = new PoissonDistribution(null, mu,
                PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS);
        double spread = TAIL_SDS * Math.sqrt(mu) + TAIL_SDS;
        int kLow = (int) Math.max(0, Math.floor(mu - spread));
        int kHigh = (int) Math.min(Integer.MAX_VALUE - 1L, Math.ceil(mu + spread));
        long critical = criticalValue(kLow, pi0, alpha);
        double power = 0;
        for (int k = kLow; k <= kHigh; k++) {
            // c_k never decreases with k: more trials only push the binomial to the right
            while (critical + 1 <= k && BinomialTails.lowerTail(critical + 1, k, pi0) <= alpha) {
                critical++;
            }
            if (critical >= 0) {
                power += total.probability(k) * BinomialTails.lowerTail(critical, k, piTrue);
            }
        }
        return Math.min(1, power);
    }

    /**
     * Additional after-window exposure (responses) needed so that a true reduction of
     * {@code policy.minEffect()} would be detected with {@code policy.targetPower()} at
     * {@code policy.alpha()}, keeping the before window as it is.
     *
     * <p>Empty when no after exposure up to {@code policy.maxAfterToBeforeExposure()} times the
     * before exposure reaches the power: with few occurrences before, the before window's own
     * noise bounds the power however long one waits, so the honest advice is a longer before
     * window. Exact power is slightly saw-toothed in the exposure (a discrete test), so the
     * geometric bisection returns a crossing point within 1 %, not necessarily the first one.
     *
     * @return 0 if the current after window already has the power; empty if unreachable
     * @throws IllegalArgumentException if before or policy is null or afterExposure is not positive
     */
    public static OptionalLong additionalExposureNeeded(RateWindow before, long afterExposure, VerdictPolicy policy) {
        if (before == null || policy == null) {
            throw new IllegalArgumentException("before window and policy are required, got " + before + ", " + policy);
        }
        requirePositive("afterExposure", afterExposure);
        if (before.occurrences() == 0) {
            return OptionalLong.empty();
        }
        double x1 = before.occurrences();
        double n1 = before.exposure();
        double current = afterExposure / n1;
        if (powerAt(x1, current, policy) >= policy.targetPower()) {
            return OptionalLong.of(0);
        }
        double enough = Math.max(current, policy.maxAfterToBeforeExposure());
        if (enough == current || powerAt(x1, enough, policy) < policy.targetPower()) {
            return OptionalLong.empty();
        }
        double tooLittle = current;
        while (enough / tooLittle > SEARCH_PRECISION && (enough - tooLittle) * n1 > 1) {
            double mid = Math.sqrt(enough * tooLittle);
            if (powerAt(x1, mid, policy) >= policy.targetPower()) {
                enough = mid;
            } else {
                tooLittle = mid;
            }
        }
        return OptionalLong.of(Math.max(0, (long) Math.ceil(enough * n1) - afterExposure));
    }

    /** Power of the current windows to detect {@code policy.minEffect()}; 0 when nothing occurred before. */
    static double currentPower(RateWindow before, RateWindow after, VerdictPolicy policy) {
        if (before.occurrences() == 0) {
            return 0;
        }
        return powerAt(before.occurrences(), (double) after.exposure() / before.exposure(), policy);
    }

    private static double powerAt(double expectedBefore, double ratio, VerdictPolicy policy) {
        return power(expectedBefore, ratio, 1 - policy.minEffect(), policy.alpha());
    }

    /** Largest c with {@code P(Binomial(k, p) <= c) <= alpha}, or -1 if even c = 0 exceeds alpha. */
    private static long criticalValue(int k, double p, double alpha) {
        if (k == 0) {
            return -1;
        }
        long c = new BinomialDistribution(null, k, p).inverseCumulativeProbability(alpha);
        // the quantile is the smallest c with cdf >= alpha; step back unless it sits exactly at alpha
        while (c >= 0 && BinomialTails.lowerTail(c, k, p) > alpha) {
            c--;
        }
        return c;
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
        }
    }
}
