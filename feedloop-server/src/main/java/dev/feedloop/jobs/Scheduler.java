package dev.feedloop.jobs;

import dev.feedloop.routing.Routing;
import dev.feedloop.store.CaptureStore;
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

    /** Starts the jobs; a zero period disables a job. */
    public Scheduler start(Duration triageEvery, Duration verifyEvery) {
        executor.scheduleWithFixedDelay(() -> guarded("embedding", this::embedNew), EMBED_EVERY.toSeconds(),
                EMBED_EVERY.toSeconds(), TimeUnit.SECONDS);
        if (!triageEvery.isZero()) {
            executor.scheduleAtFixedRate(() -> guarded("triage", () -> triageAll(triageEvery)),
                    triageEvery.toSeconds(), triageEvery.toSeconds(), TimeUnit.SECONDS);
        }
        if (!verifyEvery.isZero()) {
            executor.scheduleAtFixedRate(() -> guarded("verification", this::verifyAll), verifyEvery.toSeconds(),
                    verifyEvery.toSeconds(), TimeUnit.SECONDS);
        }
        if (routing != null && !routeEvery.isZero()) {
            executor.scheduleWithFixedDelay(() -> guarded("ticket delivery", this::routeAll), routeEvery.toSeconds(),
                    routeEvery.toSeconds(), TimeUnit.SECONDS);
        }
        return this;
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

    private static void guarded(String job, Runnable work) {
        try {
            work.run();
        } catch (java.util.concurrent.CancellationException e) {
            LOG.debug("scheduled {} stopped: {}", job, e.getMessage());
        } catch (RuntimeException e) {
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
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("a scheduled job is still running after {} s; closing anyway", CLOSE_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
