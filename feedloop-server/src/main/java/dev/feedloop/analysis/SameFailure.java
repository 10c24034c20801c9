package dev.feedloop.analysis;

/**
 * The analyst's opinion on whether two patterns are one failure: a proposal to merge, which a
 * person confirms; it is never applied by itself.
 *
 * @param same   whether the two look like the same failure
 * @param reason why, at most {@value #REASON_MAX} characters
 */
public record SameFailure(boolean same, String reason) {
    public static final int REASON_MAX = 300;

    /** @throws IllegalArgumentException for a blank or over-long reason */
    public SameFailure {
        Analysis.check("reason", reason, REASON_MAX);
    }
}
