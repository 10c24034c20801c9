package dev.feedloop.stats;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Reference binomial probabilities by a different method than production code: the pmf summed
 * term by term in 60-digit decimal arithmetic, with the success probability kept as the exact
 * fraction {@code num / den} (no incomplete beta function, no floating point until the end).
 */
final class ExactBinomial {

    private static final MathContext MC = new MathContext(60);

    private final BigDecimal[] pmf;

    /** Binomial({@code n}, {@code num / den}). */
    ExactBinomial(int n, long num, long den) {
        BigDecimal p = BigDecimal.valueOf(num).divide(BigDecimal.valueOf(den), MC);
        BigDecimal q = BigDecimal.valueOf(den - num).divide(BigDecimal.valueOf(den), MC);
        pmf = new BigDecimal[n + 1];
        pmf[0] = q.pow(n, MC);
        BigDecimal oddsStep = p.divide(q, MC);
        for (int k = 0; k < n; k++) {
            pmf[k + 1] = pmf[k].multiply(BigDecimal.valueOf(n - k), MC)
                    .divide(BigDecimal.valueOf(k + 1), MC).multiply(oddsStep, MC);
        }
    }

    /** P(X <= x). */
    double lowerTail(int x) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = 0; k <= Math.min(x, pmf.length - 1); k++) {
            sum = sum.add(pmf[k], MC);
        }
        return sum.doubleValue();
    }

    /** P(X >= x). */
    double upperTail(int x) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = Math.max(0, x); k < pmf.length; k++) {
            sum = sum.add(pmf[k], MC);
        }
        return sum.doubleValue();
    }

    /** R's two-sided rule by R's own full scan: every outcome with pmf <= pmf(x) * (1 + 1e-7). */
    double twoSidedMinLike(int x) {
        BigDecimal threshold = pmf[x].multiply(new BigDecimal("1.0000001"), MC);
        BigDecimal sum = BigDecimal.ZERO;
        for (BigDecimal term : pmf) {
            if (term.compareTo(threshold) <= 0) {
                sum = sum.add(term, MC);
            }
        }
        return Math.min(1, sum.doubleValue());
    }
}
