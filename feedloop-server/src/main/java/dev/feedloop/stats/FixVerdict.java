package dev.feedloop.stats;

import java.util.OptionalLong;

/**
 * A verdict on one fix with the numbers behind it: everything the verify JSON needs.
 *
 * <p>JSON mapping: {@code before/after.occurrences}, {@code responses} (= exposure) and
 * {@code rate} from {@link #comparison()}; {@code reduction_pct}, {@code rate_ratio},
 * {@code ci_low}, {@code ci_high} from the comparison (null when infinite); {@code p_value} =
 * {@link #pValue()}; {@code verdict} = {@code verdict().jsonName()}; optional extras
 * {@code worse}, {@code confidence_level}, {@code power}, {@code needed_additional_responses},
 * {@code needed_additional_days} (null when empty) and {@code reason}.
 *
 * @param comparison                the rate comparison, with the interval at the policy's level
 * @param verdict                   effective, not effective or inconclusive
 * @param worse                     the rate rose significantly (one-sided test at alpha); implies NOT_EFFECTIVE
 * @param power                     power of the current windows to detect a reduction of minEffect
 * @param neededAdditionalExposure  more after-window responses for the target power: 0 when the
 *                                  verdict is decided or the power is already there; empty when no
 *                                  reasonable wait reaches it (a longer before window is needed)
 * @param neededAdditionalDays      the same in days at the given after-window traffic; empty when
 *                                  the traffic was not given or the exposure is unreachable
 * @param reason                    one sentence a person can read, saying why
 */
public record FixVerdict(
        RateComparison comparison,
        Verdict verdict,
        boolean worse,
        double power,
        OptionalLong neededAdditionalExposure,
        OptionalLong neededAdditionalDays,
        String reason) {

    /**
     * @throws IllegalArgumentException for a null component, a power outside [0, 1], a negative
     *                                  need, or {@code worse} without NOT_EFFECTIVE
     */
    public FixVerdict {
        if (comparison == null || verdict == null || neededAdditionalExposure == null
                || neededAdditionalDays == null || reason == null) {
            throw new IllegalArgumentException("all components are required, got null in " + verdict + ", " + reason);
        }
        if (!(power >= 0 && power <= 1)) {
            throw new IllegalArgumentException("power must be in [0, 1], got " + power);
        }
        if (neededAdditionalExposure.orElse(0) < 0 || neededAdditionalDays.orElse(0) < 0) {
            throw new IllegalArgumentException("needs must be >= 0, got " + neededAdditionalExposure
                    + ", " + neededAdditionalDays);
        }
        if (worse && verdict != Verdict.NOT_EFFECTIVE) {
            throw new IllegalArgumentException("worse implies NOT_EFFECTIVE, got " + verdict);
        }
    }

    /** The p-value of the question asked, "did the rate fall?": one-sided, H1: RR &lt; 1. */
    public double pValue() {
        return comparison.pValueReduction();
    }

    /** Observed reduction in percent; see {@link RateComparison#reductionPct()}. */
    public double reductionPct() {
        return comparison.reductionPct();
    }

    /** After/before rate ratio; see {@link RateComparison#rateRatio()}. */
    public double rateRatio() {
        return comparison.rateRatio();
    }

    /** Lower bound of the rate ratio's interval. */
    public double ciLow() {
        return comparison.ciLow();
    }

    /** Upper bound of the rate ratio's interval; +Infinity when unbounded. */
    public double ciHigh() {
        return comparison.ciHigh();
    }
}
