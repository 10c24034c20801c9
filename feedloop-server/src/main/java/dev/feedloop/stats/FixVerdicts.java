package dev.feedloop.stats;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Turns a before/after rate comparison into a verdict on a fix.
 *
 * <p>Three one-sided exact conditional tests at {@code alpha} (see {@link RateComparison}):
 * <ul>
 *   <li>{@link Verdict#EFFECTIVE}: the reduction is significant (H0: {@code RR >= 1} rejected)
 *       and the observed reduction is at least {@code minEffect}.</li>
 *   <li>{@link Verdict#NOT_EFFECTIVE}: otherwise, when a reduction of {@code minEffect} is itself
 *       rejected (H0: {@code RR <= 1 - minEffect}); {@code worse} is set when also
 *       H0: {@code RR <= 1} is rejected, i.e. the rate rose significantly.</li>
 *   <li>{@link Verdict#INCONCLUSIVE}: neither; the result says how much more after-window traffic
 *       gives the target power to detect {@code minEffect} (see {@link PoissonPower}).</li>
 * </ul>
 * Unlike the reference design's rule (raw counts, reduction above 30 %), a traffic change alone
 * moves none of these tests, and a small count cannot pass for a fix by chance more often than
 * {@code alpha}.
 *
 * <p>Example:
 * <pre>{@code
 * FixVerdict v = FixVerdicts.verify(new RateWindow(40, 5000), new RateWindow(12, 5200),
 *         VerdictPolicy.DEFAULT, 370.0);
 * v.verdict();   // EFFECTIVE
 * }</pre>
 */
public final class FixVerdicts {

    private FixVerdicts() {
    }

    /**
     * Compares the windows with the policy's {@code 1 - 2 alpha} interval and decides.
     *
     * @throws IllegalArgumentException if a window or the policy is null
     */
    public static FixVerdict verify(RateWindow before, RateWindow after, VerdictPolicy policy) {
        return decide(comparisonFor(before, after, policy), policy, OptionalDouble.empty());
    }

    /**
     * As {@link #verify(RateWindow, RateWindow, VerdictPolicy)}, also converting the needed
     * exposure into days at {@code afterResponsesPerDay}.
     *
     * @throws IllegalArgumentException if a window or the policy is null, or the traffic is not positive
     */
    public static FixVerdict verify(RateWindow before, RateWindow after, VerdictPolicy policy,
            double afterResponsesPerDay) {
        return decide(comparisonFor(before, after, policy), policy, OptionalDouble.of(afterResponsesPerDay));
    }

    /**
     * Decides on an existing comparison. The tests do not depend on the comparison's interval
     * level, but the reported interval matches the verdict only at {@code policy.confidenceLevel()}.
     *
     * @param afterResponsesPerDay after-window traffic, to express the need in days; may be empty
     * @throws IllegalArgumentException if an argument is null or the traffic is not positive
     */
    public static FixVerdict decide(RateComparison comparison, VerdictPolicy policy,
            OptionalDouble afterResponsesPerDay) {
        if (comparison == null || policy == null || afterResponsesPerDay == null) {
            throw new IllegalArgumentException("comparison, policy and traffic are required, got "
                    + comparison + ", " + policy + ", " + afterResponsesPerDay);
        }
        afterResponsesPerDay.ifPresent(FixVerdicts::requireTraffic);
        double alpha = policy.alpha();
        boolean reduced = comparison.pValueReduction() <= alpha;
        boolean bigEnough = comparison.rateRatio() <= policy.targetRatio();
        boolean minEffectRuledOut = comparison.pValueRatioAbove(policy.targetRatio()) <= alpha;
        boolean worse = comparison.pValueIncrease() <= alpha;
        double power = PoissonPower.currentPower(comparison.before(), comparison.after(), policy);
        if (reduced && bigEnough) {
            return decided(comparison, Verdict.EFFECTIVE, false, power, effectiveReason(comparison, policy));
        }
        if (minEffectRuledOut) {
            return decided(comparison, Verdict.NOT_EFFECTIVE, worse, power, notEffectiveReason(comparison, policy, worse));
        }
        OptionalLong needed = PoissonPower.additionalExposureNeeded(
                comparison.before(), comparison.after().exposure(), policy);
        OptionalLong days = OptionalLong.empty();
        if (needed.isPresent() && afterResponsesPerDay.isPresent()) {
            days = OptionalLong.of((long) Math.ceil(needed.getAsLong() / afterResponsesPerDay.getAsDouble()));
        }
        return new FixVerdict(comparison, Verdict.INCONCLUSIVE, false, power, needed, days,
                inconclusiveReason(comparison, policy, needed, days));
    }

    private static RateComparison comparisonFor(RateWindow before, RateWindow after, VerdictPolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("policy is required, got null");
        }
        return RateComparison.of(before, after, policy.confidenceLevel());
    }

    private static FixVerdict decided(RateComparison c, Verdict verdict, boolean worse, double power, String reason) {
        return new FixVerdict(c, verdict, worse, power, OptionalLong.of(0), OptionalLong.of(0), reason);
    }

    private static String effectiveReason(RateComparison c, VerdictPolicy policy) {
        return String.format(Locale.ROOT,
                "The rate fell %.1f %% (%s; one-sided p = %.2g): significant and at least the %.0f %% required.",
                c.reductionPct(), interval(c), c.pValueReduction(), policy.minEffect() * 100);
    }

    private static String notEffectiveReason(RateComparison c, VerdictPolicy policy, boolean worse) {
        if (worse) {
            return String.format(Locale.ROOT,
                    "The rate rose significantly (%s; one-sided p = %.2g for a rise): the fix did not help.",
                    interval(c), c.pValueIncrease());
        }
        return String.format(Locale.ROOT,
                "A reduction of %.0f %% or more is ruled out (%s): the fix did not work well enough.",
                policy.minEffect() * 100, interval(c));
    }

    private static String inconclusiveReason(RateComparison c, VerdictPolicy policy, OptionalLong needed,
            OptionalLong days) {
        String start = "Not enough data yet (" + interval(c) + "). ";
        String target = String.format(Locale.ROOT, "%.0f %% power to detect a %.0f %% reduction",
                policy.targetPower() * 100, policy.minEffect() * 100);
        if (c.before().occurrences() == 0) {
            return start + "The pattern did not occur before the fix, so there is no rate to reduce.";
        }
        if (needed.isEmpty()) {
            return start + "With " + c.before().occurrences() + " occurrences before the fix, no reasonable wait gives "
                    + target + "; compare against a longer before window.";
        }
        if (needed.getAsLong() == 0) {
            return start + "The windows already have " + target + "; the true effect is probably between none and that.";
        }
        String when = days.isPresent() ? " (about " + days.getAsLong() + " days)" : "";
        return start + "About " + needed.getAsLong() + " more responses after the fix" + when + " give " + target + ".";
    }

    private static String interval(RateComparison c) {
        return String.format(Locale.ROOT, "rate ratio %s, %.0f %% CI %s to %s",
                number(c.rateRatio()), c.confidenceLevel() * 100, number(c.ciLow()), number(c.ciHigh()));
    }

    private static String number(double value) {
        return Double.isInfinite(value) ? "unbounded" : String.format(Locale.ROOT, "%.3g", value);
    }

    private static void requireTraffic(double responsesPerDay) {
        if (!(responsesPerDay > 0 && responsesPerDay < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("after-window responses per day must be positive, got " + responsesPerDay);
        }
    }
}
