package dev.feedloop.verify;

import dev.feedloop.stats.FixVerdict;
import dev.feedloop.store.PatternStatus;
import java.time.Instant;

/** One fix's verdict with the windows it compared; {@code method} is before_after or canary. */
public record VerifyResult(String patternId, String fixId, String method, Window before, Window after,
        FixVerdict verdict, PatternStatus patternStatus, String note) {

    /**
     * Whether both windows had traffic, so a change in rate can be stated at all; without it the
     * reduction, ratio, interval and p-value mean nothing and are not reported.
     */
    public boolean comparable() {
        return comparable(before, after);
    }

    /** Whether two windows both had traffic (see {@link #comparable()}). */
    static boolean comparable(Window before, Window after) {
        return before.responses() > 0 && after.responses() > 0;
    }

    /** A window (or, for a canary, a version's share of the shared days) with its counts. */
    public record Window(Instant from, Instant to, String promptVersion, long occurrences, long responses) {
        public double rate() {
            return responses == 0 ? 0 : (double) occurrences / responses;
        }
    }
}
