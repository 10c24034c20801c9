package dev.feedloop.stats;

/**
 * What counts as a fix that worked, and how sure we must be.
 *
 * <p>All three verdict tests are one-sided at {@code alpha}; the interval reported with a
 * verdict is the two-sided {@code 1 - 2 alpha} exact interval (90 % for alpha 0.05), whose two
 * ends are exactly those one-sided tests. So "effective" always comes with {@code ciHigh < 1},
 * and "not effective" with {@code ciLow > 1 - minEffect}: the reader can check the verdict from
 * the interval alone.
 *
 * @param minEffect                  smallest relative reduction that counts as a fix, in (0, 1)
 *                                   (the reference design's bar is 0.30)
 * @param alpha                      one-sided significance level, in (0, 0.5)
 * @param targetPower                power wanted for a true reduction of minEffect, in (alpha, 1)
 * @param maxAfterToBeforeExposure   how far the exposure search may go, as a multiple of the
 *                                   before window's exposure ({@code >= 1}); beyond it, waiting
 *                                   is not a plan
 */
public record VerdictPolicy(double minEffect, double alpha, double targetPower, double maxAfterToBeforeExposure) {

    /** Minimum effect 30 %, one-sided alpha 5 %, power 80 %, search up to 20x the before exposure. */
    public static final VerdictPolicy DEFAULT = new VerdictPolicy(0.30, 0.05, 0.80, 20);

    /**
     * @throws IllegalArgumentException for a value outside its range
     */
    public VerdictPolicy {
        if (!(minEffect > 0 && minEffect < 1)) {
            throw new IllegalArgumentException("minEffect must be in (0, 1), got " + minEffect);
        }
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("alpha must be in (0, 0.5), got " + alpha);
        }
        if (!(targetPower > alpha && targetPower < 1)) {
            throw new IllegalArgumentException("targetPower must be in (alpha, 1), got " + targetPower);
        }
        if (!(maxAfterToBeforeExposure >= 1 && maxAfterToBeforeExposure < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(
                    "maxAfterToBeforeExposure must be finite and >= 1, got " + maxAfterToBeforeExposure);
        }
    }

    /** A policy with another minimum effect. */
    public VerdictPolicy withMinEffect(double value) {
        return new VerdictPolicy(value, alpha, targetPower, maxAfterToBeforeExposure);
    }

    /** A policy with another one-sided alpha. */
    public VerdictPolicy withAlpha(double value) {
        return new VerdictPolicy(minEffect, value, targetPower, maxAfterToBeforeExposure);
    }

    /** The level of the interval dual to the one-sided tests: {@code 1 - 2 alpha}. */
    public double confidenceLevel() {
        return 1 - 2 * alpha;
    }

    /** The rate ratio a fix of exactly minEffect would produce: {@code 1 - minEffect}. */
    public double targetRatio() {
        return 1 - minEffect;
    }
}
