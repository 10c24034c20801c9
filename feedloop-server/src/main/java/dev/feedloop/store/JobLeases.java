package dev.feedloop.store;

import java.time.Duration;
import java.time.Instant;

/**
 * Leases on scheduled jobs, so that instances sharing one database run each period's job once. A
 * period is a number (the job's start time divided by its period); a holder claims the job for a
 * period, renews the lease while it works, and completes the period. A holder that dies stops
 * renewing: its lease expires and another instance claims the same period and runs it again.
 */
public interface JobLeases {
    /**
     * Claims {@code job}'s {@code period} for {@code holder} until {@code now + ttl}.
     *
     * @return false when that period (or a later one) is done, or another holder's lease is live
     */
    boolean claim(String job, long period, String holder, Instant now, Duration ttl);

    /**
     * Whether {@code period} was claimed and not completed, and its holder's lease has expired: a
     * holder died mid-job, and the period's run is owed.
     */
    boolean abandoned(String job, long period, Instant now);

    /** Extends the holder's lease; false when it has lost it (it expired and another claimed it). */
    boolean renew(String job, String holder, Instant now, Duration ttl);

    /** Marks the period done and ends the holder's lease. */
    void complete(String job, long period, String holder);

    /** Ends the holder's lease without completing the period (the job failed: the next turn retries). */
    void release(String job, String holder);
}
