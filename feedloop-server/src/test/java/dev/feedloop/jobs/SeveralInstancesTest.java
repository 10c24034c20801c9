package dev.feedloop.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.capture.CaptureRules;
import dev.feedloop.store.postgres.PostgresStore;
import dev.feedloop.store.postgres.PostgresUrl;
import dev.feedloop.store.postgres.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two instances (two stores, two schedulers' jobs) on one PostgreSQL: each period's job runs once. */
class SeveralInstancesTest {
    static final Duration PERIOD = Duration.ofHours(1);
    static final Duration TTL = Duration.ofMinutes(2);

    /** A clock the test moves, shared by both instances. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-20T12:00:30Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final MovableClock clock = new MovableClock();
    private PostgresStore a;
    private PostgresStore b;
    private ScheduledExecutorService renewerA;
    private ScheduledExecutorService renewerB;

    @BeforeEach
    void open() {
        String url = TestPostgres.freshUrl();
        a = PostgresStore.open(PostgresUrl.parse(url, null), clock, CaptureRules.STANDARD);
        b = PostgresStore.open(PostgresUrl.parse(url, null), clock, CaptureRules.STANDARD);
        renewerA = Executors.newSingleThreadScheduledExecutor();
        renewerB = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void close() {
        renewerA.shutdownNow();
        renewerB.shutdownNow();
        a.close();
        b.close();
    }

    @Test
    void twoInstancesTickingTogether_runEachPeriodOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        LeasedJob onA = new LeasedJob("triage", PERIOD, a, "A", TTL, clock, runs::incrementAndGet, renewerA);
        LeasedJob onB = new LeasedJob("triage", PERIOD, b, "B", TTL, clock, runs::incrementAndGet, renewerB);
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            assertThat(onA.tick() || onB.tick()).as("the period the schedulers started in is not run").isFalse();
            for (int p = 0; p < 5; p++) {
                clock.advance(PERIOD);
                for (int check = 0; check < 3; check++) { // several checks per period, on both at once
                    Future<Boolean> x = both.submit(onA::tick);
                    Future<Boolean> y = both.submit(onB::tick);
                    x.get(30, TimeUnit.SECONDS);
                    y.get(30, TimeUnit.SECONDS);
                    clock.advance(Duration.ofMinutes(1));
                }
            }
        } finally {
            both.shutdownNow();
        }
        assertThat(runs.get()).isEqualTo(5);
    }

    @Test
    void killedInstanceMidJob_theOtherTakesOverAfterTheLeaseExpires() throws Exception {
        CountDownLatch aStarted = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        List<String> ranOn = new ArrayList<>();
        LeasedJob onA = new LeasedJob("verification", PERIOD, a, "A", TTL, clock, () -> {
            ranOn.add("A");
            aStarted.countDown();
            try {
                never.await(); // A hangs here, then dies: it never finishes the period
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("killed");
            }
        }, renewerA);
        LeasedJob onB = new LeasedJob("verification", PERIOD, b, "B", TTL, clock, () -> {
            ranOn.add("B");
            finished.incrementAndGet();
        }, renewerB);
        clock.advance(PERIOD);
        ExecutorService instanceA = Executors.newSingleThreadExecutor();
        try {
            instanceA.submit(onA::tick);
            assertThat(aStarted.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(onB.tick()).as("A's lease is live").isFalse();

            renewerA.shutdownNow(); // A is killed: no more renewals (closing a pool twice is harmless at teardown)
            a.close();
            clock.advance(TTL.plusSeconds(1));

            assertThat(onB.tick()).as("B takes over the period A left").isTrue();
            assertThat(onB.tick()).as("and runs it only once").isFalse();
        } finally {
            instanceA.shutdownNow();
        }
        assertThat(finished.get()).isEqualTo(1);
        assertThat(ranOn).containsExactly("A", "B");
    }
}
