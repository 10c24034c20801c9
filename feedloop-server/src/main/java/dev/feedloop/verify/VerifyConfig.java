package dev.feedloop.verify;

import dev.feedloop.stats.VerdictPolicy;
import java.time.Duration;

/**
 * How fixes are judged.
 *
 * @param window       length of the before and after windows (default 14 days)
 * @param settling     time after a deployment that belongs to neither window (caches, rollouts)
 * @param minCanaryDays days on which the fix's version and an older one both served, needed to judge a canary
 * @param minDailyResponses responses a version needs on a day for that day to count as shared
 * @param recurrenceWindow the recent window checked for a regression of a resolved pattern
 */
public record VerifyConfig(Duration window, Duration settling, int minCanaryDays, int minDailyResponses,
        Duration recurrenceWindow, VerdictPolicy policy) {
    public static final VerifyConfig DEFAULT = new VerifyConfig(Duration.ofDays(14), Duration.ofDays(1), 3, 20,
            Duration.ofDays(7), VerdictPolicy.DEFAULT);

    public VerifyConfig {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        if (settling.isNegative()) {
            throw new IllegalArgumentException("settling must not be negative, got " + settling);
        }
    }
}
