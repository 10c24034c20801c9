package dev.feedloop.stats;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.special.Beta;

/**
 * Binomial tail probabilities, R's two-sided p-value and the Clopper-Pearson interval.
 *
 * <p>Tails go through the regularized incomplete beta function directly
 * ({@code P(X <= x) = I_{1-p}(n - x, x + 1)}, {@code P(X >= x) = I_p(x, n - x + 1)}; Abramowitz
 * &amp; Stegun 26.5.24) rather than {@code 1 - cdf}, so a small tail keeps its relative precision.
 */
final class BinomialTails {

    /** R's {@code binom.test} treats outcomes within this relative factor of the observed one as ties. */
    private static final double R_RELATIVE_TOLERANCE = 1 + 1e-7;

    /** Absolute accuracy asked of the beta quantile solver; commons-math's default (1e-9) is too coarse near 0 and 1. */
    private static final double BETA_QUANTILE_ACCURACY = 1e-15;

    private BinomialTails() {
    }

    /** {@code P(X <= x)} for {@code X ~ Binomial(n, p)}. */
    static double lowerTail(long x, long n, double p) {
        if (x < 0) {
            return 0;
        }
        if (x >= n || p == 0) {
            return 1;
        }
        if (p == 1) {
            return 0;
        }
        return Beta.regularizedBeta(1 - p, (double) (n - x), x + 1.0);
    }

    /** {@code P(X >= x)} for {@code X ~ Binomial(n, p)}. */
    static double upperTail(long x, long n, double p) {
        if (x <= 0) {
            return 1;
        }
        if (x > n || p == 0) {
            return 0;
        }
        if (p == 1) {
            return 1;
        }
        return Beta.regularizedBeta(p, (double) x, n - x + 1.0);
    }

    /**
     * Two-sided p-value of R's {@code binom.test}: the total probability of outcomes whose
     * probability does not exceed the observed one's (times 1 + 1e-7). The pmf is monotone on
     * each side of the mean, so the far-side cut is found by binary search instead of R's scan.
     */
    static double twoSidedMinLike(long x, long n, double p) {
        double mean = n * p;
        if (x == mean || n == 0) {
            return 1;
        }
        BinomialDistribution dist = new BinomialDistribution(null, toInt(n), p);
        double threshold = dist.probability(toInt(x)) * R_RELATIVE_TOLERANCE;
        double total;
        if (x < mean) {
            // first i in [ceil(mean), n] with pmf(i) <= threshold; pmf is non-increasing there
            long lo = (long) Math.ceil(mean);
            long hi = n + 1;
            while (lo < hi) {
                long mid = (lo + hi) >>> 1;
                if (dist.probability(toInt(mid)) <= threshold) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            total = lowerTail(x, n, p) + upperTail(lo, n, p);
        } else {
            // first i in [0, floor(mean)] with pmf(i) > threshold; pmf is non-decreasing there
            long lo = 0;
            long hi = (long) Math.floor(mean) + 1;
            while (lo < hi) {
                long mid = (lo + hi) >>> 1;
                if (dist.probability(toInt(mid)) > threshold) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            total = lowerTail(lo - 1, n, p) + upperTail(x, n, p);
        }
        return Math.min(1, total);
    }

    /**
     * Clopper-Pearson (1934) interval for a binomial proportion, via beta quantiles:
     * lower {@code = Beta(x, n - x + 1).quantile(a)}, upper {@code = Beta(x + 1, n - x).quantile(1 - a)},
     * {@code a = (1 - confidence) / 2}; 0 when {@code x = 0} and 1 when {@code x = n}.
     *
     * @return {lower, upper}
     */
    static double[] clopperPearson(long x, long n, double confidence) {
        double a = (1 - confidence) / 2;
        double lower = x == 0 ? 0
                : new BetaDistribution(null, x, n - x + 1.0, BETA_QUANTILE_ACCURACY).inverseCumulativeProbability(a);
        double upper = x == n ? 1
                : new BetaDistribution(null, x + 1.0, n - x, BETA_QUANTILE_ACCURACY).inverseCumulativeProbability(1 - a);
        return new double[] {lower, upper};
    }

    private static int toInt(long value) {
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("count too large for the exact test: " + value);
        }
        return (int) value;
    }
}
