package dev.feedloop.stats;

/**
 * Before/after comparison of a pattern's rate per response: rate ratio, exact interval and
 * exact conditional p-values.
 *
 * <p>With {@code x1} occurrences over {@code n1} responses before and {@code x2} over {@code n2}
 * after, {@code RR = (x2 / n2) / (x1 / n1)}. Conditional on {@code x1 + x2}, {@code x2} is
 * {@code Binomial(x1 + x2, pi)} with {@code pi = RR n2 / (n1 + RR n2)} (Przyborowski &amp;
 * Wilenski 1940), so tests of {@code RR} are binomial tests and the Clopper-Pearson interval for
 * {@code pi} maps to an exact interval for {@code RR}. Same numbers as R's
 * {@code poisson.test(c(x2, x1), c(n2, n1), conf.level = confidenceLevel)}.
 *
 * <p>Zeros never produce NaN:
 * <ul>
 *   <li>{@code x1 = x2 = 0}: both observed rates are 0, so {@code rateRatio = 1} (no observed
 *       change), the interval is {@code [0, +Infinity]} (no information) and every p-value is 1.</li>
 *   <li>{@code x1 = 0 < x2}: {@code rateRatio = +Infinity}, {@code ciHigh = +Infinity}, {@code ciLow}
 *       finite and positive.</li>
 *   <li>{@code x2 = 0 < x1}: {@code rateRatio = 0}, {@code ciLow = 0}, {@code ciHigh} finite.</li>
 * </ul>
 * JSON has no infinity: writers should emit {@code null} for a non-finite value.
 *
 * <p>Example:
 * <pre>{@code
 * RateComparison c = RateComparison.of(new RateWindow(40, 5000), new RateWindow(12, 5200), 0.95);
 * c.rateRatio();        // 0.288...
 * c.pValueReduction();  // one-sided, H1: RR < 1
 * }</pre>
 *
 * @param before           the window before the fix
 * @param after            the window after the fix
 * @param confidenceLevel  level of {@code [ciLow, ciHigh]}, in (0, 1)
 * @param rateRatio        {@code after.rate() / before.rate()}, in [0, +Infinity]
 * @param ciLow            lower exact confidence bound of the rate ratio
 * @param ciHigh           upper exact confidence bound, possibly +Infinity
 * @param pValueTwoSided   H1: RR != 1 (R's {@code binom.test} rule)
 * @param pValueReduction  H1: RR &lt; 1, i.e. {@code P(X2 <= x2)} under equal rates
 * @param pValueIncrease   H1: RR &gt; 1, i.e. {@code P(X2 >= x2)} under equal rates
 */
public record RateComparison(
        RateWindow before,
        RateWindow after,
        double confidenceLevel,
        double rateRatio,
        double ciLow,
        double ciHigh,
        double pValueTwoSided,
        double pValueReduction,
        double pValueIncrease) {

    /**
     * @throws IllegalArgumentException if a window is null, the level is outside (0, 1), a
     *                                  p-value is outside [0, 1], the interval is not ordered
     *                                  or the rate ratio is NaN
     */
    public RateComparison {
        if (before == null || after == null) {
            throw new IllegalArgumentException("before and after windows are required, got " + before + ", " + after);
        }
        requireLevel(confidenceLevel);
        requireProbability("pValueTwoSided", pValueTwoSided);
        requireProbability("pValueReduction", pValueReduction);
        requireProbability("pValueIncrease", pValueIncrease);
        if (!(0 <= ciLow && ciLow <= ciHigh) || Double.isNaN(rateRatio)) {
            throw new IllegalArgumentException(
                    "need 0 <= ciLow <= ciHigh and a rate ratio, got [" + ciLow + ", " + ciHigh + "], " + rateRatio);
        }
    }

    /**
     * Compares the after window's rate with the before window's, with a {@code confidenceLevel}
     * two-sided exact interval.
     *
     * @throws IllegalArgumentException if a window is null, the level is outside (0, 1), or
     *                                  {@code x1 + x2} exceeds {@link Integer#MAX_VALUE}
     */
    public static RateComparison of(RateWindow before, RateWindow after, double confidenceLevel) {
        if (before == null || after == null) {
            throw new IllegalArgumentException("before and after windows are required, got " + before + ", " + after);
        }
        requireLevel(confidenceLevel);
        long x1 = before.occurrences();
        long x2 = after.occurrences();
        long total = Math.addExact(x1, x2);
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("occurrences too large for the exact test: " + total);
        }
        double pi0 = nullProportion(before, after, 1);
        double[] p = BinomialTails.clopperPearson(x2, total, confidenceLevel);
        return new RateComparison(before, after, confidenceLevel,
                pointRatio(before, after),
                toRatio(p[0], before, after), toRatio(p[1], before, after),
                BinomialTails.twoSidedMinLike(x2, total, pi0),
                BinomialTails.lowerTail(x2, total, pi0),
                BinomialTails.upperTail(x2, total, pi0));
    }

    /** {@link #of(RateWindow, RateWindow, double)} with a 95 % interval. */
    public static RateComparison of(RateWindow before, RateWindow after) {
        return of(before, after, 0.95);
    }

    /** Observed reduction in percent, {@code (1 - rateRatio) * 100}; negative when the rate rose. */
    public double reductionPct() {
        return (1 - rateRatio) * 100;
    }

    /**
     * One-sided exact p-value for H1: {@code RR < ratio} (H0: {@code RR >= ratio}).
     *
     * @throws IllegalArgumentException if ratio is not positive and finite
     */
    public double pValueRatioBelow(double ratio) {
        requireRatio(ratio);
        long total = before.occurrences() + after.occurrences();
        return BinomialTails.lowerTail(after.occurrences(), total, nullProportion(before, after, ratio));
    }

    /**
     * One-sided exact p-value for H1: {@code RR > ratio} (H0: {@code RR <= ratio}). With
     * {@code ratio = 1 - minEffect} it says whether the data rule out a reduction of minEffect.
     *
     * @throws IllegalArgumentException if ratio is not positive and finite
     */
    public double pValueRatioAbove(double ratio) {
        requireRatio(ratio);
        long total = before.occurrences() + after.occurrences();
        return BinomialTails.upperTail(after.occurrences(), total, nullProportion(before, after, ratio));
    }

    /** The share of the total expected in the after window when the true rate ratio is {@code ratio}. */
    static double nullProportion(RateWindow before, RateWindow after, double ratio) {
        double weightedAfter = ratio * after.exposure();
        return weightedAfter / (before.exposure() + weightedAfter);
    }

    private static double pointRatio(RateWindow before, RateWindow after) {
        if (before.occurrences() == 0) {
            // 0/0: both observed rates are zero, i.e. no observed change; x/0 with x > 0: unbounded
            return after.occurrences() == 0 ? 1 : Double.POSITIVE_INFINITY;
        }
        return after.rate() / before.rate();
    }

    private static double toRatio(double proportion, RateWindow before, RateWindow after) {
        if (proportion >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        return proportion / (1 - proportion) * before.exposure() / after.exposure();
    }

    private static void requireLevel(double confidenceLevel) {
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + confidenceLevel);
        }
    }

    private static void requireProbability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }

    private static void requireRatio(double ratio) {
        if (!(ratio > 0 && ratio < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("rate ratio must be positive and finite, got " + ratio);
        }
    }
}
