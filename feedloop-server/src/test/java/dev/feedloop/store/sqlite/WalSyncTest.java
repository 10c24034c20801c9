package dev.feedloop.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WalSyncTest {
    /** Completes a future when its commit is flushed, or fails it. */
    private static WalSync.Pending pending(CompletableFuture<Boolean> done) {
        return new WalSync.Pending() {
            @Override
            public void durable() {
                done.complete(true);
            }

            @Override
            public void failed(IOException e) {
                done.complete(false);
            }
        };
    }

    @Test
    void aSlowFlushDoesNotHoldUpCommitsQueuedAfterIt() throws Exception {
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger flushes = new AtomicInteger();
        // whichever thread flushes first is slow: it waits for the latch
        WalSync.Barrier barrier = () -> {
            if (flushes.getAndIncrement() == 0) {
                slowStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        };
        WalSync sync = new WalSync(List.of(barrier, barrier));
        try {
            CompletableFuture<Boolean> first = new CompletableFuture<>();
            sync.afterCommit(pending(first));
            assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Boolean> second = new CompletableFuture<>();
            sync.afterCommit(pending(second));
            assertThat(second.get(5, TimeUnit.SECONDS)).isTrue(); // flushed by the idle thread
            assertThat(first).isNotDone();

            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
            sync.close();
        }
    }

    @Test
    void afterOneFlushFailsNoCommitIsConfirmedAgain() throws Exception {
        AtomicInteger flushes = new AtomicInteger();
        WalSync.Barrier barrier = () -> {
            if (flushes.getAndIncrement() == 0) {
                throw new IOException("disk gone");
            }
        };
        WalSync sync = new WalSync(List.of(barrier, barrier));
        try {
            CompletableFuture<Boolean> first = new CompletableFuture<>();
            sync.afterCommit(pending(first));
            assertThat(first.get(5, TimeUnit.SECONDS)).isFalse();
            assertThat(sync.healthy()).isFalse();
            for (int i = 0; i < 10; i++) { // whichever thread takes them
                CompletableFuture<Boolean> later = new CompletableFuture<>();
                sync.afterCommit(pending(later));
                assertThat(later.get(5, TimeUnit.SECONDS)).isFalse();
            }
        } finally {
            sync.close();
        }
    }

    @Test
    void closeFlushesEverythingQueuedAndStopsEveryThread() throws Exception {
        AtomicInteger confirmed = new AtomicInteger();
        WalSync sync = new WalSync(List.of(() -> { }, () -> { }, () -> { }));
        for (int i = 0; i < 1_000; i++) {
            sync.afterCommit(new WalSync.Pending() {
                @Override
                public void durable() {
                    confirmed.incrementAndGet();
                }

                @Override
                public void failed(IOException e) {
                }
            });
        }
        // close joins every thread: it returns only once each has taken a stop of its own
        assertTimeoutPreemptively(Duration.ofSeconds(10), sync::close);
        assertThat(confirmed.get()).isEqualTo(1_000);
    }
}
