package dev.feedloop.jobs;

import dev.feedloop.routing.Routing;
import dev.feedloop.store.CaptureStore;
import dev.feedloop.store.JobLeases;
import dev.feedloop.store.LocalJobLeases;
import dev.feedloop.triage.BackgroundEmbedder;
import dev.feedloop.triage.Triage;
import dev.feedloop.verify.Verifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's recurring work: embed new negatives as they arrive (so triage rarely waits for the
 * model), run triage over the last period, and re-verify recorded fixes. Each job runs on one
 * thread, one at a time; a failure is logged and the job runs again at its next turn.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    static final Duration EMBED_EVERY = Duration.ofSeconds(15);
    static final Duration CLOSE_WAIT = Duration.ofSeconds(60);
    static final Duration RETENTION_EVERY = Duration.ofDays(1);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "feedloop-jobs");
        t.setDaemon(true);
        return t;
    });
    private final CaptureStore store;
    private final Supplier<Triage> triage;
    private final Verifier verifier;
    private final BackgroundEmbedder embedder;
    private final Clock clock;
    /** Routing to tickets after triage and verification, and delivery of the outbox; null: none. */
    private volatile Routing routing;
    private Duration routeEvery = Duration.ZERO;
    private TextRetention retention;
    /** Who runs each period's job when several instances share the database; this process alone by default. */
    private JobLeases leases = new LocalJobLeases();
    private Duration leaseTtl = LEASE_TTL;
    private final String holder = "instance-" + java.util.UUID.randomUUID();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "feedloop-lease");
        t.setDaemon(true);
        return t;
    });
    /** How long a job's lease lasts without renewal: a dead instance's job is taken over after this. */
    static final Duration LEASE_TTL = Duration.ofMinutes(2);
    /** How often an instance looks whether a period's job is owed (at most; shorter periods look each period). */
    static final Duration CHECK_EVERY = Duration.ofMinutes(1);

    public Scheduler(CaptureStore store, Supplier<Triage> triage, Verifier verifier, BackgroundEmbedder embedder,
            Clock clock) {
        this.store = store;
        this.triage = triage;
        this.verifier = verifier;
        this.embedder = embedder;
        this.clock = clock;
    }

    /**
     * Routes patterns to tickets after each triage and verification, and delivers the outbox every
     * {@code every} (zero: only after those jobs). Call before {@link #start}.
     */
    public Scheduler withRouting(Routing given, Duration every) {
        this.routing = given;
        this.routeEvery = every;
        return this;
    }

    /**
     * Shares the jobs with the other instances on the same leases (a PostgreSQL store's): each
     * period's triage, verification and ticket delivery runs on one instance. Call before {@link #start}.
     */
    public Scheduler withLeases(JobLeases shared) {
        this.leases = shared;
        return this;
    }

    /** As {@link #withLeases}, with the time a lease lasts unrenewed (tests). */
    Scheduler withLeases(JobLeases shared, Duration ttl) {
        this.leases = shared;
        this.leaseTtl = ttl;
        return this;
    }

    /** Drops old raw text once a day (FEEDLOOP_RETAIN_TEXT_DAYS); null: keep it. Call before {@link #start}. */
    public Scheduler withRetention(TextRetention given) {
        this.retention = given;
        return this;
    }

    /** Starts the jobs; a zero period disables a job. */
    public Scheduler start(Duration triageEvery, Duration verifyEvery) {
        schedule("embedding", EMBED_EVERY, this::embedNew);
        if (!triageEvery.isZero()) {
            schedule("triage", triageEvery, () -> triageAll(triageEvery));
        }
        if (!verifyEvery.isZero()) {
            schedule("verification", verifyEvery, this::verifyAll);
        }
        if (retention != null) {
            schedule("retention", RETENTION_EVERY, () -> {
                var dropped = retention.run(false);
                LOG.info("retention: dropped the text of {} responses and {} feedback events before {}",
                        dropped.responses(), dropped.feedback(), retention.cutoff());
            });
        }
        if (routing != null && !routeEvery.isZero()) {
            schedule("ticket delivery", routeEvery, this::routeAll);
        }
        return this;
    }

    /** Looks every period (at most every {@link #CHECK_EVERY}) whether the job's run is owed here. */
    private void schedule(String name, Duration period, Runnable work) {
        LeasedJob job = new LeasedJob(name, period, leases, holder, leaseTtl, clock, work, renewer);
        long check = Math.max(1, Math.min(period.toMillis(), CHECK_EVERY.toMillis()));
        executor.scheduleWithFixedDelay(() -> guarded(name, job::tick), check, check, TimeUnit.MILLISECONDS);
    }

    void routeAll() {
        for (String project : store.projects()) {
            routing.route(project, null);
        }
    }

    void embedNew() {
        for (String project : store.projects()) {
            embedder.catchUp(project);
        }
    }

    void triageAll(Duration period) {
        Instant to = clock.instant();
        for (String project : store.projects()) {
            dev.feedloop.triage.TriageReport report = triage.get().run(project, to.minus(period), to,
                    Triage.Listener.NONE);
            if (routing != null) {
                routing.route(project, report);
            }
        }
    }

    void verifyAll() {
        Instant now = clock.instant();
        for (String project : store.projects()) {
            verifier.verify(project, null, now);
            if (routing != null) {
                routing.route(project, null);
            }
        }
    }

    private void guarded(String job, java.util.function.BooleanSupplier work) {
        try {
            work.getAsBoolean();
        } catch (java.util.concurrent.CancellationException e) {
            LOG.debug("scheduled {} stopped: {}", job, e.getMessage());
        } catch (RuntimeException e) {
            if (executor.isShutdown()) {
                // close() interrupted it mid-read: stopping, not failing
                LOG.debug("scheduled {} stopped by the shutdown: {}", job, e.getMessage());
                return;
            }
            LOG.error("scheduled {} failed; it will run again at its next turn", job, e);
        }
    }

    /**
     * Stops the jobs and waits for the one running to finish (at most {@link #CLOSE_WAIT}): the
     * embedding model and the store it uses are closed after this, and a job still inside the model
     * when it is closed would crash the process.
     */
    @Override
    public void close() {
        executor.shutdownNow();
        renewer.shutdownNow();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("a scheduled job is still running after {} s; closing anyway", CLOSE_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
