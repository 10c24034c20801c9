package dev.feedloop.jobs;

import dev.feedloop.store.JobLeases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A periodic job that runs once per period across every instance sharing the leases. Periods are
 * numbered from the epoch ({@code now / period}); the first one a scheduler runs is the one after
 * it started (as a fixed-rate schedule would), unless an instance that died left the current
 * period's run unfinished: then, once the dead holder's lease has expired, this instance runs it.
 * While the work runs, the lease is renewed every third of its time to live.
 */
final class LeasedJob {
    private static final Logger LOG = LoggerFactory.getLogger(LeasedJob.class);

    private final String name;
    private final Duration period;
    private final JobLeases leases;
    private final String holder;
    private final Duration ttl;
    private final Clock clock;
    private final Runnable work;
    private final ScheduledExecutorService renewer;
    private final long firstPeriod;

    LeasedJob(String name, Duration period, JobLeases leases, String holder, Duration ttl, Clock clock,
            Runnable work, ScheduledExecutorService renewer) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a job's period must be positive, got " + period);
        }
        this.name = name;
        this.period = period;
        this.leases = leases;
        this.holder = holder;
        this.ttl = ttl;
        this.clock = clock;
        this.work = work;
        this.renewer = renewer;
        this.firstPeriod = periodAt(clock.instant()) + 1;
    }

    long periodAt(Instant at) {
        return Math.floorDiv(at.toEpochMilli(), period.toMillis());
    }

    /**
     * Runs the work when this period's run is owed and no other instance holds it.
     *
     * @return true when this call ran the work
     */
    boolean tick() {
        Instant now = clock.instant();
        long current = periodAt(now);
        if (current < firstPeriod && !leases.abandoned(name, current, now)) {
            return false;
        }
        if (!leases.claim(name, current, holder, now, ttl)) {
            return false;
        }
        long every = Math.max(1, ttl.toMillis() / 3);
        ScheduledFuture<?> renewal = renewer.scheduleAtFixedRate(() -> {
            try {
                if (!leases.renew(name, holder, clock.instant(), ttl)) {
                    LOG.warn("{} lost its lease on period {}; another instance may run it too", name, current);
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot renew the lease of {}: {}", name, e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        boolean done = false;
        try {
            work.run();
            done = true;
        } finally {
            renewal.cancel(false);
            if (done) {
                leases.complete(name, current, holder);
            } else {
                leases.release(name, holder);
            }
        }
        return true;
    }

    String name() {
        return name;
    }
}
